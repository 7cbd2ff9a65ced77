"""Community detection: netmix against NetworKit's PLM, igraph's Leiden and networkx.

On the attributed SBM graphs of ``benchmarks/graphs.py`` (6 planted groups), in one process:

* ``plm`` rows (issue 16 item 2): netmix's ``detect_communities(g, "plm", n_jobs=T)``
  (NetworKit's PLM + netmix's split check) against NetworKit's PLM called directly on an
  already-built NetworKit graph with the same T threads, and igraph's Leiden (modularity,
  ``n_iterations=-1`` up to ``--leiden-full-max`` edges, else ``--leiden-iterations``, timed
  once) as the quality reference. CPU time (``time.process_time``, all threads) and wall
  time, best of ``--repeat`` runs each, interleaved; ratios netmix / PLM (target <= 1.5)
  and modularity netmix vs Leiden in % (target >= -0.5 %). The NetworKit graph is built
  once per graph (``netkit_build_s``; netmix caches it on the SocialGraph as it caches the
  igraph view) and is not in either time.
* ``leiden`` / ``louvain`` rows (``--methods``): netmix against igraph's call on an
  already-built ``igraph.Graph`` (Leiden: the same seeded call, so ``overhead_%`` is
  netmix's overhead; Louvain: netmix's own compiled Louvain, at most 32 passes per level,
  against igraph's ``community_multilevel``, whose passes have no cap: about 21 minutes at
  1e7 edges on this graph), and networkx's ``louvain_communities`` up to ``--nx-max``
  edges.

Writes ``benchmarks/results/communities.{json,md}``.

Measured (2 threads, quiet 2-core machine; ``--sizes 1e6 1e7 --repeat 3 --leiden-full-max
1e7``, 2026-12-05, after the compiled repairs): 1e6 edges netmix plm 0.553 s CPU vs PLM 0.418
s (1.32x; wall 0.327 vs 0.219 s, 1.49x), Q 0.54007 in every round vs Leiden until stable
0.54008 (-0.002 %); 1e7 edges 15.7 s CPU vs PLM 23.2 s (0.68x; wall 9.9 vs 12.5 s, 0.79x),
Q 0.53974 in every round vs Leiden until stable 0.53975 in 503 s CPU (-0.002 %), where PLM
alone gives 0.34-0.40. With 16 Lanczos steps instead of 20 (``--sizes 1e6 1e7 --repeat 3``):
1.29x CPU (1.46x wall) at 1e6, 0.67x (0.81x) at 1e7, the same Q. After the split check's
compiled piece search and int32 blocks (2026-12-05, session 7; ``--sizes 1e6 1e7 --repeat
3``): 1.22x CPU (1.35x wall; runs of ``--sizes 1e6 --repeat 5`` gave 1.17-1.22x CPU and
1.26-1.35x wall) at 1e6 and 0.56x CPU (0.63x wall) at 1e7, Q 0.54007 / 0.53974 as before.
``--methods louvain --repeat 1``: netmix's capped Louvain 1.25 s at 1e6 (igraph's
multilevel 1.68 s, Q 0.540 both) and 47.6 s at 1e7 (Q 0.355; igraph's: 21 minutes, skipped
above ``--igraph-louvain-max``).

    python -m benchmarks.bench_communities --sizes 1e6 1e7          # plm vs PLM vs Leiden
    python -m benchmarks.bench_communities --sizes 1e6 --methods plm leiden louvain
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time

import numpy as np

from ._common import markdown_table, write_results
from .graphs import cached_graph

TARGETS = """Targets (issue 16 item 2): a method whose time at 1e6 and 1e7 edges is at most 1.5x
NetworKit PLM's on the same graph and cores, at a modularity no lower than igraph Leiden's
minus 0.5 %; netmix's overhead over the same igraph call under 10 %."""

SEED = 0


def _clock(fn, holder: dict, key: str) -> tuple[float, float]:
    c0, w0 = time.process_time(), time.perf_counter()
    holder[key] = fn()
    return time.process_time() - c0, time.perf_counter() - w0


def _say(m: int, what: str, cpu: float, wall: float) -> None:
    if wall > 10:  # a long call: say where the run is (stderr keeps the tables clean)
        print(f"[{time.strftime('%H:%M:%S')}] {m} edges {what}: {cpu:.1f} s CPU, {wall:.1f} s "
              "wall", file=sys.stderr, flush=True)


def _leiden(h, iterations: int) -> tuple[float, float, float, int]:
    import igraph as ig

    ig.set_random_number_generator(random.Random(SEED))
    try:
        out: dict = {}
        cpu, wall = _clock(lambda: h.community_leiden(objective_function="modularity",
                                                      n_iterations=iterations), out, "c")
    finally:
        ig.set_random_number_generator(random)
    return cpu, wall, float(h.modularity(out["c"].membership)), len(out["c"])


