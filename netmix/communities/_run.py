"""One community-detection run on an igraph graph, by method name (the detection,
stability and null-model tools share it)."""

from __future__ import annotations

from typing import Any

from ._louvain import louvain_on_igraph
from ._plm import plm_on_igraph
from ._rng import igraph_rng

__all__ = ["run_method"]


def run_method(h: Any, method: str, weights: str | None, params: dict[str, Any],
         seed: int) -> tuple[list[int], float]:
    """One igraph run: (membership list, quality)."""
    p = dict(params)
    nan = float("nan")
    with igraph_rng(seed):
        if method == "leiden":
            c = h.community_leiden(objective_function=p.pop("objective"), weights=weights,
                                   resolution=p.pop("resolution"),
                                   n_iterations=p.pop("n_iterations"), **p)
            return c.membership, float(c.quality)
        if method == "louvain":
            memb = louvain_on_igraph(h, weights, p["resolution"], seed)
            if memb is not None:
                return memb, nan
        if method in ("louvain", "multilevel"):  # (louvain: numba unavailable)
            return h.community_multilevel(weights=weights, resolution=p["resolution"]
                                          ).membership, nan
        if method == "infomap":
            c = h.community_infomap(edge_weights=weights, **p)
            return c.membership, float(c.codelength)
        if method == "plm":
            return plm_on_igraph(h, weights, p, seed), nan
        if method == "walktrap":
            return h.community_walktrap(weights=weights, **p).as_clustering().membership, nan
        return h.community_label_propagation(weights=weights, **p).membership, nan
