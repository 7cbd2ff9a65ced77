"""Mixing statistics: netmix against networkx, igraph and a plain numpy bincount.

Times, on the same attributed SBM graphs in the same run: the mixing matrix, nominal,
degree and numeric assortativity, and 999 label permutations of nominal assortativity.
Writes ``benchmarks/results/mixing.{json,md}`` with times and ratios.

    python -m benchmarks.bench_mixing --sizes 1e5 1e6 1e7 --nx-max 1e6

networkx is timed up to ``--nx-max`` edges (building a networkx graph of 1e7 edges takes
minutes and ~20 GB); igraph graphs are built once, outside the timings.
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import pandas as pd

from ._common import best_time, markdown_table, write_results
from .graphs import cached_graph

TARGETS = """Targets (issue "Mixing and segregation", 2-core machine): nominal and degree
assortativity at least as fast as igraph and >= 200x faster than networkx at 1e6 edges; within
3x of a plain numpy bincount; 999 label permutations of assortativity on 1e6 edges < 20 s.
Issue 16, item 4: numeric and degree assortativity at least as fast as igraph's
`assortativity` / `assortativity_degree` from 1e5 to 1e7 edges, fixed overheads included
(validation, the edge view, its caching on the graph): timed interleaved with igraph's call,
best of 25 calls (7 at 1e7), on the same graph and on a fresh copy of it.

    python -m benchmarks.bench_mixing --sizes 1e5 1e6 1e7 --nx-max 1e6 --no-permutations"""


def interleaved(calls: list[tuple], *, repeat: int = 25) -> list[float]:
    """Best wall time of each ``fn(arg())`` of ``calls`` (``(fn, arg)`` pairs; ``arg()``
    runs untimed) over ``repeat`` rounds, called in turn within a round (on a shared
    machine a busy spell then slows all of them alike); one untimed warm-up call each first
    (numba compiles or loads its kernels then)."""
    for fn, arg in calls:
        fn(arg())
    best = [np.inf] * len(calls)
    for _ in range(repeat):
        for k, (fn, arg) in enumerate(calls):
            x = arg()
            t0 = time.perf_counter()
            fn(x)
            best[k] = min(best[k], time.perf_counter() - t0)
    return [float(b) for b in best]


def run_size(n_edges: int, nx_max: float, permutations: bool) -> list[dict]:
    import igraph as ig
    import networkx as nx

    import netmix
    from netmix.inference import permutation_test
    from netmix.measures import degree_assortativity, numeric_assortativity

    edges, nodes = cached_graph(n_edges)
    m = len(edges)
    t0 = time.perf_counter()
    g = netmix.from_edges(edges, nodes, node_id="id")
    t_load = time.perf_counter() - t0
    src, dst = g.src, g.dst
    codes = pd.factorize(g.nodes["group"], sort=True)[0].astype(np.int8)
    age = g.nodes["age"].to_numpy()
    k = int(codes.max()) + 1
    rows: list[dict] = []

    def row(task: str, t_netmix: float, t_ig: float = np.nan, t_nx: float = np.nan,
            t_np: float = np.nan) -> None:
        rows.append({"edges": m, "task": task, "netmix_s": t_netmix, "igraph_s": t_ig,
                     "networkx_s": t_nx, "numpy_bincount_s": t_np,
                     "igraph/netmix": t_ig / t_netmix, "networkx/netmix": t_nx / t_netmix,
                     "netmix/bincount": t_netmix / t_np})

    t0 = time.perf_counter()
    h = ig.Graph(n=g.n_nodes, edges=np.column_stack([src, dst]), directed=False)
    t_ig_load = time.perf_counter() - t0
    h.vs["group"] = codes.tolist()
    h.vs["age"] = age.tolist()
    G = None
    t_nx_load = np.nan
    if m <= nx_max:
        t0 = time.perf_counter()
        G = nx.Graph()
        G.add_nodes_from(range(g.n_nodes))
        G.add_edges_from(zip(src.tolist(), dst.tolist(), strict=True))
        nx.set_node_attributes(G, dict(enumerate(codes.tolist())), "group")
        nx.set_node_attributes(G, dict(enumerate(age.tolist())), "age")
        t_nx_load = time.perf_counter() - t0
    row("build graph from arrays", t_load, t_ig_load, t_nx_load)

    def fresh():  # the graph with nothing derived yet (shares its frozen arrays)
        return g.with_provenance({"benchmark": "fresh copy"})

    def bincount():
        return np.bincount(codes[src].astype(np.intp) * k + codes[dst], minlength=k * k)

    t_np = best_time(bincount)
    nx_time = (lambda f: best_time(f, repeat=1)) if G is not None else (lambda f: np.nan)
    row("mixing matrix", best_time(lambda: netmix.mixing_matrix(g, "group")), np.nan,
        nx_time(lambda: nx.attribute_mixing_matrix(G, "group")), t_np)
    row("nominal assortativity",
        best_time(lambda: netmix.nominal_assortativity(g, "group")),
        best_time(lambda: h.assortativity_nominal("group", directed=False)),
        nx_time(lambda: nx.attribute_assortativity_coefficient(G, "group")), t_np)
    reps = 25 if m <= 2_000_000 else 7
    degree = [lambda G: degree_assortativity(G),
              lambda G: h.assortativity_degree(directed=False)]
    numeric = [lambda G: numeric_assortativity(G, "age"),
               lambda G: h.assortativity("age", directed=False)]
    for task, (ours, theirs), nx_f in (
            ("degree assortativity", degree, nx.degree_assortativity_coefficient),
            ("numeric assortativity", numeric,
             lambda G: nx.numeric_assortativity_coefficient(G, "age"))):
        # repeated calls on one graph (its edge view kept on it, as in a session) and the
        # first call on a fresh copy of the graph (view, degrees and values built in the
        # call); igraph's call is timed between them, on its graph built once
        t_same, t_ig, t_fresh = interleaved(
            [(ours, lambda: g), (theirs, lambda: h), (ours, fresh)], repeat=reps)
        row(task, t_same, t_ig, nx_time(lambda f=nx_f: f(G)), t_np)
        row(task + " (first call on a fresh graph)", t_fresh, t_ig, np.nan, t_np)
    if permutations:
        t_perm = best_time(lambda: permutation_test(
            g, "nominal_assortativity", "group", n_resamples=999, seed=0, progress=False),
            repeat=1)
        rng = np.random.default_rng(0)
        n_ig = 20
        t0 = time.perf_counter()
        for _ in range(n_ig):
            h.assortativity_nominal(rng.permutation(codes).tolist(), directed=False)
        t_ig_perm = (time.perf_counter() - t0) * 999 / n_ig
        row("999 label permutations (igraph: loop, extrapolated from 20)", t_perm, t_ig_perm)
    return rows


def main(argv: list[str] | None = None) -> list[dict]:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--sizes", nargs="+", type=float, default=[1e5, 1e6])
    p.add_argument("--nx-max", type=float, default=1e6)
    p.add_argument("--no-permutations", action="store_true")
    p.add_argument("--perm-max", type=float, default=1e6,
                   help="largest size with the permutation test")
    args = p.parse_args(argv)
    rows: list[dict] = []
    for size in args.sizes:
        rows += run_size(int(size), args.nx_max,
                         not args.no_permutations and size <= args.perm_max)
        print(markdown_table([r for r in rows if r["edges"] == rows[-1]["edges"]],
                             ["edges", "task", "netmix_s", "igraph/netmix", "networkx/netmix",
                              "netmix/bincount"]), flush=True)
    cols = ["edges", "task", "netmix_s", "igraph_s", "networkx_s", "numpy_bincount_s",
            "igraph/netmix", "networkx/netmix", "netmix/bincount"]
    md = ("# Mixing statistics: netmix vs igraph vs networkx\n\n" + TARGETS + "\n\nRatios > 1 "
          "mean netmix is faster (netmix/bincount: netmix time over a bare numpy bincount).\n\n"
          + markdown_table(rows, cols))
    write_results("mixing", rows, md)
    return rows


if __name__ == "__main__":
    main()
