"""Mixing in time: time-stamped contacts, their windows, and mixing over time.

* :class:`Contacts` holds the records ``(t, i, j, duration)`` with the node table and the
  time zone; :meth:`Contacts.window` and :meth:`Contacts.to_graph` give any window's
  records or graph without reading the files again.
* :func:`from_events`, :func:`read_contacts_timeline` and :func:`load_contacts` build it
  from event tables, SocioPatterns files and the bundled data sets.
"""

from .contacts import Contacts
from .read import from_events, load_contacts, read_contacts_timeline
from .windows import Window

__all__ = ["Contacts", "Window", "from_events", "load_contacts", "read_contacts_timeline"]
