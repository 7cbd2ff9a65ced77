"""Mixing in time: time-stamped contacts, their windows, and mixing over time.

* :class:`Contacts` holds the records ``(t, i, j, duration)`` with the node table and the
  time zone; :meth:`Contacts.window` and :meth:`Contacts.to_graph` give any window's
  records or graph without reading the files again.
* :func:`from_events`, :func:`read_contacts_timeline` and :func:`load_contacts` build it
  from event tables, SocioPatterns files and the bundled data sets.
* :func:`mixing_over_time` gives a mixing statistic and its interval in each calendar or
  sliding window, and the profile over the day (:class:`MixingOverTime`).
* :func:`contact_events`, :func:`duration_distributions`, :func:`intercontact_times` and
  :func:`tie_persistence` compare within- and between-group pairs in time.
* :data:`TEMPORAL_NULL_MODELS` (:mod:`netmix.temporal.nulls`): reference models named as in
  Gauvin et al. (2022), usable by :func:`netmix.permutation_test` on a :class:`Contacts`.
"""

from .contacts import Contacts
from .durations import (
    DurationTestResult,
    contact_events,
    duration_distributions,
    intercontact_times,
)
from .nulls import (
    TEMPORAL_NULL_MODELS,
    TemporalNullModel,
    link_shuffling,
    random_times,
    timestamp_shuffling,
    timestamp_shuffling_within_days,
    topology_link_shuffling,
)
from .over_time import mixing_over_time
from .permutation import TEMPORAL_STATISTICS
from .persistence import TiePersistenceResult, tie_persistence
from .read import from_events, load_contacts, read_contacts_timeline
from .result import MixingOverTime
from .windows import Window

__all__ = ["TEMPORAL_NULL_MODELS", "TEMPORAL_STATISTICS", "Contacts", "DurationTestResult",
           "MixingOverTime", "TemporalNullModel", "TiePersistenceResult", "Window",
           "contact_events", "duration_distributions", "from_events", "intercontact_times",
           "link_shuffling", "load_contacts", "mixing_over_time", "random_times",
           "read_contacts_timeline", "tie_persistence", "timestamp_shuffling",
           "timestamp_shuffling_within_days", "topology_link_shuffling"]
