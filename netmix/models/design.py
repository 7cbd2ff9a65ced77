r"""Person-level design tables: each person's mixing measures beside their attributes and
outcomes, ready for :func:`netmix.models.fit_outcome` (or any statsmodels formula).

From a :class:`~netmix.SocialGraph` (sociocentric data), every node gets its share of
cross-group ties, E-I index, Blau diversity of its contacts, integration ratio against the
whole network, Burt's constraint and effective size, Gould-Fernandez brokerage and its
community. From :class:`~netmix.ego.EgoData` (contact diaries, ego-centric surveys), every
ego gets its composition (:func:`netmix.ego.ego_composition`) and its integration ratio
against its area's population.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from .._validation import check_choice, describe, first_items
from ..bridging import bridging_capital, brokerage, structural_holes
from ..communities import Partition, detect_communities
from ..communities.mixing import _isolate_only
from ..core import group_codes
from ..ego import EgoData, ego_composition
from ..ego.expected import own_and_out
from ..exceptions import DegenerateMixingWarning, InputError
from ..graph import SocialGraph, as_social_graph
from ..measures import ei_index_by_node

__all__ = ["EGO_MEASURES", "GRAPH_MEASURES", "outcome_table"]

#: Measures :func:`outcome_table` computes for a graph (all by default).
GRAPH_MEASURES = ("degree", "cross_share", "ei_index", "blau", "groups_reached",
                  "integration_ratio", "constraint", "effective_size", "brokerage",
                  "community")
#: Measures added for ego-centric data, beside :func:`netmix.ego.ego_composition`'s columns.
EGO_MEASURES = ("cross_share", "integration_ratio")


def outcome_table(source: Any, groups: Any = None, *, weight: str | None = None,
                  measures: Sequence[str] | None = None, community: Any = "leiden",
                  missing: str = "raise", seed: Any = None) -> pd.DataFrame:
    r"""Each person's mixing measures joined with their attributes and outcomes.

    For node :math:`i` of a graph, with :math:`T_i` its ties (self-loops left out),
    :math:`E_i` / :math:`I_i` its ties to other / its own group, :math:`p_{ik}` the share of
    its ties that reach group :math:`k`, and :math:`n_g` the number of nodes of group
    :math:`g` among :math:`n`:

    .. math::

        \text{cross\_share}_i = \frac{E_i}{|T_i|}, \qquad
        \text{ei\_index}_i = \frac{E_i - I_i}{E_i + I_i}, \qquad
        \text{blau}_i = 1 - \sum_k p_{ik}^2,

        \text{integration\_ratio}_i = \frac{\text{cross\_share}_i}
            {(n - n_{g_i}) / (n - 1)}

    (the integration ratio compares the share of cross-group ties with the share of other
    people outside one's group: 1 is as mixed as ties drawn at random from the whole
    network, as :func:`netmix.ego.integration_ratio` does against an area's population).

    Parameters
    ----------
    source : SocialGraph or EgoData
        A network, or ego-centric data (:func:`netmix.read_ego_data`).
    groups : str, array, Series or mapping
        The group of every node (graphs only; EgoData carry their own groups).
    weight : str, optional
        Graph: an edge attribute (contact time); adds ``cross_share_<weight>``, the share
        of the summed weight that crosses groups, and weights constraint and effective
        size. EgoData: an alter column (duration, frequency) for volumes and shares.
    measures : sequence of str, optional
        Subset of :data:`GRAPH_MEASURES` (default: all of them). Ignored for EgoData.
    community : str, Partition or None, default "leiden"
        Graphs: a method of :func:`netmix.detect_communities`, a ready
        :class:`~netmix.Partition`, or None for no ``community`` column.
    missing : {"raise", "drop"}
        Nodes without a group: raise, or leave them out of the table.
    seed : optional
        For the community detection.

    Returns
    -------
    pandas.DataFrame
        One row a person, indexed by node (ego) id: the measures, then every node (ego)
        attribute. ``attrs["netmix"]`` records the source (``"graph"`` or ``"ego"``), the
        groups and the weight; :func:`fit_outcome` adds the network-dependence caveat for
        tables built from a graph. Measures are nan for people without ties (one
        :class:`~netmix.DegenerateMixingWarning` counts them).

        People without contacts (no tie to anyone else) keep their row, marked by the
        column ``has_contacts`` (graphs; ``n_alters == 0`` for ego data): counts
        (``degree``, ``cross_ties``, ``groups_reached``, ``brokerage``) are 0, every share,
        index and Burt measure is nan (undefined for no ties, never 0), and ``community``
        is missing when their community holds only people without contacts (a one-person
        community of an isolate is no detected community). ``attrs["netmix"]`` counts
        them (``n_without_contacts``); regressions on the shares leave them out.

    Notes
    -----
    Graph measures come from :func:`netmix.ei_index_by_node`,
    :func:`netmix.bridging.bridging_capital`, :func:`netmix.bridging.structural_holes`
    (Burt 1992, doi:10.4159/9780674029095), :func:`netmix.bridging.brokerage` (Gould &
    Fernandez 1989, doi:10.2307/270949: ``brokerage`` counts every open two-path a node
    brokers, ``brokerage_cross`` those whose ends are not all of the broker's group) and
    :func:`netmix.detect_communities`; each is validated in its own tests. The
    ``cross_share`` of the ego tables is :math:`1 -` ``prop_same``. Checked against hand
    computations in the tests.

    Examples
    --------
    >>> import pandas as pd, netmix
    >>> from netmix.models import outcome_table
    >>> nodes = pd.DataFrame({"team": list("aaab"), "trust": [3, 4, 2, 5]}, index=list("pqrs"))
    >>> g = netmix.SocialGraph(nodes, [0, 0, 1, 2], [1, 3, 2, 3])
    >>> t = outcome_table(g, "team", measures=["cross_share", "ei_index"], community=None)
    >>> t
        cross_ties  cross_share  ei_index  has_contacts team  trust
    id
    p            1          0.5       0.0          True    a      3
    q            0          0.0      -1.0          True    a      4
    r            1          0.5       0.0          True    a      2
    s            2          1.0       1.0          True    b      5
    """
    if isinstance(source, EgoData):
        return _ego_table(source, weight)
    source = as_social_graph(source, argument="source", also="EgoData")
    if groups is None:
        raise InputError("groups must name a node attribute (or give one group per node) for "
                         "a graph's mixing measures; got None.")
    chosen = list(GRAPH_MEASURES if measures is None else measures)
    for m in chosen:
        check_choice("measures", m, GRAPH_MEASURES)
    if community is None and "community" in chosen and measures is None:
        chosen.remove("community")
    return _graph_table(source, groups, weight, chosen, community, missing, seed)


def _quiet(func: Any, *args: Any, **kwargs: Any) -> tuple[Any, list[str]]:
    """``func(*args, **kwargs)`` with netmix's degenerate-value warnings collected."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", DegenerateMixingWarning)
        value = func(*args, **kwargs)
    for w in caught:
        if not issubclass(w.category, DegenerateMixingWarning):
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    return value, [str(w.message) for w in caught
                   if issubclass(w.category, DegenerateMixingWarning)]


def _graph_table(graph: SocialGraph, groups: Any, weight: str | None, chosen: list[str],
                 community: Any, missing: str, seed: Any) -> pd.DataFrame:
    cap, _ = _quiet(bridging_capital, graph, groups, weight, missing=missing)
    keep = graph.node_ids.isin(cap.index)
    cols: dict[str, Any] = {}
    if "degree" in chosen:
        cols["degree"] = cap["degree"]
    if "cross_share" in chosen:
        cols["cross_ties"] = cap["cross_ties"]
        cols["cross_share"] = cap["cross_share"]
        if weight is not None:
            cols[f"cross_share_{weight}"] = cap["cross_strength_share"]
    if "ei_index" in chosen:
        cols["ei_index"] = _quiet(ei_index_by_node, graph, groups, missing=missing)[0]
    if "blau" in chosen:
        cols["blau"] = _blau(graph, groups, missing)
    if "groups_reached" in chosen:
        cols["groups_reached"] = cap["groups_reached"]
    if "integration_ratio" in chosen:
        sizes = cap["group"].value_counts()
        n = len(cap)
        with np.errstate(divide="ignore", invalid="ignore"):
            others = (n - cap["group"].map(sizes).to_numpy(float)) / max(n - 1, 1)
            cols["integration_ratio"] = pd.Series(
                np.where(others > 0, cap["cross_share"].to_numpy() / others, np.nan),
                index=cap.index)
    if "constraint" in chosen or "effective_size" in chosen:
        holes = _quiet(structural_holes, graph, weight)[0]
        for m in ("constraint", "effective_size"):
            if m in chosen:
                cols[m] = holes[m]
    if "brokerage" in chosen:
        roles = _quiet(brokerage, graph, groups, missing=missing)[0].roles  # counts only
        cols["brokerage"] = roles["total"]
        cols["brokerage_cross"] = roles["total"] - roles["coordinator"]
    cols["has_contacts"] = cap["has_contacts"]
    record: dict[str, Any] = {"source": "graph", "groups": _name(groups), "weight": weight,
                              "n_nodes": int(keep.sum()),
                              "n_without_ties": int((cap["degree"] == 0).sum()),
                              "n_without_contacts": int((~cap["has_contacts"]).sum())}
    if "community" in chosen:
        part = _partition(graph, community, weight, seed)
        cols["community"] = _communities(graph, part)
        record.update(community_method=part.method, community_seed=part.seed,
                      n_communities=int(part.n_communities))
    table = pd.DataFrame({k: pd.Series(v).reindex(cap.index) for k, v in cols.items()},
                         index=cap.index)
    nodes = graph.nodes.loc[cap.index]
    nodes.columns = [f"{c}_attr" if c in table.columns else c for c in nodes.columns]
    table = table.join(nodes)
    table.index.name = graph.node_ids.name
    if record["n_without_ties"]:
        ids = cap.index[cap["degree"].to_numpy() == 0]
        warnings.warn(f"{record['n_without_ties']} node(s) have no ties to nodes with a group "
                      f"(e.g. {first_items(ids)}; {record['n_without_contacts']} of them "
                      "without any contact, has_contacts=False); their mixing measures are "
                      "nan and regressions leave them out.", DegenerateMixingWarning,
                      stacklevel=3)
    table.attrs["netmix"] = record
    return table


def _communities(graph: SocialGraph, part: Any) -> pd.Series:
    """Community labels, missing for people in communities of people without contacts."""
    alone = _isolate_only(graph, part, "exclude")[part.codes]
    memb = part.membership
    if not alone.any():
        return memb
    if memb.dtype.kind in "iub":
        memb = memb.astype("Int64")
    return memb.mask(alone)


def _name(groups: Any) -> str | None:
    return groups if isinstance(groups, str) else getattr(groups, "name", None)


def _blau(graph: SocialGraph, groups: Any, missing: str) -> pd.Series:
    """Blau's index of the groups of each node's contacts (ties, self-loops left out)."""
    gc = group_codes(graph, groups, missing=missing)
    codes, n, k = gc.codes.astype(np.int64), graph.n_nodes, max(len(gc.labels), 1)
    src, dst = graph.src.astype(np.int64), graph.dst.astype(np.int64)
    ok = (codes[src] >= 0) & (codes[dst] >= 0) & (src != dst)
    ends = np.concatenate([src[ok], dst[ok]])
    other = codes[np.concatenate([dst[ok], src[ok]])]
    counts = np.bincount(ends * k + other, minlength=n * k).reshape(n, k).astype(float)
    tot = counts.sum(axis=1)
    out = np.full(n, np.nan)
    np.divide((counts**2).sum(axis=1), tot**2, out=out, where=tot > 0)
    return pd.Series(1.0 - out, index=graph.node_ids)


def _partition(graph: SocialGraph, community: Any, weight: str | None, seed: Any) -> Any:
    if isinstance(community, Partition):
        if not community.membership.index.equals(graph.node_ids):
            raise InputError("community must be a Partition of this graph's nodes; got one "
                             "over other node ids. Detect it on the same graph.")
        return community
    if isinstance(community, str):
        return detect_communities(graph, community, weight=weight, seed=seed)
    raise InputError(f"community must be a detection method name (e.g. 'leiden'), a "
                     f"netmix Partition or None; got {describe(community)}.")


def _ego_table(data: Any, weight: str | None) -> pd.DataFrame:
    table = ego_composition(data, weight=weight, join=True)
    first = list(table.columns).index("prop_same")
    table.insert(first, "cross_share", 1.0 - table["prop_same"])
    record: dict[str, Any] = {"source": "ego", "groups": data.group, "weight": weight,
                              "n_nodes": data.n_egos,
                              "n_without_ties": int((table["n_alters"] == 0).sum())}
    if data.areas is not None:
        parts = own_and_out(data, weight, data.area_units == "counts")
        obs, exp = parts["observed_out"], parts["expected_out"]
        ratio = np.full(data.n_egos, np.nan)
        np.divide(obs, exp, out=ratio, where=exp > 0)
        table.insert(first + 1, "integration_ratio", ratio)
        record["geography"] = data.area
    table.attrs["netmix"] = record
    return table
