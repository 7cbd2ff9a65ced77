"""From a sociocentric graph to ego-centric data: every node an ego, its neighbours its alters."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from .._validation import check_choice
from ..core import group_codes
from ..graph import SocialGraph, as_social_graph
from ._assemble import ego_fields
from .data import EgoData

__all__ = ["from_graph"]


def _ends(graph: SocialGraph, mode: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(ego, alter, edge index) arrays, one row per alter, self-loops left out."""
    src, dst = graph.src.astype(np.intp), graph.dst.astype(np.intp)
    idx = np.arange(src.size)
    if graph.directed and mode == "out":
        ego, alt, eid = src, dst, idx
    elif graph.directed and mode == "in":
        ego, alt, eid = dst, src, idx
    else:
        ego, alt = np.concatenate([src, dst]), np.concatenate([dst, src])
        eid = np.concatenate([idx, idx])
    keep = ego != alt
    return ego[keep], alt[keep], eid[keep]


def from_graph(graph: Any, groups: Any, *, mode: str = "out", area: str | None = None,
               missing: str = "raise") -> EgoData:
    """Ego-centric data from a sociocentric graph: each node an ego, its neighbours its alters.

    The area table is the graph's own population: the number of nodes of each group (in
    each ``area`` when a node attribute names one), so that the expected mixing of an ego
    is that of drawing its alters at random from the other people in the network.

    Parameters
    ----------
    graph : SocialGraph (or networkx / igraph graph)
    groups : str, array_like, Series or mapping
        The node attribute (or per-node values) defining the groups.
    mode : {"out", "in", "all"}, default "out"
        For a directed graph: an ego's alters are the people it names (``"out"``, as in a
        name generator), those who name it (``"in"``) or both (``"all"``, a person named
        and naming counts twice). An undirected graph always uses both ends of each edge.
    area : str, optional
        A node attribute splitting the population into areas (the baseline of each ego is
        its own area).
    missing : {"raise", "drop"}, default "raise"
        Nodes without a group raise, or are left out as egos, alters and population.

    Returns
    -------
    EgoData
        Ego table: the node table (index ``ego``). Alter table: ``ego``, ``alter`` (node
        ids), ``alter_<group>`` and every edge attribute. Areas in counts.

    Examples
    --------
    >>> import pandas as pd, netmix
    >>> nodes = pd.DataFrame({"dept": ["a", "a", "b"]}, index=[10, 11, 12])
    >>> g = netmix.SocialGraph(nodes, [0, 1], [1, 2], edge_attrs={"minutes": [5.0, 20.0]})
    >>> d = from_graph(g, "dept")
    >>> d.alters
       ego  alter alter_dept  minutes
    0   10     11          a      5.0
    1   11     10          a      5.0
    2   11     12          b     20.0
    3   12     11          a     20.0
    >>> d.areas
    group    a    b
    area
    all    2.0  1.0
    """
    check_choice("mode", mode, ("out", "in", "all"))
    check_choice("missing", missing, ("raise", "drop"))
    graph = as_social_graph(graph)
    gc = group_codes(graph, groups, missing=missing)
    name = str(gc.name) if gc.name is not None else "group"
    codes = gc.codes.astype(np.intp)
    values = pd.Series(np.where(codes >= 0, np.asarray(gc.labels, dtype=object)[codes], None),
                       index=graph.node_ids, dtype=object)
    egos = graph.nodes
    egos[name] = values.to_numpy()
    egos.index.name = "ego"
    ego, alt, eid = _ends(graph, mode)
    ids = graph.node_ids
    alter_col = f"alter_{name}"
    alters = pd.DataFrame({"ego": ids.take(ego), "alter": ids.take(alt),
                           alter_col: values.to_numpy()[alt]})
    for key in graph.edge_attributes:
        alters[key] = graph.edge_attr(key)[eid]
    order = np.lexsort((alt, ego))
    alters = alters.iloc[order].reset_index(drop=True)
    record: dict[str, Any] = {"step": "from_graph", "mode": mode if graph.directed else "all",
                              "self_loops_skipped": int(np.sum(graph.src == graph.dst))}
    has = codes >= 0
    if area is None:
        counts = np.bincount(codes[has], minlength=len(gc.labels)).astype(float)
        areas = pd.DataFrame([counts], index=pd.Index(["all"], name="area"),
                             columns=gc.labels)
    else:
        table = graph.nodes
        areas = pd.crosstab(table[area][has], values.take(np.flatnonzero(has)).to_numpy())
        areas = areas.reindex(columns=gc.labels, fill_value=0).astype(float)
    fields = ego_fields(egos, alters, group=name, alter_group=alter_col, area=area,
                        areas=areas, area_units="counts", survey_weight=None, ties=None,
                        alter_id="alter", provenance=(*graph.provenance, record),
                        missing=missing)
    return EgoData(**fields)