def plm_rows(g, h, threads: int, repeat: int, leiden_iterations: int) -> list[dict]:
    import networkit as nk

    from netmix.communities import detect_communities

    m, n = g.n_edges, g.n_nodes
    t0 = time.perf_counter()
    G = nk.GraphFromCoo((g.src.astype(np.uint64), g.dst.astype(np.uint64)), n=n,
                        directed=False)
    t_build = time.perf_counter() - t0
    detect_communities(g, "plm", seed=SEED, n_jobs=threads)  # builds netmix's cached copy

    def direct():
        before = nk.getMaxNumberOfThreads()
        nk.setNumberOfThreads(threads)
        nk.engineering.setSeed(SEED, True)
        try:
            plm = nk.community.PLM(G, refine=False)
            plm.run()
            return np.asarray(plm.getPartition().getVector())
        finally:
            nk.setNumberOfThreads(before)

    out: dict = {}
    ours_t, plm_t, ours_q, plm_q = [], [], [], []
    for _ in range(repeat):  # interleaved, so that load on the shared machine hits both
        ours_t.append(_clock(lambda: detect_communities(g, "plm", seed=SEED, n_jobs=threads),
                             out, "p"))
        ours_q.append(out["p"].modularity)
        _say(m, "netmix plm", *ours_t[-1])
        plm_t.append(_clock(direct, out, "d"))
        plm_q.append(float(h.modularity(out["d"].tolist())))
        _say(m, "NetworKit PLM", *plm_t[-1])
    lcpu, lwall, lq, lk = _leiden(h, leiden_iterations)
    _say(m, f"igraph Leiden n_iterations={leiden_iterations}", lcpu, lwall)
    oc, ow = min(t[0] for t in ours_t), min(t[1] for t in ours_t)
    pc, pw = min(t[0] for t in plm_t), min(t[1] for t in plm_t)
    return [{
        "edges": m, "nodes": n, "method": "plm", "threads": threads, "rounds": repeat,
        "netmix_cpu_s": oc, "netmix_wall_s": ow, "plm_cpu_s": pc, "plm_wall_s": pw,
        "cpu_ratio": oc / pc, "wall_ratio": ow / pw,
        "Q_netmix": min(ours_q), "Q_netmix_max": max(ours_q), "Q_plm": min(plm_q),
        "Q_plm_max": max(plm_q), "Q_leiden": lq, "leiden_iterations": leiden_iterations,
        "leiden_cpu_s": lcpu, "leiden_wall_s": lwall, "leiden_communities": lk,
        "dQ_vs_leiden_%": 100 * (min(ours_q) / lq - 1),
        "communities": out["p"].n_communities, "netkit_build_s": t_build,
    }]


def igraph_rows(g, h, method: str, repeat: int, G_nx, igraph_louvain_max: float) -> dict:
    import igraph as ig
    import networkx as nx

    from netmix.communities import detect_communities

    m = g.n_edges

    def raw():
        ig.set_random_number_generator(random.Random(SEED))
        try:
            if method == "leiden":
                return h.community_leiden(objective_function="modularity", n_iterations=-1)
            return h.community_multilevel()
        finally:
            ig.set_random_number_generator(random)

    out: dict = {}
    raws, ourss = [], []
    skip = method == "louvain" and m > igraph_louvain_max  # igraph's: 21 minutes at 1e7
    for _ in range(repeat):
        raws.append(float("nan") if skip else _clock(raw, out, "c")[1])
        _say(m, f"igraph {method}", 0.0, raws[-1])
        ourss.append(_clock(lambda: detect_communities(g, method, seed=SEED), out, "p")[1])
        _say(m, f"netmix {method}", 0.0, ourss[-1])
    t_nx, q_nx = float("nan"), float("nan")
    if G_nx is not None and method == "louvain":
        t_nx = _clock(lambda: nx.community.louvain_communities(G_nx, seed=SEED), out, "x")[1]
        q_nx = float(nx.community.modularity(G_nx, out["x"]))
    return {"edges": m, "nodes": g.n_nodes, "method": method, "netmix_wall_s": min(ourss),
            "igraph_wall_s": min(raws), "overhead_%": 100 * (min(ourss) / min(raws) - 1),
            "same_partition_size": not skip and out["p"].n_communities == len(out["c"]),
            "Q_netmix": out["p"].modularity,
            "Q_igraph": float("nan") if skip else float(h.modularity(out["c"].membership)),
            "networkx_louvain_s": t_nx, "Q_networkx": q_nx,
            "communities": out["p"].n_communities}


