"""Permutation tests and the bootstrap: netmix against plain loops over igraph and networkx.

Times, on the same attributed SBM graphs in the same run:

* 999 label permutations of nominal assortativity: netmix (vectorised batches, n_jobs 1
  and 2) against a loop of igraph's ``assortativity_nominal`` on permuted labels and a loop
  of networkx's ``attribute_assortativity_coefficient`` (both extrapolated from a few
  replicates);
* 999 node-bootstrap samples (Snijders & Borgatti 1999) of nominal assortativity: netmix's
  multiplicity tally against building each sample's graph (extrapolated);
* one replicate of the degree-preserving (igraph rewire, 10 swaps per edge) and the
  configuration null models.

Writes ``benchmarks/results/inference.{json,md}``::

    python -m benchmarks.bench_inference --sizes 1e5 1e6

Issue 16's targets: 999 label permutations at 1e6 edges cost at most 150 calls of igraph's
``assortativity_nominal`` on the same graph (``igraph_calls``, measured in the same run);
at 1e7 edges at most 15 s wall (goal 5 s), and Parquet -> graph -> matrix -> r -> 999
permutations at most 20 s (``end_to_end_s``)::

    python -m benchmarks.bench_inference --sizes 1e6 1e7 --quick
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from ._common import best_time, markdown_table, write_results
from .graphs import cached_graph

TARGET = ("Targets (issue 16, 2-core machine): 999 label permutations of nominal assortativity "
          "cost at most 150 igraph `assortativity_nominal` calls at 1e6 edges (igraph_calls); "
          "at 1e7 edges at most 15 s wall, and load + matrix + r + 999 permutations at most "
          "20 s (end_to_end_s).")


def _loop_time(fn, reps: int, total: int = 999) -> float:
    t0 = time.perf_counter()
    for _ in range(reps):
        fn()
    return (time.perf_counter() - t0) * total / reps


def run_size(n_edges: int, nx_max: float, quick: bool = False) -> list[dict]:
    import igraph as ig
    import networkx as nx

    import netmix
    from netmix.inference import NetworkData, bootstrap, permutation_test
    from netmix.inference._resample import node_sample_graph
    from netmix.inference.nulls import ConfigurationModel, DegreePreserving

    edges, nodes = cached_graph(n_edges)
    g = netmix.from_edges(edges, nodes, node_id="id")
    m = g.n_edges
    codes = np.asarray(netmix.core.group_codes(g, "group").codes)
    rng = np.random.default_rng(0)
    rows: list[dict] = []

    def row(task: str, t_netmix: float, t_ig: float = np.nan, t_nx: float = np.nan,
            t_loop: float = np.nan) -> None:
        rows.append({"edges": m, "task": task, "netmix_s": t_netmix, "igraph_loop_s": t_ig,
                     "networkx_loop_s": t_nx, "netmix_loop_s": t_loop,
                     "igraph/netmix": t_ig / t_netmix, "networkx/netmix": t_nx / t_netmix,
                     "loop/netmix": t_loop / t_netmix})

    h = ig.Graph(n=g.n_nodes, edges=np.column_stack([g.src, g.dst]), directed=False)
    t_ig = _loop_time(lambda: h.assortativity_nominal(rng.permutation(codes).tolist(),
                                                      directed=False), 10)
    t_nx = np.nan
    if m <= nx_max:
        G = nx.Graph()
        G.add_nodes_from(range(g.n_nodes))
        G.add_edges_from(zip(g.src.tolist(), g.dst.tolist(), strict=True))

        def nx_rep():
            nx.set_node_attributes(G, dict(enumerate(rng.permutation(codes).tolist())), "g")
            return nx.attribute_assortativity_coefficient(G, "g")

        t_nx = _loop_time(nx_rep, 2)
    # the measure: 999 permutations in calls of igraph's assortativity_nominal on
    # the same graph (one call timed, best of 5, in this run)
    labels = codes.tolist()
    t_call = best_time(lambda: h.assortativity_nominal(labels, directed=False), repeat=5)
    permutation_test(g, "nominal_assortativity", "group", n_resamples=9, seed=1,
                     progress=False)  # the compiled engine loaded from numba's cache
    for n_jobs in (None, 1, 2):
        t = best_time(lambda n_jobs=n_jobs: permutation_test(
            g, "nominal_assortativity", "group", n_resamples=999, seed=1, n_jobs=n_jobs,
            progress=False), repeat=1)
        row(f"999 label permutations, n_jobs={n_jobs}", t, t_ig, t_nx)
        rows[-1].update(igraph_call_s=t_call, igraph_calls=t / t_call)
    rows[-1].update(end_to_end_s=_end_to_end(n_edges))

    if quick:
        return rows
    data = NetworkData.from_graph(g, "group")
    t_boot = best_time(lambda: bootstrap(g, "nominal_assortativity", "group",
                                         n_resamples=999, seed=0, progress=False), repeat=1)

    def explicit_sample():
        graph, c = node_sample_graph(data, rng.integers(0, g.n_nodes, g.n_nodes))
        return netmix.nominal_assortativity(graph, c)

    row("999 node-bootstrap samples", t_boot, t_loop=_loop_time(explicit_sample, 3))
    for model in (DegreePreserving(), ConfigurationModel()):
        model.fit(data)
        t = best_time(lambda model=model: model.sample(rng), repeat=1)
        row(f"one {model.name} replicate", t)
    return rows


def _end_to_end(n_edges: int) -> float:
    """Wall time of Parquet edge and node tables -> SocialGraph -> mixing matrix -> r ->
    999 label permutations (default n_jobs: every core)."""
    import pandas as pd

    import netmix

    from .graphs import CACHE

    cached_graph(n_edges)
    t0 = time.perf_counter()
    edges = pd.read_parquet(CACHE / f"sbm_{n_edges}_0_edges.parquet")
    nodes = pd.read_parquet(CACHE / f"sbm_{n_edges}_0_nodes.parquet")
    g = netmix.from_edges(edges, nodes, node_id="id")
    netmix.mixing_matrix(g, "group")
    netmix.nominal_assortativity(g, "group")
    netmix.permutation_test(g, "nominal_assortativity", "group", n_resamples=999, seed=1,
                            progress=False)
    return time.perf_counter() - t0


def main(argv: list[str] | None = None) -> list[dict]:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--sizes", nargs="+", type=float, default=[1e5])
    p.add_argument("--nx-max", type=float, default=1e6)
    p.add_argument("--quick", action="store_true",
                   help="only the label permutations (skip the bootstrap and edge nulls)")
    args = p.parse_args(argv)
    rows: list[dict] = []
    cols = ["edges", "task", "netmix_s", "igraph/netmix", "networkx/netmix", "loop/netmix",
            "igraph_call_s", "igraph_calls", "end_to_end_s"]
    for size in args.sizes:
        new = run_size(int(size), args.nx_max, args.quick)
        rows += new
        print(markdown_table(new, cols), flush=True)
    md = ("# Inference: netmix vs loops over igraph / networkx\n\n" + TARGET + "\n\nRatios > 1 "
          "mean netmix is faster; loop times are extrapolated from a few replicates.\n\n"
          + markdown_table(rows, [*cols, "igraph_loop_s", "networkx_loop_s", "netmix_loop_s"]))
    write_results("inference", rows, md)
    return rows


if __name__ == "__main__":
    main()
