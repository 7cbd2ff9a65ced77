"""SocioPatterns contact data sets: workplace 2013, high school 2013, primary school 2009.

Each loader looks for the official files in ``NETMIX_DATA_DIR``, then in the user cache,
then downloads them (pooch, SHA-256 verified). The loaders read the files with
:mod:`netmix.io`'s readers and their one missing-value policy
(:data:`netmix.io.MISSING_TOKENS`: SocioPatterns' ``Unknown`` and ``Unkn`` genders are
missing values, never a group; pass ``na_values=...`` to change it), so a loader and the
reader on the same files give the same graph. People listed in the metadata who have no
contact in the records kept are left out of the graph (``isolates="drop"``, counted in the
provenance), which gives the networks as published; pass ``isolates="keep"`` to keep them.
"""

from __future__ import annotations

from typing import Any

from .._validation import check_choice
from ..graph import SocialGraph
from ..io.sociopatterns import read_diary_network, read_sociopatterns
from ._fetch import locate

__all__ = ["load_highschool_2013", "load_primaryschool_2009", "load_workplace_2013"]


def _cite(graph: SocialGraph, dataset: str, citation: str) -> SocialGraph:
    return graph.with_provenance({"step": "dataset", "name": dataset, "citation": citation},
                                 first=True)


WORKPLACE_CITATION = (
    "Génois M., Vestergaard C. L., Fournet J., Panisson A., Bonmarin I., Barrat A. (2015). "
    "Data on face-to-face contacts in an office building suggest a low-cost vaccination "
    "strategy based on community linkers. Network Science 3(3):326-347. "
    "doi:10.1017/nws.2015.10")
HIGHSCHOOL_CITATION = (
    "Mastrandrea R., Fournet J., Barrat A. (2015). Contact patterns in a high school: a "
    "comparison between data collected using wearable sensors, contact diaries and "
    "friendship surveys. PLoS ONE 10(9): e0136497. doi:10.1371/journal.pone.0136497")
PRIMARYSCHOOL_CITATION = (
    "Stehlé J. et al. (2011). High-resolution measurements of face-to-face contact patterns "
    "in a primary school. PLoS ONE 6(8): e23176. doi:10.1371/journal.pone.0023176; "
    "Gemmetto V., Barrat A., Cattuto C. (2014). Mitigation of infectious disease at school: "
    "targeted class closure vs school closure. BMC Infectious Diseases 14:695.")


def load_workplace_2013(*, download: bool = True, **options: Any) -> SocialGraph:
    """Face-to-face contacts in an office building (InVS, France, 2013).

    92 people in 5 departments (node attribute ``department``), 9,827 contact records at
    20 s resolution, aggregated into 755 weighted edges.

    Parameters
    ----------
    download : bool, default True
        Download the official files into the cache when they are not found locally.
    **options
        Passed to :func:`netmix.from_contacts` (``start``, ``end``, ``min_duration``, ...).

    Notes
    -----
    Cite: Génois M., Vestergaard C. L., Fournet J., Panisson A., Bonmarin I., Barrat A.
    (2015). Data on face-to-face contacts in an office building suggest a low-cost
    vaccination strategy based on community linkers. Network Science 3(3):326-347.
    doi:10.1017/nws.2015.10

    Examples
    --------
    With the files in ``NETMIX_DATA_DIR`` (or the cache), without downloading:

    >>> g = load_workplace_2013(download=False)
    >>> g.n_nodes, g.n_edges
    (92, 755)
    >>> g.nodes["department"].value_counts().to_dict()
    {'DSE': 34, 'DMCT': 26, 'DISQ': 15, 'SRH': 13, 'SFLE': 4}
    """
    options.setdefault("isolates", "drop")
    g = read_sociopatterns(
        locate("workplace_2013", "tij_InVS.dat", download=download),
        locate("workplace_2013", "metadata_InVS13.txt", download=download),
        metadata_columns=["department"], **options)
    return _cite(g, "workplace_2013", WORKPLACE_CITATION)