def run_size(n_edges: int, methods: tuple[str, ...], repeat: int, threads: int,
             leiden_full_max: float, leiden_iterations: int, nx_max: float,
             igraph_louvain_max: float = 2e6) -> list[dict]:
    import igraph as ig
    import networkx as nx

    import netmix

    edges, nodes = cached_graph(n_edges)
    g = netmix.from_edges(edges, nodes, node_id="id")
    _ = g.igraph  # built once and cached; every later call reuses it
    h = ig.Graph(n=g.n_nodes, edges=np.column_stack([g.src, g.dst]).astype(np.int64),
                 directed=False)
    rows: list[dict] = []
    if "plm" in methods:
        its = -1 if g.n_edges <= leiden_full_max else leiden_iterations
        rows += plm_rows(g, h, threads, repeat, its)
    G_nx = None
    if "louvain" in methods and g.n_edges <= nx_max:
        G_nx = nx.Graph()
        G_nx.add_nodes_from(range(g.n_nodes))
        G_nx.add_edges_from(zip(g.src.tolist(), g.dst.tolist(), strict=True))
    rows += [igraph_rows(g, h, mth, repeat, G_nx, igraph_louvain_max) for mth in methods
             if mth != "plm"]
    return rows


PLM_COLS = ["edges", "threads", "netmix_cpu_s", "plm_cpu_s", "cpu_ratio", "netmix_wall_s",
            "plm_wall_s", "wall_ratio", "Q_netmix", "Q_netmix_max", "Q_plm", "Q_plm_max",
            "Q_leiden", "leiden_iterations", "leiden_cpu_s", "dQ_vs_leiden_%", "communities",
            "leiden_communities", "netkit_build_s"]
IG_COLS = ["edges", "method", "netmix_wall_s", "igraph_wall_s", "overhead_%",
           "same_partition_size", "Q_netmix", "Q_igraph", "networkx_louvain_s", "Q_networkx",
           "communities"]


def main(argv: list[str] | None = None) -> list[dict]:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--sizes", nargs="+", type=float, default=[1e4, 1e5],
                   help="edge counts (the issue's targets: 1e6 1e7)")
    p.add_argument("--methods", nargs="+", choices=["plm", "leiden", "louvain"],
                   default=["plm"])
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--threads", type=int, default=os.cpu_count() or 1,
                   help="threads for NetworKit's PLM and netmix's plm (default: all cores)")
    p.add_argument("--leiden-full-max", type=float, default=1e6,
                   help="largest size at which Leiden runs until stable (n_iterations=-1)")
    p.add_argument("--leiden-iterations", type=int, default=2,
                   help="Leiden's n_iterations above --leiden-full-max")
    p.add_argument("--nx-max", type=float, default=1e5,
                   help="largest size at which networkx's Louvain is timed")
    p.add_argument("--igraph-louvain-max", type=float, default=2e6,
                   help="largest size at which igraph's community_multilevel is timed "
                        "(21 minutes at 1e7 edges)")
    args = p.parse_args(argv)
    rows: list[dict] = []
    for size in args.sizes:
        new = run_size(int(size), tuple(args.methods), args.repeat, args.threads,
                       args.leiden_full_max, args.leiden_iterations, args.nx_max,
                       args.igraph_louvain_max)
        rows += new
        for cols, kind in ((PLM_COLS, "plm"), (IG_COLS, None)):
            sel = [r for r in new if (r["method"] == "plm") == (kind == "plm")]
            if sel:
                print(markdown_table(sel, cols), flush=True)
    plm = [r for r in rows if r["method"] == "plm"]
    other = [r for r in rows if r["method"] != "plm"]
    md = ("# Community detection: netmix vs NetworKit vs igraph vs networkx\n\n" + TARGETS
          + "\n\nplm: CPU (all threads) and wall times, best of the interleaved rounds; "
          "ratio = netmix / PLM (<= 1.5 meets the target); Q = modularity (igraph's), min "
          "and max over the rounds (with threads > 1 PLM is not reproducible run to run); "
          "dQ_vs_leiden_% = worst netmix Q / Leiden's Q - 1 (>= -0.5 meets the target).\n\n"
          + (markdown_table(plm, PLM_COLS) if plm else "")
          + ("\n\nigraph methods: overhead = netmix / igraph - 1 (Leiden: the same seeded "
             "call on an already-built graph; Louvain: netmix's capped Louvain against "
             "igraph's community_multilevel).\n\n" + markdown_table(other, IG_COLS)
             if other else ""))
    write_results("communities", rows, md)
    return rows


if __name__ == "__main__":
    main()
