"""Detected communities against known groups (departments, classes): scores and a test."""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from .._format import format_number, pvalue_phrase
from .._results import ResultMixin
from .._validation import (
    check_choice,
    check_positive,
    first_items,
    fresh_seed,
    rng_from_seed,
)
from ..core import GroupCodes, group_codes
from ..exceptions import DegenerateMixingWarning, InputError
from ..graph import SocialGraph, as_social_graph
from ._nulls import null_pvalue, permutation_null, rewire_null
from ._rng import resolve_seed
from .detect import (
    Partition,
    detect_communities,
)
from .scores import compare_partitions, contingency, table_ari, table_nmi

__all__ = ["CommunityGroupsResult", "communities_vs_groups", "contingency_table",
           "majority_groups"]

_STATS = {"nmi": table_nmi, "ari": table_ari}


@dataclass(frozen=True, eq=False)
class CommunityGroupsResult(ResultMixin):
    """How closely communities follow groups, and whether more than chance.

    Unpacks to ``statistic, pvalue``.

    Attributes
    ----------
    statistic : float
        The tested score (``statistic_name``: ``"nmi"`` or ``"ari"``).
    pvalue : float
        :math:`(b + 1)/(m + 1)`, ``b`` the null scores at least as extreme (see
        ``alternative``) among ``m = n_resamples``.
    statistic_name, null, alternative : str
    n_resamples : int
    seed : int or None
        The seed used: drawn (and recorded here) when ``seed=None`` was given.
    null_mean, null_sd : float
        Mean and standard deviation of the null scores.
    nmi, ari, ami, homogeneity, completeness, v_measure : float
        scikit-learn's scores, groups as the reference (see :func:`compare_partitions`).
    purity : float
        Share of nodes in their community's majority group.
    n_communities, n_groups, n_nodes : int
        Communities, groups and nodes compared (nodes with a group, and with contacts
        unless ``isolates="include"``).
    isolates : str
        How people without contacts were treated: ``"exclude"`` (left out) or
        ``"include"``.
    n_isolates_excluded : int
        People without contacts (with a group) left out of the comparison; 0 with
        ``isolates="include"``.
    groups : str or None
        The node attribute compared.
    method : str
        How the communities were found.
    weight : str or None
    null_distribution : numpy.ndarray
    contingency : pandas.DataFrame
        Community-by-group counts of nodes.
    majority : pandas.DataFrame
        Per community: size, majority group, its share, number of groups present.
    partition : Partition
    """

    statistic: float
    pvalue: float
    statistic_name: str
    null: str
    alternative: str
    n_resamples: int
    seed: Any
    null_mean: float
    null_sd: float
    nmi: float
    ari: float
    ami: float
    homogeneity: float
    completeness: float
    v_measure: float
    purity: float
    n_communities: int
    n_groups: int
    n_nodes: int
    isolates: str
    n_isolates_excluded: int
    groups: str | None
    method: str
    weight: str | None
    null_distribution: np.ndarray
    contingency: pd.DataFrame
    majority: pd.DataFrame
    partition: Partition

    _title = "Communities vs groups"

    def __repr__(self) -> str:
        left = (f"; {self.n_isolates_excluded} without contacts left out"
                if self.n_isolates_excluded else "")
        return (f"<CommunityGroupsResult: {self.statistic_name} = "
                f"{format_number(self.statistic)}, {pvalue_phrase(self.pvalue, self.n_resamples)}"
                f" ({self.null} null, {self.n_resamples:,} resamples{left})>")


def _as_partition(graph: SocialGraph, partition: Any, weight: str | None) -> Partition:
    if isinstance(partition, Partition):
        if len(partition.membership) != graph.n_nodes or \
                not partition.membership.index.equals(graph.node_ids):
            raise InputError("partition must be a Partition of this graph's nodes (same ids in "
                             "the same order); detect it on this graph.")
        return partition
    return Partition.from_labels(graph, partition, weight=weight)


