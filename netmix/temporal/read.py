"""Build a :class:`~netmix.temporal.Contacts` from event tables, SocioPatterns files and the
bundled SocioPatterns data sets.

The files are read by :mod:`netmix.io`'s readers (one missing-value policy, ids as text),
the node table is indexed as :func:`netmix.from_contacts` indexes it, and the ``Ci``/``Cj``
classes of a five-column SocioPatterns file become the node attribute ``class`` as there.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

import pandas as pd

from .._validation import check_choice
from .contacts import Contacts

__all__ = ["DATASETS", "from_events", "load_contacts", "read_contacts_timeline"]


def from_events(
    events: pd.DataFrame,
    nodes: pd.DataFrame | None = None,
    *,
    time: Any = "t",
    source: Any = "i",
    target: Any = "j",
    duration: Any = None,
    resolution: float = 20,
    directed: bool = False,
    tz: str = "UTC",
    origin: Any = None,
    self_loops: str = "error",
    add_missing_nodes: bool = False,
    class_attr: str = "class",
) -> Contacts:
    """Contacts from an event table: one row per record (time, the two people, duration).

    Parameters
    ----------
    events : pandas.DataFrame
        Columns ``time``, ``source``, ``target`` and optionally ``duration``; a SocioPatterns
        table with ``Ci``, ``Cj`` gives the node attribute ``class_attr``.
    nodes : pandas.DataFrame, optional
        Node table indexed by id (default: the people seen in ``events``).
    time : column label, default "t"
        Unix seconds, seconds since ``origin``, or date-times (naive ones are local times
        in ``tz``). The time is the end of the record's interval (SocioPatterns).
    source, target : column labels, default "i", "j"
    duration : column label, optional
        Seconds of contact of each record (default ``resolution`` each).
    resolution : float, default 20
    directed : bool, default False
    tz : str, default "UTC"
        IANA time zone of the place (``"Europe/Paris"`` for the French SocioPatterns data):
        days and hours are cut in it.
    origin : date-time, optional
        When the times count seconds from a local date-time (SocioPatterns' primary school
        and workplace files count from midnight of the first day).
    self_loops : {"error", "drop"}, default "error"
    add_missing_nodes : bool, default False
        Add people absent from ``nodes`` instead of raising.
    class_attr : str, default "class"

    Returns
    -------
    Contacts

    Examples
    --------
    >>> import pandas as pd
    >>> events = pd.DataFrame({"time": pd.to_datetime(["2013-12-02 09:00:20",
    ...                                                 "2013-12-02 09:00:40"]),
    ...                        "a": ["x", "y"], "b": ["y", "z"]})
    >>> c = from_events(events, time="time", source="a", target="b", tz="Europe/Paris")
    >>> c.t.tolist(), c.start
    ([1385971220, 1385971240], Timestamp('2013-12-02 09:00:20+0100', tz='Europe/Paris'))
    """
    return Contacts.from_events(
        events, nodes, time=time, source=source, target=target, duration=duration,
        resolution=resolution, directed=directed, tz=tz, origin=origin, self_loops=self_loops,
        add_missing_nodes=add_missing_nodes, class_attr=class_attr)


def read_contacts_timeline(
    contacts: str | os.PathLike,
    metadata: str | os.PathLike | None = None,
    *,
    metadata_columns: Sequence[str] | None = None,
    na_values: Sequence[str] | None = None,
    **options: Any,
) -> Contacts:
    """Read SocioPatterns files into a :class:`Contacts` (records kept, not aggregated).

    The same files :func:`netmix.read_sociopatterns` aggregates into one graph; here every
    record is kept with its time, so that the graph of any window can be built later.

    Parameters
    ----------
    contacts : path-like
        ``t i j`` or ``t i j Ci Cj`` file (:func:`netmix.io.read_contacts`).
    metadata : path-like, optional
        ``i attr...`` file (:func:`netmix.io.read_metadata`).
    metadata_columns, na_values
        As for :func:`netmix.read_sociopatterns`.
    **options
        Passed to :func:`from_events` (``tz``, ``origin``, ``resolution``, ``directed``,
        ``self_loops``, ``add_missing_nodes``).

    Examples
    --------
    >>> import netmix
    >>> paths = netmix.datasets.example_paths()
    >>> c = read_contacts_timeline(paths["contacts"], paths["metadata"],
    ...                            metadata_columns=["department"])
    >>> g = c.to_graph(36000, 39600)  # the hour of read_sociopatterns' example
    >>> int(g.edges["duration"].sum())
    44280
    """
    return Contacts.from_sociopatterns(contacts, metadata, metadata_columns=metadata_columns,
                                       na_values=na_values, **options)


#: Files, time zone and time origin of each bundled data set. The primary school and the
#: workplace files count seconds from midnight of their first day: Thursday 1 October 2009
#: (Stehle et al. 2011) and Monday 24 June 2013 (Genois et al. 2015; the records' days 5 and
#: 6 are empty, a weekend); the high school file holds Unix times.
DATASETS: dict[str, dict[str, Any]] = {
    "primaryschool_2009": {"contacts": "primaryschool.csv",
                           "metadata": "metadata_primaryschool.txt",
                           "columns": ["class", "gender"], "origin": "2009-10-01"},
    "highschool_2013": {"contacts": "High-School_data_2013.csv",
                        "metadata": "metadata_2013.txt", "columns": ["class", "gender"],
                        "origin": None},
    "workplace_2013": {"contacts": "tij_InVS.dat", "metadata": "metadata_InVS13.txt",
                       "columns": ["department"], "origin": "2013-06-24"},
}


def load_contacts(dataset: str, *, download: bool = True, **options: Any) -> Contacts:
    """The records of a SocioPatterns data set as a :class:`Contacts` (time zone Paris).

    The same official files as :func:`netmix.datasets.load_primaryschool_2009`,
    :func:`~netmix.datasets.load_highschool_2013` (sensor layer) and
    :func:`~netmix.datasets.load_workplace_2013`, found the same way (``NETMIX_DATA_DIR``,
    the cache, or a verified download); ``contacts.to_graph()`` has those loaders' edges.

    Parameters
    ----------
    dataset : {"primaryschool_2009", "highschool_2013", "workplace_2013"}
    download : bool, default True
    **options
        Passed to :func:`read_contacts_timeline` (``tz`` and ``origin`` override the
        defaults in :data:`DATASETS`).

    Examples
    --------
    >>> c = load_contacts("primaryschool_2009", download=False)
    >>> len(c), [str(day.start.date()) for day in c.days()]
    (125773, ['2009-10-01', '2009-10-02'])
    """
    from ..datasets._fetch import locate

    check_choice("dataset", dataset, tuple(DATASETS))
    spec = DATASETS[dataset]
    options.setdefault("tz", "Europe/Paris")
    options.setdefault("origin", spec["origin"])
    c = read_contacts_timeline(locate(dataset, spec["contacts"], download=download),
                               locate(dataset, spec["metadata"], download=download),
                               metadata_columns=spec["columns"], **options)
    return c._with_record({"step": "dataset", "name": dataset}, first=True)
