"""Bridging measures: netmix against networkx (and igraph where it has the routine).

Times, on the attributed SBM graphs of ``benchmarks.graphs`` in the same run: local
bridges with and without their span, bridges, neighbourhood overlap, Burt's constraint
and effective size, and Gould-Fernandez brokerage. Writes
``benchmarks/results/bridging.{json,md}`` with times and ratios.

    python -m benchmarks.bench_bridging --sizes 1e4 1e5          # what was run
    python -m benchmarks.bench_bridging --sizes 1e4 1e5 1e6      # full-size targets

Baselines: networkx's own functions where it has one (``local_bridges``, ``bridges``,
``constraint``, ``effective_size``); for overlap, networkx's ``common_neighbors`` edge by
edge; for brokerage (no networkx or igraph routine), sna's algorithm as a Python loop
over the networkx adjacency. A networkx run that would exceed ``--nx-budget`` seconds is
stopped there and extrapolated linearly from the work done (marked ``extrapolated``).
"""

from __future__ import annotations

import argparse
import time
import warnings
from collections.abc import Callable, Iterable

import numpy as np

from ._common import best_time, markdown_table, write_results
from .graphs import cached_graph

TARGETS = """Target (issue "Bridging ties and brokers"): local bridges and overlap at least 50x
faster than networkx at 1e5 edges."""


def partial_time(items: Iterable, weights: Callable[[object], float], total: float,
                 budget: float) -> tuple[float, bool]:
    """Consume ``items`` for up to ``budget`` seconds; return the (extrapolated) time to
    finish all ``total`` units of work, and whether it was extrapolated."""
    done = 0.0
    t0 = time.perf_counter()
    for item in items:
        done += weights(item)
        if time.perf_counter() - t0 > budget:
            elapsed = time.perf_counter() - t0
            return elapsed * total / max(done, 1e-12), True
    return time.perf_counter() - t0, False


def nx_overlap(G, edges):
    import networkx as nx

    for u, v in edges:
        n_uv = len(list(nx.common_neighbors(G, u, v)))
        denom = G.degree(u) - 1 + G.degree(v) - 1 - n_uv
        yield n_uv / denom if denom else float("nan")


def nx_brokerage(G, group, brokers):
    """sna's brokerage_R loop over a networkx DiGraph (one broker per item)."""
    for b in brokers:
        counts = [0] * 5
        for i in G.predecessors(b):
            for j in G.successors(b):
                if i == j or G.has_edge(i, j):
                    continue
                gi, gb, gj = group[i], group[b], group[j]
                k = (0 if gi == gb == gj else 2 if gi == gb else 3 if gb == gj
                     else 1 if gi == gj else 4)
                counts[k] += 1
        yield b