def contingency_table(graph: SocialGraph, groups: Any, partition: Any, *,
                      missing: str = "raise", isolates: str = "exclude") -> pd.DataFrame:
    """Community-by-group counts of nodes (rows: communities; columns: groups).

    People without contacts are left out by default (``isolates="exclude"``), and so are
    the communities made of them only (an isolate's one-person community is not a detected
    community); ``isolates="include"`` counts them. ``attrs["n_isolates_excluded"]`` says
    how many were left out. See :func:`communities_vs_groups`.

    Examples
    --------
    >>> import netmix
    >>> from netmix.communities import contingency_table
    >>> g = netmix.SocialGraph(netmix.datasets.load_example().nodes.head(4), [0, 2], [1, 3])
    >>> contingency_table(g, "department", [0, 0, 1, 1]).to_numpy().tolist()
    [[2], [2]]
    """
    graph = as_social_graph(graph)
    check_choice("isolates", isolates, ("exclude", "include"))
    part = _as_partition(graph, partition, None)
    gc = group_codes(graph, groups, missing=missing)
    sel = _selection(graph, part, gc, isolates)
    table = sel.table
    table.attrs["n_isolates_excluded"] = sel.n_excluded
    return table


@dataclass(frozen=True)
class _Selected:
    """The nodes and communities a comparison uses.

    ``valid``: nodes compared (with a group; with contacts unless isolates are included);
    ``cc`` / ``gg``: their dense community and group codes; ``table``: the contingency
    table over the communities kept (those with a node other than excluded isolates)."""

    valid: np.ndarray
    cc: np.ndarray
    gg: np.ndarray
    table: pd.DataFrame
    n_excluded: int


def _compared(graph: SocialGraph, gc: GroupCodes, isolates: str) -> tuple[np.ndarray, int]:
    """Mask of the nodes compared and the number of people without contacts left out;
    raises when fewer than two nodes are left."""
    valid = gc.codes >= 0
    n_excluded = 0
    if isolates == "exclude":
        contact = graph.has_contacts.to_numpy()
        n_excluded = int(np.count_nonzero(valid & ~contact))
        valid &= contact
    if valid.sum() < 2:
        what = "with a group and with contacts" if isolates == "exclude" else "with a group"
        raise InputError(
            f"groups: only {int(valid.sum())} node(s) {what} are left to compare "
            f"({gc.n_missing} without a group, {n_excluded} without contacts left out); a "
            "comparison of partitions needs at least 2. Choose another groups column, or "
            "pass isolates='include' to count people without contacts.")
    return valid, n_excluded


def _selection(graph: SocialGraph, part: Partition, gc: GroupCodes, isolates: str
               ) -> _Selected:
    valid, n_excluded = _compared(graph, gc, isolates)
    rows = np.ones(part.n_communities, dtype=bool)
    if isolates == "exclude":
        # communities made of people without contacts only are no detected communities
        contact = graph.has_contacts.to_numpy()
        iso = np.bincount(part.codes[~contact], minlength=part.n_communities)
        rows = iso < part.sizes.to_numpy()
    dense = np.cumsum(rows) - 1
    cc = dense[part.codes[valid]].astype(np.int64)
    gg = gc.codes[valid].astype(np.int64)
    kc, kg = int(rows.sum()), len(gc.labels)
    table = pd.DataFrame(contingency(cc, gg, kc, kg), index=part.sizes.index[rows],
                         columns=gc.labels.rename(gc.name or "group"))
    return _Selected(valid, cc, gg, table, n_excluded)


def _table(part: Partition, gc: GroupCodes) -> pd.DataFrame:
    valid = gc.codes >= 0
    t = contingency(part.codes[valid], gc.codes[valid], part.n_communities, len(gc.labels))
    return pd.DataFrame(t, index=part.sizes.index,
                        columns=gc.labels.rename(gc.name or "group"))


