"""Loading Parquet edge and node tables, and the igraph view, against their floors.

Issue 16, item 3: loading 1e7 edges from Parquet edge and node tables into a ``SocialGraph``
costs at most 4x pyarrow's read of the same files, and the igraph view (``g.igraph``) costs
no more than igraph's own construction from numpy arrays. For each size, on the cached SBM
graph (``benchmarks/graphs.py``), in one process and one run:

* ``pyarrow``: ``pyarrow.parquet.read_table`` of the edge and the node file;
* ``netmix load``: ``netmix.read_edges(edges.parquet, nodes.parquet)`` (ids, missing tokens,
  duplicates and node positions checked as always);
* ``igraph own``: ``igraph.Graph(n=..., edges=<(m, 2) numpy array>)``, igraph's constructor
  on the graph's own position arrays (no attributes);
* ``igraph add_edges``: ``Graph(n=...).add_edges(<(m, 2) array>)``, igraph's fastest route;
* ``netmix view``: ``g.igraph`` on a freshly loaded graph (edges and the node and edge
  attributes).

Times are CPU seconds (``time.process_time``, best of ``--repeat``; pyarrow's threads
included) and wall seconds; the ratios are netmix / peer. Writes
``benchmarks/results/load.{json,md}``.

    python -m benchmarks.bench_load --sizes 1e6 1e7

Measured (2-core machine, ``--sizes 1e7``, best of 3, 2026-12-05): Parquet -> SocialGraph
0.29 s CPU against pyarrow's 0.092 s (3.18-3.20x in two runs; wall 4.1-4.4x, pyarrow reading
on both cores); 3.9x (wall 5.2x) before that day's changes (an ordered undirected edge list
keeps its arrays, one reduction per bound check, no missing-id masks when the ids are the
positions). The sort that proves no pair repeats (~85 ms at 1e7 edges) and pyarrow's own read
are most of it; compiled twins of the key and bound passes saved a further 0.03 s but
imported numba (0.4 s) into every large load, and were dropped.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from typing import Any

import numpy as np

from ._common import markdown_table, write_results
from .graphs import CACHE, cached_graph

TARGET = ("Target (issue 16, item 3): netmix load / pyarrow read <= 4; netmix igraph view / "
          "igraph's own construction from numpy arrays <= 1.")


def _best(fn: Callable[[], Any], repeat: int) -> tuple[float, float]:
    """Best CPU and best wall seconds of ``fn()`` over ``repeat`` runs."""
    cpu = wall = np.inf
    for _ in range(repeat):
        c0, w0 = time.process_time(), time.perf_counter()
        fn()
        cpu = min(cpu, time.process_time() - c0)
        wall = min(wall, time.perf_counter() - w0)
    return float(cpu), float(wall)


def run_size(n_edges: int, repeat: int) -> list[dict]:
    import igraph as ig
    import pyarrow.parquet as pq

    import netmix

    cached_graph(n_edges)  # makes the files once
    e_path = CACHE / f"sbm_{n_edges}_0_edges.parquet"
    n_path = CACHE / f"sbm_{n_edges}_0_nodes.parquet"
    netmix.read_edges(e_path, n_path)  # warm the file cache and the imports
    pa = _best(lambda: (pq.read_table(e_path), pq.read_table(n_path)), repeat)
    load = _best(lambda: netmix.read_edges(e_path, n_path), repeat)
    g = netmix.read_edges(e_path, n_path)
    pairs = np.column_stack([g.src, g.dst])
    own = _best(lambda: ig.Graph(n=g.n_nodes, edges=pairs), repeat)
    add = _best(lambda: ig.Graph(n=g.n_nodes).add_edges(pairs), repeat)
    fresh = [netmix.read_edges(e_path, n_path) for _ in range(repeat)]
    view = _best(lambda: fresh.pop().igraph, repeat)
    rows = [
        {"edges": g.n_edges, "task": "Parquet -> SocialGraph", "peer": "pyarrow read_table",
         "netmix_cpu_s": load[0], "peer_cpu_s": pa[0], "ratio_cpu": load[0] / pa[0],
         "netmix_wall_s": load[1], "peer_wall_s": pa[1], "ratio_wall": load[1] / pa[1]},
    ]
    for peer, t in (("igraph Graph(n, edges=array)", own), ("igraph add_edges(array)", add)):
        rows.append({"edges": g.n_edges, "task": "igraph view", "peer": peer,
                     "netmix_cpu_s": view[0], "peer_cpu_s": t[0], "ratio_cpu": view[0] / t[0],
                     "netmix_wall_s": view[1], "peer_wall_s": t[1],
                     "ratio_wall": view[1] / t[1]})
    for r in rows:
        print(r, flush=True)
    return rows


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--sizes", nargs="+", type=float, default=[1e6])
    p.add_argument("--repeat", type=int, default=3)
    args = p.parse_args(argv)
    rows = [r for n in args.sizes for r in run_size(int(n), args.repeat)]
    md = ("# Loading Parquet tables and the igraph view\n\n" + TARGET + "\n\n"
          + markdown_table(rows, ["edges", "task", "peer", "netmix_cpu_s", "peer_cpu_s",
                                  "ratio_cpu", "netmix_wall_s", "peer_wall_s", "ratio_wall"]))
    write_results("load", rows, md)
    print(md)


if __name__ == "__main__":
    main()
