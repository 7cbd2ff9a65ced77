"""Mixing in time: time-stamped contacts, their windows, and mixing over time.

* :class:`Contacts` holds the records ``(t, i, j, duration)`` with the node table and the
  time zone; :meth:`Contacts.window` and :meth:`Contacts.to_graph` give any window's
  records or graph without reading the files again.
* :func:`from_events`, :func:`read_contacts_timeline` and :func:`load_contacts` build it
  from event tables, SocioPatterns files and the bundled data sets.
* :func:`mixing_over_time` gives a mixing statistic and its interval in each calendar or
  sliding window, and the profile over the day (:class:`MixingOverTime`).
"""

from .contacts import Contacts
from .over_time import mixing_over_time
from .read import from_events, load_contacts, read_contacts_timeline
from .result import MixingOverTime
from .windows import Window

__all__ = ["Contacts", "MixingOverTime", "Window", "from_events", "load_contacts",
           "mixing_over_time", "read_contacts_timeline"]