def run_size(n_edges: int, budget: float) -> list[dict]:
    import networkx as nx

    import netmix
    from netmix import bridging

    edges, nodes = cached_graph(n_edges)
    g = netmix.from_edges(edges, nodes, node_id="id")
    m = g.n_edges
    src, dst = g.src.tolist(), g.dst.tolist()
    G = nx.Graph()
    G.add_nodes_from(range(g.n_nodes))
    G.add_edges_from(zip(src, dst, strict=True))
    h = g.igraph  # built once, outside the timings
    group = dict(enumerate(g.nodes["group"].tolist()))
    rows: list[dict] = []

    def row(task: str, t_netmix: float, t_nx: float = np.nan, t_ig: float = np.nan,
            extrapolated: bool = False, note: str = "") -> None:
        rows.append({"edges": m, "task": task, "netmix_s": t_netmix, "networkx_s": t_nx,
                     "igraph_s": t_ig, "networkx/netmix": t_nx / t_netmix,
                     "igraph/netmix": t_ig / t_netmix,
                     "networkx": "extrapolated" if extrapolated else "measured",
                     "note": note})
        print(f"  {task}: netmix {t_netmix:.3g} s, networkx {t_nx:.3g} s"
              f"{' (extrapolated)' if extrapolated else ''}, igraph {t_ig:.3g} s",
              flush=True)

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        lb = bridging.local_bridges(g)
        t = best_time(lambda: bridging.local_bridges(g), repeat=3)
        t_nx, ext = partial_time(nx.local_bridges(G, with_span=True), lambda _: 1.0,
                                 len(lb), budget)
        row("local bridges with span", t, t_nx, extrapolated=ext,
            note=f"{len(lb)} local bridges, spans {np.unique(lb['span']).tolist()}")
        t = best_time(lambda: bridging.local_bridges(g, with_span=False), repeat=3)
        t_nx = best_time(lambda: list(nx.local_bridges(G, with_span=False)), repeat=1)
        row("local bridges, no span", t, t_nx)
        t = best_time(lambda: bridging.edge_overlap(g), repeat=3)
        t_nx, ext = partial_time(nx_overlap(G, zip(src, dst, strict=True)), lambda _: 1.0,
                                 m, budget)
        row("neighbourhood overlap", t, t_nx, extrapolated=ext,
            note="networkx: common_neighbors edge by edge")
        t = best_time(lambda: bridging.bridges(g), repeat=3)
        row("bridges (netmix calls igraph)", t,
            best_time(lambda: list(nx.bridges(G)), repeat=1),
            best_time(lambda: h.bridges(), repeat=3))
        t = best_time(lambda: bridging.constraint(g), repeat=3)
        row("Burt constraint", t, best_time(lambda: nx.constraint(G), repeat=1),
            best_time(lambda: h.constraint(), repeat=3),
            note="networkx: its sparse-matrix path")
        t = best_time(lambda: bridging.effective_size(g), repeat=3)
        if g.n_nodes <= 12000:  # networkx's all-node path builds dense n x n arrays
            row("Burt effective size", t, best_time(lambda: nx.effective_size(G), repeat=1),
                note="networkx: its all-node sparse/dense path")
        else:
            order = list(G)
            t_nx, ext = partial_time((nx.effective_size(G, nodes=[v]) for v in order),
                                     lambda _: 1.0, len(order), budget)
            row("Burt effective size", t, t_nx, extrapolated=ext,
                note="networkx: node by node (its all-node path needs a dense n x n array)")
        t = best_time(lambda: bridging.structural_holes(g), repeat=3)
        row("all four structural-hole measures", t)
        t = best_time(lambda: bridging.brokerage(g, "group"), repeat=3)
        D = G.to_directed()
        work = {b: D.in_degree(b) * D.out_degree(b) for b in D}
        t_nx, ext = partial_time(nx_brokerage(D, group, list(D)), lambda b: work[b],
                                 sum(work.values()), budget)
        row("Gould-Fernandez brokerage", t, t_nx, extrapolated=ext,
            note="baseline: sna's loop over two-paths in Python on networkx")
        t = best_time(lambda: bridging.cross_group_ties(g, "group"), repeat=3)
        row("cross-group ties (with spans)", t)
    return rows


def main(argv: list[str] | None = None) -> list[dict]:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--sizes", nargs="+", type=float, default=[1e4])
    p.add_argument("--nx-budget", type=float, default=20.0,
                   help="seconds before a networkx run is stopped and extrapolated")
    args = p.parse_args(argv)
    rows: list[dict] = []
    for size in args.sizes:
        print(f"{int(size):,} edges", flush=True)
        rows += run_size(int(size), args.nx_budget)
    cols = ["edges", "task", "netmix_s", "networkx_s", "igraph_s", "networkx/netmix",
            "igraph/netmix", "networkx", "note"]
    md = ("# Bridging measures: netmix vs networkx vs igraph\n\n" + TARGETS + "\n\nRatios > 1 "
          "mean netmix is faster. Graphs: degree-heterogeneous SBM (benchmarks/graphs.py), "
          "undirected; brokerage takes each tie as two arcs.\n\n" + markdown_table(rows, cols))
    write_results("bridging", rows, md)
    print(md)
    return rows


if __name__ == "__main__":
    main()
