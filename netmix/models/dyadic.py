r"""Dyad-level designs for homophily models: one row a pair of people, tie or not.

A dyad-independent exponential random graph model (ERGM) with terms ``edges``,
``nodematch``, ``nodemix``, ``nodefactor``, ``absdiff`` and ``nodecov`` is a logistic
regression over dyads (Hunter, Goodreau & Handcock 2008, sec. 2):

.. math:: \operatorname{logit} P(Y_{ij} = 1) = \theta' \delta_{ij}(x),

with :math:`\delta_{ij}` the change statistics of the terms. :func:`dyad_table` builds the
design: every dyad for small graphs; for large ones every tie plus a simple random
sample of non-ties, with the case-control offset :math:`\log(1/\pi)` that keeps the
estimates those of the full data (Prentice & Pyke 1979; King & Zeng 2001).
:func:`dyad_counts` gives the exact collapsed table (ties and non-ties per covariate
pattern) for categorical terms at any size, from the group sizes and a tally of the ties.

Term names follow R's ergm: ``edges``, ``nodematch.<attr>`` (``nodematch.<attr>.<level>``
with ``diff``), ``nodemix.<attr>.<a>.<b>``, ``nodefactor.<attr>.<level>``,
``absdiff.<attr>``, ``nodecov.<attr>`` (directed: ``nodeocov`` / ``nodeicov``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from .._validation import check_choice, check_positive, describe, rng_from_seed
from ..core import group_codes
from ..exceptions import InputError
from ..graph import SocialGraph, as_social_graph
from ._dyads import dyad_pairs, n_dyads, sample_nonties, tie_keys

__all__ = ["TERM_PREFIXES", "dyad_counts", "dyad_table"]

#: Column prefixes :func:`fit_dyadic` reads as model terms.
TERM_PREFIXES = ("edges", "nodematch.", "nodemix.", "nodefactor.", "absdiff.", "nodecov.",
                 "nodeocov.", "nodeicov.", "edgecov.")


# ----------------------------------------------------------------------------- attributes
def _as_list(value: Any, argument: str) -> list[str]:
    if value is None:
        return []
    items = [value] if isinstance(value, str) else list(value)
    for item in items:
        if not isinstance(item, str):
            raise InputError(f"{argument} must be node attribute names; got {describe(item)}.")
    return items


class _Attributes:
    """Node attribute codes (categorical terms) and values (numeric terms), validated."""

    def __init__(self, graph: SocialGraph, spec: dict[str, list[str]], diff: Any) -> None:
        self.spec = spec
        both = set(spec["match"]) & set(spec["mix"])
        if both:
            raise InputError(f"match and mix must not share an attribute (nodemix includes "
                             f"the within-group cells); got {sorted(both)} in both.")
        self.diff = set(spec["match"]) if diff is True else set(_as_list(diff or [], "diff"))
        if not self.diff <= set(spec["match"]):
            raise InputError(f"diff must be True or attributes listed in match; got "
                             f"{sorted(self.diff - set(spec['match']))}.")
        self.codes = {a: group_codes(graph, a, argument="match/mix/factor")
                      for a in dict.fromkeys(spec["match"] + spec["mix"] + spec["factor"])}
        self.values = {}
        for a in dict.fromkeys(spec["absdiff"] + spec["covariates"]):
            v = pd.to_numeric(graph.node_attr(a), errors="coerce").to_numpy(float)
            if not np.isfinite(v).all():
                bad = graph.node_ids[~np.isfinite(v)]
                raise InputError(f"absdiff/covariates: attribute {a!r} must be numeric for "
                                 f"every node; got {int(bad.size)} missing or non-numeric "
                                 f"value(s), e.g. at node(s) {list(bad[:3])}.")
            self.values[a] = v


def _terms(att: _Attributes, i: np.ndarray, j: np.ndarray, directed: bool
           ) -> dict[str, np.ndarray]:
    """Change statistics of every term for dyads ``(i, j)`` (node positions)."""
    cols: dict[str, np.ndarray] = {"edges": np.ones(i.size, np.int8)}
    for a in att.spec["match"]:
        gc = att.codes[a]
        ci, cj = gc.codes[i], gc.codes[j]
        same = ci == cj
        if a in att.diff:
            for k, label in enumerate(gc.labels):
                cols[f"nodematch.{a}.{label}"] = (same & (ci == k)).astype(np.int8)
        else:
            cols[f"nodematch.{a}"] = same.astype(np.int8)
    for a in att.spec["mix"]:
        gc = att.codes[a]
        ci, cj = gc.codes[i].astype(np.int64), gc.codes[j].astype(np.int64)
        if not directed:
            ci, cj = np.minimum(ci, cj), np.maximum(ci, cj)
        k = len(gc.labels)
        cells = [(r, c) for r in range(k) for c in range(k) if directed or r <= c]
        for r, c in cells[1:]:  # the first cell is the reference (as ergm's levels2=-1)
            cols[f"nodemix.{a}.{gc.labels[r]}.{gc.labels[c]}"] = \
                ((ci == r) & (cj == c)).astype(np.int8)
    for a in att.spec["factor"]:
        gc = att.codes[a]
        ci, cj = gc.codes[i], gc.codes[j]
        for k, label in list(enumerate(gc.labels))[1:]:
            cols[f"nodefactor.{a}.{label}"] = ((ci == k).astype(np.int8)
                                               + (cj == k).astype(np.int8))
    for a in att.spec["absdiff"]:
        v = att.values[a]
        cols[f"absdiff.{a}"] = np.abs(v[i] - v[j])
    for a in att.spec["covariates"]:
        v = att.values[a]
        if directed:
            cols[f"nodeocov.{a}"], cols[f"nodeicov.{a}"] = v[i], v[j]
        else:
            cols[f"nodecov.{a}"] = v[i] + v[j]
    return cols


def dyad_table(graph: SocialGraph, *, match: Any = (), mix: Any = (), factor: Any = (),
               absdiff: Any = (), covariates: Any = (), diff: Any = False,
               n_nonties: int | None = None, max_dyads: int = 2_000_000,
               collapse: bool = False, seed: Any = None) -> pd.DataFrame:
    r"""The dyad-level design of a dyad-independent ERGM (a logistic regression).

    Parameters
    ----------
    graph : SocialGraph
        Directed graphs give ordered dyads :math:`(i, j), i \ne j`; undirected graphs
        unordered pairs :math:`i < j`. Self-loops are dropped, parallel edges merged.
    match : str or list of str
        ``nodematch``: 1 when both ends share the attribute's value (uniform homophily).
    mix : str or list of str
        ``nodemix``: one indicator per (unordered when undirected) pair of values, the
        first pair left out as the reference.
    factor : str or list of str
        ``nodefactor``: number of ends (0, 1, 2) in each value but the first.
    absdiff : str or list of str
        ``absdiff``: :math:`|x_i - x_j|` of a numeric attribute.
    covariates : str or list of str
        ``nodecov``: :math:`x_i + x_j` (directed: ``nodeocov`` :math:`x_i` and
        ``nodeicov`` :math:`x_j`).
    diff : bool or list of str
        Differential homophily (ergm's ``nodematch(diff=TRUE)``): one ``nodematch`` term
        per value of these ``match`` attributes (True: all of them).
    n_nonties : int, optional
        Sample this many non-ties (all ties are kept). Default: every dyad when there are
        at most ``max_dyads``, else ``max(max_dyads - ties, 2 * ties)`` non-ties.
    max_dyads : int, default 2_000_000
    collapse : bool, default False
        One row per covariate pattern (and offset) with columns ``ties`` and ``nonties``
        instead of one row per dyad (fits the same binomial likelihood).
    seed : optional
        For the sample of non-ties.

    Returns
    -------
    pandas.DataFrame
        One row a dyad: ``i``, ``j`` (node ids), ``tie`` (0/1), the term columns and
        ``offset``: :math:`\log(N_0 / m)` on every row when :math:`m` of the :math:`N_0`
        non-ties were sampled (each with probability :math:`\pi = m / N_0`), 0 otherwise.
        ``attrs["netmix_dyads"]`` records the terms, counts and sampling.

    Notes
    -----
    With all ties and a fraction :math:`\pi` of non-ties, the odds of a tie among the
    kept dyads are the population odds divided by :math:`\pi`, so the logit with offset
    :math:`\log(1/\pi)` on every kept row (ties too) estimates the population
    coefficients (Prentice & Pyke 1979, doi:10.1093/biomet/66.3.403; King & Zeng 2001,
    doi:10.1093/oxfordjournals.pan.a004868, sec. 4.1). Sampling and building are
    vectorised (dyad indices drawn with ``Generator.choice`` without replacement and
    mapped to node pairs in closed form). Validated against ergm's published
    faux.mesa.high estimates and by recovering known coefficients on a simulated graph
    of 10^6 ties (tests).

    Examples
    --------
    >>> import pandas as pd, netmix
    >>> from netmix.models import dyad_table
    >>> nodes = pd.DataFrame({"sex": list("FFMM"), "age": [20, 30, 25, 40]})
    >>> g = netmix.SocialGraph(nodes, [0, 1], [1, 2])
    >>> dyad_table(g, match="sex", absdiff="age")
       i  j  tie  edges  nodematch.sex  absdiff.age  offset
    0  0  1    1      1              1         10.0     0.0
    1  0  2    0      1              0          5.0     0.0
    2  0  3    0      1              0         20.0     0.0
    3  1  2    1      1              0          5.0     0.0
    4  1  3    0      1              0         10.0     0.0
    5  2  3    0      1              1         15.0     0.0
    """
    graph = as_social_graph(graph)
    check_positive("max_dyads", max_dyads, integer=True)
    spec = _spec(match, mix, factor, absdiff, covariates)
    att = _Attributes(graph, spec, diff)
    directed, n = graph.directed, graph.n_nodes
    if n < 2:
        raise InputError(f"graph must have at least 2 nodes for a dyad table; got {n}.")
    ties = tie_keys(graph, directed)
    n_total = n_dyads(n, directed)
    n_nt = n_total - ties.size
    enumerated = n_nonties is None and n_total <= max_dyads
    if enumerated:
        keys, m = np.arange(n_total, dtype=np.int64), n_nt
    else:
        m = min(n_nt, max(max_dyads - ties.size, 2 * ties.size)) if n_nonties is None \
            else int(check_positive("n_nonties", n_nonties, integer=True))
        if m > n_nt:
            raise InputError(f"n_nonties must be at most the number of non-ties ({n_nt}); "
                             f"got {m}.")
        keys = np.concatenate([ties, sample_nonties(rng_from_seed(seed), ties, n_total, m)])
    i, j = dyad_pairs(keys, n, directed)
    tie = np.zeros(keys.size, np.int8)
    tie[ties if enumerated else np.arange(ties.size)] = 1
    offset = np.log(n_nt / m) if 0 < m < n_nt else 0.0
    ids = graph.node_ids
    table = pd.DataFrame({"i": ids.take(i), "j": ids.take(j), "tie": tie,
                          **_terms(att, i, j, directed)})
    table["offset"] = offset
    record = {"terms": [c for c in table.columns if c.startswith(TERM_PREFIXES)],
              "directed": directed, "n_nodes": n, "n_dyads": n_total,
              "n_ties": int(ties.size), "n_nonties": n_nt, "n_nonties_sampled": int(m),
              "sampled": m < n_nt, "p_sample": m / n_nt if n_nt else 1.0, "collapsed": False}
    if collapse:
        table = collapse_dyads(table, record["terms"])
        record["collapsed"] = True
    table.attrs["netmix_dyads"] = record
    return table


def _spec(match: Any, mix: Any, factor: Any, absdiff: Any, covariates: Any
          ) -> dict[str, list[str]]:
    return {"match": _as_list(match, "match"), "mix": _as_list(mix, "mix"),
            "factor": _as_list(factor, "factor"), "absdiff": _as_list(absdiff, "absdiff"),
            "covariates": _as_list(covariates, "covariates")}


def collapse_dyads(table: pd.DataFrame, terms: Sequence[str]) -> pd.DataFrame:
    """Sum a dyad-level table into ``ties`` and ``nonties`` per pattern of terms and offset."""
    keys = list(terms) + (["offset"] if "offset" in table.columns else [])
    tie = table["tie"].to_numpy()
    frame = table[keys].assign(ties=tie.astype(np.int64), nonties=1 - tie.astype(np.int64))
    out = frame.groupby(keys, sort=True, observed=True)[["ties", "nonties"]].sum()
    out = out.reset_index()
    return out[[*terms, "ties", "nonties", *(["offset"] if "offset" in keys else [])]]


def dyad_counts(graph: SocialGraph, *, match: Any = (), mix: Any = (), factor: Any = (),
                absdiff: Any = (), covariates: Any = (), diff: Any = False,
                max_types: int = 3000) -> pd.DataFrame:
    r"""The exact collapsed dyad table: ties and non-ties per covariate pattern.

    Nodes are grouped into *types* (equal values of every attribute used); the dyads
    between types :math:`a` and :math:`b` number :math:`n_a n_b` (directed: also
    :math:`a \to b` and :math:`b \to a` apart), or :math:`n_a (n_a - 1) / 2` within a type,
    and their ties are one ``bincount`` over the edges. The binomial likelihood of this
    table is the dyad-level likelihood, so :func:`fit_dyadic` gives the full-data MLE of
    any size of graph without sampling, when the attributes take few values.

    Parameters
    ----------
    graph : SocialGraph
    match, mix, factor, absdiff, covariates, diff
        As for :func:`dyad_table` (numeric attributes must take few distinct values).
    max_types : int, default 3000
        Largest number of node types allowed (the tally has types squared cells).

    Returns
    -------
    pandas.DataFrame
        The term columns, ``ties``, ``nonties`` and ``offset`` (0), one row a pattern
        with at least one dyad; ``attrs["netmix_dyads"]`` as for :func:`dyad_table`.

    Notes
    -----
    Equal to ``dyad_table(..., collapse=True)`` without sampling (checked in the tests).

    Examples
    --------
    >>> import pandas as pd, netmix
    >>> from netmix.models import dyad_counts
    >>> nodes = pd.DataFrame({"sex": list("FFMM")})
    >>> g = netmix.SocialGraph(nodes, [0, 1, 2], [1, 2, 3])
    >>> dyad_counts(g, match="sex")
       edges  nodematch.sex  ties  nonties  offset
    0      1              0     1        3     0.0
    1      1              1     2        0     0.0
    """
    graph = as_social_graph(graph)
    spec = _spec(match, mix, factor, absdiff, covariates)
    att = _Attributes(graph, spec, diff)
    directed, n = graph.directed, graph.n_nodes
    cols = [att.codes[a].codes.astype(np.float64) for a in att.codes]
    cols += [att.values[a] for a in att.values]
    if not cols:
        cols = [np.zeros(n)]
    types, node_type = np.unique(np.column_stack(cols), axis=0, return_inverse=True)
    node_type = node_type.ravel()
    t = types.shape[0]
    if t > max_types:
        raise InputError(f"dyad_counts: the attributes give {t} node types (more than "
                         f"max_types={max_types}); use dyad_table with sampled non-ties for "
                         "numeric attributes with many values.")
    sizes = np.bincount(node_type, minlength=t).astype(np.int64)
    order = np.argsort(node_type, kind="stable")
    starts = np.cumsum(sizes) - sizes
    rep = order[starts]  # first node of each type
    second = order[np.minimum(starts + 1, n - 1)]  # a second one (used where sizes > 1)
    ties = tie_keys(graph, directed)
    ti, tj = dyad_pairs(ties, n, directed)
    a, b = node_type[ti], node_type[tj]
    if not directed:
        a, b = np.minimum(a, b), np.maximum(a, b)
    tally = np.bincount(a * t + b, minlength=t * t).reshape(t, t)
    ra, rb = np.meshgrid(np.arange(t), np.arange(t), indexing="ij")
    ra, rb = ra.ravel(), rb.ravel()
    dyads = np.where(ra == rb, sizes[ra] * (sizes[ra] - 1) // (1 if directed else 2),
                     sizes[ra] * sizes[rb])
    keep = (dyads > 0) & (directed | (ra <= rb))
    ra, rb, dyads = ra[keep], rb[keep], dyads[keep]
    n_ties = tally[ra, rb]
    # a representative dyad of each type pair gives the change statistics
    ri = rep[ra]
    rj = np.where(ra == rb, second[rb], rep[rb])  # within a type: two of its nodes
    table = pd.DataFrame(_terms(att, ri, rj, directed))
    table["ties"] = n_ties
    table["nonties"] = dyads - n_ties
    table["offset"] = 0.0
    terms = [c for c in table.columns if c.startswith(TERM_PREFIXES)]
    table = table.groupby(terms, sort=True)[["ties", "nonties"]].sum().reset_index()
    table["offset"] = 0.0
    table.attrs["netmix_dyads"] = {
        "terms": terms, "directed": directed, "n_nodes": n, "n_dyads": n_dyads(n, directed),
        "n_ties": int(ties.size), "n_nonties": n_dyads(n, directed) - int(ties.size),
        "n_nonties_sampled": n_dyads(n, directed) - int(ties.size), "sampled": False,
        "p_sample": 1.0, "collapsed": True}
    return table


def check_terms(table: pd.DataFrame, terms: Any) -> list[str]:
    """The model terms: given, or every column named like an ergm term."""
    if terms is None:
        found = [c for c in table.columns if isinstance(c, str) and c.startswith(TERM_PREFIXES)]
    else:
        found = _as_list(terms, "terms")
        for t in found:
            if t not in table.columns:
                raise InputError(f"terms must be columns of the dyad table; got {t!r}, but "
                                 f"the columns are: {', '.join(map(str, table.columns))}.")
    if not found:
        raise InputError("terms: the dyad table has no term columns (edges, nodematch.*, "
                         "nodemix.*, absdiff.*, ...); pass terms=[...] naming them.")
    check_choice("layout", _layout(table), ("dyads", "counts"))
    return found


def _layout(table: pd.DataFrame) -> str:
    if {"ties", "nonties"} <= set(table.columns):
        return "counts"
    if "tie" in table.columns:
        return "dyads"
    raise InputError("table must have a 'tie' column (one row a dyad) or 'ties' and "
                     "'nonties' columns (collapsed counts); got columns "
                     f"{', '.join(map(str, table.columns))}.")