def load_highschool_2013(layer: str = "sensor", *, download: bool = True, **options: Any
                         ) -> SocialGraph:
    """A French high school (Lycée Thiers, Marseille, December 2013).

    Parameters
    ----------
    layer : {"sensor", "diary"}
        ``"sensor"``: 188,508 contact records of 327 students in 9 classes aggregated into
        5,818 weighted undirected edges. ``"diary"``: the 502 directed contact-diary reports
        (edge attribute ``duration_code``, 1: at most 5 min, 2: 5-15 min, 3: 15 min-1 h,
        4: over 1 h) among 120 students.
    download : bool, default True
    **options
        Passed to :func:`netmix.from_contacts` (sensor) or :func:`netmix.from_edges` (diary).

    Notes
    -----
    Node attributes ``class`` and ``gender`` (``F``/``M``; ``Unknown`` becomes missing, as
    every reader's default :data:`netmix.io.MISSING_TOKENS` says). The diary layer is
    :func:`netmix.io.read_diary_network` on the official diary and metadata files: its
    nodes are the 120 people of the diary file (119 who reported, 1 only reported), not the
    329 of the metadata.
    Cite: Mastrandrea R., Fournet J., Barrat A. (2015). Contact patterns in a high school:
    a comparison between data collected using wearable sensors, contact diaries and
    friendship surveys. PLoS ONE 10(9): e0136497. doi:10.1371/journal.pone.0136497

    Examples
    --------
    >>> sensor = load_highschool_2013("sensor", download=False)
    >>> sensor.n_nodes, sensor.n_edges, sensor.directed
    (327, 5818, False)
    >>> diary = load_highschool_2013("diary", download=False)
    >>> diary.n_nodes, diary.n_edges, diary.directed
    (120, 502, True)
    """
    check_choice("layer", layer, ("sensor", "diary"))
    meta = locate("highschool_2013", "metadata_2013.txt", download=download)
    options.setdefault("isolates", "drop")
    if layer == "sensor":
        g = read_sociopatterns(
            locate("highschool_2013", "High-School_data_2013.csv", download=download), meta,
            metadata_columns=["class", "gender"], **options)
    else:
        g = read_diary_network(
            locate("highschool_2013", "Contact-diaries-network_data_2013.csv",
                   download=download), meta, metadata_columns=["class", "gender"], **options)
    return _cite(g, f"highschool_2013/{layer}", HIGHSCHOOL_CITATION)


def load_primaryschool_2009(*, download: bool = True, **options: Any) -> SocialGraph:
    """A primary school in Lyon (October 2009): 232 children in 10 classes and 10 teachers.

    125,773 contact records over two days aggregated into 8,317 weighted edges among 242
    people. Node attributes ``class`` (``1A`` ... ``5B``, ``Teachers``) and ``gender``
    (``Unkn`` becomes missing, as every reader's default :data:`netmix.io.MISSING_TOKENS`
    says).

    Notes
    -----
    Cite: Stehlé J. et al. (2011). High-resolution measurements of face-to-face contact
    patterns in a primary school. PLoS ONE 6(8): e23176. doi:10.1371/journal.pone.0023176;
    and Gemmetto V., Barrat A., Cattuto C. (2014). Mitigation of infectious disease at
    school: targeted class closure vs school closure. BMC Infectious Diseases 14:695.

    Examples
    --------
    >>> g = load_primaryschool_2009(download=False)
    >>> g.n_nodes, g.n_edges, g.nodes["class"].nunique()
    (242, 8317, 11)
    """
    options.setdefault("isolates", "drop")
    g = read_sociopatterns(
        locate("primaryschool_2009", "primaryschool.csv", download=download),
        locate("primaryschool_2009", "metadata_primaryschool.txt", download=download),
        metadata_columns=["class", "gender"], **options)
    return _cite(g, "primaryschool_2009", PRIMARYSCHOOL_CITATION)
