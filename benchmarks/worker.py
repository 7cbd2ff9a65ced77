"""Time one library on one cached graph, in its own process (so its peak memory is its own).

    python -m benchmarks.worker --lib netmix --edges 1000000 --tasks all

Prints one JSON object: ``{"lib", "edges", "nodes", "times": {task: seconds}, "notes":
{task: text}, "peak_rss_mb"}``. Tasks a library lacks, or that exceed its size cap, are left
out. Each time is the best of a few runs (one for the slow ones).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import time
from collections.abc import Callable
from typing import Any

import numpy as np

from ._common import best_time
from .graphs import cached_graph

TASKS = ["load", "mixing_matrix", "nominal_assortativity", "numeric_assortativity",
         "degree_assortativity", "permutation_test", "leiden", "communities", "constraint",
         "local_bridges"]
N_PERM = 999


def _timer(times: dict, notes: dict) -> Callable[..., None]:
    def run(task: str, fn: Callable[[], Any], *, repeat: int = 3, scale: float = 1.0,
            note: str | None = None) -> None:
        times[task] = best_time(fn, repeat=repeat) * scale
        if note:
            notes[task] = note
    return run


def bench_netmix(edges, nodes, tasks, caps) -> tuple[dict, dict]:
    import netmix
    from netmix.bridging import constraint, local_bridges

    times: dict[str, float] = {}
    notes: dict[str, str] = {}
    run = _timer(times, notes)
    t0 = time.perf_counter()
    g = netmix.from_edges(edges, nodes, node_id="id")
    times["load"] = time.perf_counter() - t0
    m = g.n_edges
    # warm up the single-run tasks on a small graph: imports and first-call costs are
    # paid once per session, not per analysis
    small = netmix.from_edges(*cached_graph(2000), node_id="id")
    netmix.detect_communities(small, "leiden", seed=0)
    netmix.permutation_test(small, "nominal_assortativity", "group", n_resamples=9, seed=0,
                            progress=False)
    constraint(small)
    local_bridges(small)
    if {"leiden", "constraint"} & set(tasks):
        t0 = time.perf_counter()
        _ = g.igraph  # the cached igraph view, built once per graph for igraph's C routines
        times["igraph_view"] = time.perf_counter() - t0
        notes["igraph_view"] = "one-off: SocialGraph.igraph, cached for later C routines"
    if "mixing_matrix" in tasks:
        run("mixing_matrix", lambda: netmix.mixing_matrix(g, "group"))
    if "nominal_assortativity" in tasks:
        run("nominal_assortativity", lambda: netmix.nominal_assortativity(g, "group"), repeat=5)
    if "numeric_assortativity" in tasks:
        run("numeric_assortativity", lambda: netmix.numeric_assortativity(g, "age"), repeat=5)
    if "degree_assortativity" in tasks:
        run("degree_assortativity", lambda: netmix.degree_assortativity(g), repeat=5)
    if "permutation_test" in tasks and m <= caps["permutation_test"]:
        run("permutation_test", lambda: netmix.permutation_test(
            g, "nominal_assortativity", "group", n_resamples=N_PERM, seed=0, progress=False),
            repeat=1)
    if "leiden" in tasks and m <= caps["leiden"]:
        run("leiden", lambda: netmix.detect_communities(g, "leiden", seed=0), repeat=1,
            note="modularity Leiden, igraph C core")
    if "communities" in tasks and m <= caps["communities"]:
        found = {}
        threads = os.cpu_count() or 1  # the cores NetworKit's PLM gets
        # untimed first call: builds the graph's cached NetworKit graph and adjacency (the
        # peers' graphs are built before their timings too) and loads the kernels
        netmix.detect_communities(g, "plm", seed=0, n_jobs=threads)

        def plm() -> None:
            found["q"] = netmix.detect_communities(g, "plm", seed=0, n_jobs=threads).modularity

        run("communities", plm, repeat=3)
        notes["communities"] = (f"detect_communities(method='plm', n_jobs={threads}): NetworKit "
                                f"PLM, then node moves, merges and splits; Q = {found['q']:.5f}")
    if "constraint" in tasks and m <= caps["constraint"]:
        run("constraint", lambda: constraint(g), repeat=1)
    if "local_bridges" in tasks and m <= caps["local_bridges"]:
        run("local_bridges", lambda: local_bridges(g, with_span=True), repeat=1)
    return times, notes


def bench_igraph(edges, nodes, tasks, caps) -> tuple[dict, dict]:
    import igraph as ig

    times: dict[str, float] = {}
    notes: dict[str, str] = {}
    run = _timer(times, notes)
    codes = np.unique(nodes["group"].to_numpy(), return_inverse=True)[1]
    t0 = time.perf_counter()
    h = ig.Graph(n=len(nodes))
    h.add_edges(np.column_stack([edges["source"].to_numpy(), edges["target"].to_numpy()]))
    h.vs["group"] = codes.tolist()
    h.vs["age"] = nodes["age"].tolist()
    times["load"] = time.perf_counter() - t0
    notes["load"] = "Graph.add_edges from the edge arrays (2x faster than Graph(edges=...))"
    small = ig.Graph.Erdos_Renyi(n=200, m=1000)  # warm-up: first-call costs, as for netmix
    small.community_leiden(objective_function="modularity", n_iterations=-1)
    small.constraint()
    m = h.ecount()
    if "nominal_assortativity" in tasks:
        run("nominal_assortativity", lambda: h.assortativity_nominal("group", directed=False),
            repeat=5)
    if "numeric_assortativity" in tasks:
        run("numeric_assortativity", lambda: h.assortativity("age", directed=False), repeat=5)
    if "degree_assortativity" in tasks:
        run("degree_assortativity", lambda: h.assortativity_degree(directed=False), repeat=5)
    if "permutation_test" in tasks and m <= caps["permutation_test"]:
        rng = np.random.default_rng(0)
        k = 20

        def loop() -> None:
            for _ in range(k):
                h.assortativity_nominal(rng.permutation(codes).tolist(), directed=False)

        run("permutation_test", loop, repeat=1, scale=N_PERM / k,
            note=f"Python loop of assortativity_nominal, extrapolated from {k} permutations")
    if "leiden" in tasks and m <= caps["leiden"]:
        import random

        def leiden() -> None:  # the same seeded stream as netmix's seed=0: the same work
            ig.set_random_number_generator(random.Random(0))
            h.community_leiden(objective_function="modularity", n_iterations=-1)
            ig.set_random_number_generator(random)

        run("leiden", leiden, repeat=1,
            note="same parameters and random stream as netmix: modularity, until stable")
    if "constraint" in tasks and m <= caps["constraint"]:
        run("constraint", lambda: h.constraint(), repeat=1)
    return times, notes


def bench_networkx(edges, nodes, tasks, caps) -> tuple[dict, dict]:
    import networkx as nx

    times: dict[str, float] = {}
    notes: dict[str, str] = {}
    run = _timer(times, notes)
    m = len(edges)
    if m > caps["networkx"]:
        return times, {"all": f"skipped above {caps['networkx']:.0e} edges"}
    t0 = time.perf_counter()
    G = nx.Graph()
    G.add_nodes_from(range(len(nodes)))
    G.add_edges_from(zip(edges["source"].tolist(), edges["target"].tolist(), strict=True))
    nx.set_node_attributes(G, dict(enumerate(nodes["group"].tolist())), "group")
    nx.set_node_attributes(G, dict(enumerate(nodes["age"].tolist())), "age")
    times["load"] = time.perf_counter() - t0
    if "mixing_matrix" in tasks:
        run("mixing_matrix", lambda: nx.attribute_mixing_matrix(G, "group"), repeat=1)
    if "nominal_assortativity" in tasks:
        run("nominal_assortativity", lambda: nx.attribute_assortativity_coefficient(G, "group"),
            repeat=1)
    if "numeric_assortativity" in tasks:
        run("numeric_assortativity", lambda: nx.numeric_assortativity_coefficient(G, "age"),
            repeat=1)
    if "degree_assortativity" in tasks:
        run("degree_assortativity", lambda: nx.degree_assortativity_coefficient(G), repeat=1)
    if "permutation_test" in tasks and m <= caps["networkx_permutation"]:
        rng = np.random.default_rng(0)
        labels = nodes["group"].to_numpy()
        k = 3

        def loop() -> None:
            for _ in range(k):
                nx.set_node_attributes(G, dict(enumerate(rng.permutation(labels))), "perm")
                nx.attribute_assortativity_coefficient(G, "perm")

        run("permutation_test", loop, repeat=1, scale=N_PERM / k,
            note=f"loop extrapolated from {k} permutations")
    if "leiden" in tasks and m <= caps["networkx_louvain"]:
        run("leiden", lambda: nx.community.louvain_communities(G, seed=0), repeat=1,
            note="networkx has no Leiden: Louvain")
    if "constraint" in tasks and m <= caps["networkx_constraint"]:
        run("constraint", lambda: nx.constraint(G), repeat=1)
    if "local_bridges" in tasks and m <= caps["networkx_local_bridges"]:
        run("local_bridges", lambda: list(nx.local_bridges(G, with_span=True)), repeat=1,
            note="with spans: one shortest path per edge in Python, capped at 1e4 edges")
    return times, notes


def bench_networkit(edges, nodes, tasks, caps) -> tuple[dict, dict]:
    import networkit as nk

    times: dict[str, float] = {}
    notes: dict[str, str] = {}
    run = _timer(times, notes)
    n = len(nodes)
    codes = np.unique(nodes["group"].to_numpy(), return_inverse=True)[1]
    t0 = time.perf_counter()
    G = nk.Graph(n)
    G.addEdges((edges["source"].to_numpy(np.uint64), edges["target"].to_numpy(np.uint64)))
    times["load"] = time.perf_counter() - t0
    notes["load"] = "Graph.addEdges from the edge arrays"
    m = G.numberOfEdges()
    nk.setSeed(0, False)
    if "nominal_assortativity" in tasks:
        part = nk.structures.Partition(n)
        part.setUpperBound(int(codes.max()) + 1)
        for i, c in enumerate(codes.tolist()):  # building the input is not timed
            part[i] = c
        run("nominal_assortativity", lambda: nk.correlation.Assortativity(G, part).run(),
            repeat=5, note="Assortativity(G, Partition): NetworKit's own formula, whose "
            "values differ from Newman's (networkit/networkit#1161)")
    if "numeric_assortativity" in tasks:
        age = nodes["age"].astype(float).tolist()
        run("numeric_assortativity", lambda: nk.correlation.Assortativity(G, age).run(),
            repeat=5)
    if "degree_assortativity" in tasks:
        def degree() -> None:
            deg = nk.centrality.DegreeCentrality(G).run().scores()
            nk.correlation.Assortativity(G, deg).run()

        run("degree_assortativity", degree, repeat=5, note="degrees, then Assortativity")
    if "leiden" in tasks and m <= caps["leiden"]:
        run("leiden", lambda: nk.community.PLM(G, refine=True).run(), repeat=1,
            note="PLM (parallel Louvain with refinement), 2 threads")
    if "communities" in tasks and m <= caps["communities"]:
        found = {}

        def plm() -> None:
            algo = nk.community.PLM(G, refine=True).run()
            found["q"] = nk.community.Modularity().getQuality(algo.getPartition(), G)

        run("communities", plm, repeat=3)
        notes["communities"] = f"PLM with refinement, 2 threads; Q = {found['q']:.5f}"
    return times, notes


LIBS = {"netmix": bench_netmix, "igraph": bench_igraph, "networkx": bench_networkx,
        "networkit": bench_networkit}

# Leiden until stable takes 7 minutes a library at 1e7 edges (bench_communities has it);
# the fast method ("communities") runs at every size.
CAPS = {"permutation_test": 1e7, "leiden": 1e6, "communities": 1e7, "constraint": 1e6,
        "local_bridges": 1e6,
        "networkx": 1e6, "networkx_permutation": 1e6, "networkx_louvain": 1e6,
        "networkx_constraint": 1e5, "networkx_local_bridges": 1e4}


def main(argv: list[str] | None = None) -> dict:
    p = argparse.ArgumentParser()
    p.add_argument("--lib", choices=sorted(LIBS), required=True)
    p.add_argument("--edges", type=float, required=True)
    p.add_argument("--tasks", nargs="+", default=["all"])
    p.add_argument("--caps", default="{}", help="JSON overrides of the size caps")
    args = p.parse_args(argv)
    tasks = TASKS if args.tasks == ["all"] else args.tasks
    caps = {**CAPS, **json.loads(args.caps)}
    edges, nodes = cached_graph(int(args.edges))
    times, notes = LIBS[args.lib](edges, nodes, tasks, caps)
    out = {"lib": args.lib, "edges": len(edges), "nodes": len(nodes), "times": times,
           "notes": notes,
           "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}
    print(json.dumps(out))
    return out


if __name__ == "__main__":
    main()