def majority_groups(table: pd.DataFrame) -> pd.DataFrame:
    """Per community (row of a contingency table): size, majority group and its share.

    Examples
    --------
    >>> import pandas as pd
    >>> from netmix.communities import majority_groups
    >>> t = pd.DataFrame([[3, 1], [0, 2]], columns=["a", "b"])
    >>> majority_groups(t)
       size majority_group  majority_share  n_groups
    0     4              a            0.75         2
    1     2              b            1.00         1
    """
    counts = table.to_numpy()
    size = counts.sum(axis=1)
    top = counts.argmax(axis=1) if counts.shape[1] else np.zeros(len(counts), int)
    share = np.divide(counts.max(axis=1, initial=0), size, out=np.full(size.shape, np.nan),
                      where=size > 0)
    return pd.DataFrame({"size": size, "majority_group": table.columns.take(top),
                         "majority_share": share, "n_groups": (counts > 0).sum(axis=1)},
                        index=table.index)


def communities_vs_groups(
    graph: SocialGraph,
    groups: Any,
    partition: Any = None,
    *,
    method: str = "leiden",
    weight: str | None = None,
    statistic: str = "nmi",
    null: str = "permutation",
    n_resamples: int = 999,
    alternative: str = "greater",
    seed: Any = None,
    missing: str = "raise",
    isolates: str = "exclude",
    n_swaps: int | None = None,
    **detect_options: Any,
) -> CommunityGroupsResult:
    r"""Compare communities with groups, and test whether they align more than by chance.

    Scores (scikit-learn; groups are the reference): NMI (Danon et al. 2005, eq. 2), ARI,
    AMI, homogeneity, completeness; the community-by-group contingency table; the share of
    each community in its majority group. The test compares ``statistic`` with a null:

    * ``"permutation"``: the groups are shuffled over the nodes, communities kept. This
      asks whether communities and groups share more information than labels of the same
      sizes at random. (Under it, AMI's expectation is 0 and AMI is a monotone function of
      NMI, so testing NMI tests AMI too.) Vectorised: batches of permuted contingency tables
      from one ``bincount``.
    * ``"rewire"``: degree-preserving rewiring (Maslov & Sneppen 2002, igraph's
      :meth:`~igraph.Graph.rewire`, ``n_swaps`` trials, default 10 per edge), then
      communities are detected again on each rewired graph with the same method and
      parameters. This asks whether the alignment exceeds what the degrees alone produce.
      With ``weight``, the weights are dealt out at random over the rewired edges (degrees
      and the weight distribution are kept, strengths are not). It costs one detection per
      resample: use a few hundred resamples.

    Parameters
    ----------
    graph : SocialGraph
    groups : str, mapping, Series or array
        Node attribute name or one group per node.
    partition : Partition or labels, optional
        Communities to compare; detected with ``method`` (and ``detect_options``, e.g.
        ``resolution``) when omitted.
    method : str, default "leiden"
    weight : str, optional
        Used for detection (when ``partition`` is omitted).
    statistic : {"nmi", "ari"}, default "nmi"
    null : {"permutation", "rewire"}, default "permutation"
    n_resamples : int, default 999
    alternative : {"greater", "less", "two-sided"}, default "greater"
        "greater": is the alignment larger than under the null (the question asked here, so
        the default differs from netmix's usual "two-sided"). "two-sided" doubles the
        smaller one-sided p-value (capped at 1).
    seed : None, int, SeedSequence or Generator
        Seeds the detection (when needed) and the null.
    missing : {"raise", "drop"}
        Nodes without a group raise, or are left out of the comparison.
    isolates : {"exclude", "include"}, default "exclude"
        People without contacts (no tie to anyone else) are left out of the comparison,
        and so are the communities made of them only: every detection method puts an
        isolate in a one-person community of its own, which is no detected community, and
        counting them inflates NMI (15 such people on the SocioPatterns 2015 workplace data
        became 15 one-person communities). With "exclude" the scores equal those of the
        graph without them (tested). The result counts them (``n_isolates_excluded``).
        "include" compares every node with a group.
    n_swaps : int, optional
        Rewiring trials per resample.

    Returns
    -------
    CommunityGroupsResult

    Notes
    -----
    The scores are scikit-learn's; the vectorised NMI and ARI of the null give the same
    values on the observed table (tested). Validated on Zachary's karate club (club split)
    and the SocioPatterns primary school (classes) and workplace (departments) data.

    References
    ----------
    Danon, L., Díaz-Guilera, A., Duch, J., & Arenas, A. (2005). Comparing community structure
    identification. J. Stat. Mech. P09008. doi:10.1088/1742-5468/2005/09/P09008

    Maslov, S., & Sneppen, K. (2002). Specificity and stability in topology of protein
    networks. Science 296, 910-913. doi:10.1126/science.1065103

    Examples
    --------
    >>> import netmix
    >>> from netmix.communities import communities_vs_groups
    >>> g = netmix.datasets.load_example()
    >>> res = communities_vs_groups(g, "department", seed=0, n_resamples=99)
    >>> nmi, p = res
    >>> nmi > 0.5, p
    (True, 0.01)
    """
    graph = as_social_graph(graph)
    check_choice("statistic", statistic, tuple(_STATS))
    check_choice("null", null, ("permutation", "rewire"))
    check_choice("alternative", alternative, ("greater", "less", "two-sided"))
    check_choice("isolates", isolates, ("exclude", "include"))
    m = int(check_positive("n_resamples", n_resamples, integer=True))
    if n_swaps is not None:
        check_positive("n_swaps", n_swaps, integer=True)
    seed = fresh_seed(seed)
    rng = rng_from_seed(seed)
    gc = group_codes(graph, groups, missing=missing)
    _compared(graph, gc, isolates)  # enough nodes to compare, before detecting
    if partition is None:
        partition = detect_communities(graph, method, weight=weight,
                                       seed=resolve_seed(rng), **detect_options)
    part = _as_partition(graph, partition, weight)
    sel = _selection(graph, part, gc, isolates)
    table, valid, cc, gg = sel.table, sel.valid, sel.cc, sel.gg
    kc, kg = table.shape
    stat_fn = _STATS[statistic]
    present = table.columns[table.to_numpy().sum(axis=0) > 0]
    if len(present) < 2:
        warnings.warn(
            f"communities_vs_groups: the {int(cc.size)} nodes compared all belong to one "
            f"group ({first_items(present)}), so how far communities follow groups is "
            "undefined: the statistic, p-value and scores are nan. Compare with a groups "
            "column that has at least two groups.", DegenerateMixingWarning, stacklevel=2)
        observed, dist = float("nan"), np.empty(0)
        scores = np.full(6, np.nan)
        pvalue = mean = sd = float("nan")
    else:
        observed = float(stat_fn(table.to_numpy()))
        if null == "permutation":
            dist = permutation_null(cc, gg, kc, kg, stat_fn, m, rng)
        else:
            dist = rewire_null(graph, part, gg, valid, kg, stat_fn, m, rng, method,
                                detect_options, n_swaps)
        scores = compare_partitions(gg, cc).to_numpy()
        pvalue, mean = null_pvalue(dist, observed, alternative), float(dist.mean())
        sd = float(dist.std(ddof=1)) if m > 1 else float("nan")
    dist.setflags(write=False)
    major = majority_groups(table)
    purity = float(table.to_numpy().max(axis=1, initial=0).sum() / max(cc.size, 1))
    return CommunityGroupsResult(
        observed, pvalue, statistic, null, alternative, m,
        seed if seed is None or isinstance(seed, int) else str(seed), mean, sd,
        *map(float, scores), purity,
        kc, len(gc.labels), int(cc.size), isolates, sel.n_excluded, gc.name, part.method,
        part.weight, dist, table, major, part)
