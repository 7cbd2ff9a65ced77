"""netmix.scale out of core: wall time and peak memory of the DuckDB engine.

Generates (once, cached under ``benchmarks/cache/``) a Parquet edge list with ``--edges``
rows and a node table with ``--nodes`` people in 6 groups of unequal size, with homophily
(70% of the ties inside the group) and arbitrary integer node ids; then runs each task in
a fresh subprocess and records its wall time and peak resident memory
(``resource.getrusage(RUSAGE_CHILDREN).ru_maxrss`` after the child exits). At the sizes
where it fits, the in-memory path (``netmix.read_edges`` + ``netmix.mixing_matrix``) is
timed the same way, and the results are checked to be equal.

    python -m benchmarks.bench_scale --edges 1e8 --nodes 1e7        # the acceptance run
    python -m benchmarks.bench_scale --edges 1e6 --nodes 1e5 --memory-max 1e7

Writes ``benchmarks/results/scale_<edges>.{json,md}``.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

from ._common import markdown_table, write_results

CACHE = Path(os.environ.get("NETMIX_BENCH_CACHE", Path(__file__).parent / "cache"))
SHARES = np.array([0.35, 0.25, 0.15, 0.10, 0.08, 0.07])
LABELS = np.array(["g1", "g2", "g3", "g4", "g5", "g6"])
CHUNK = 1 << 22  # edges generated and written per Parquet row group

TARGETS = """Target (issue "Scale", 2-core machine with 24 GiB): the DuckDB engine computes the
mixing matrix and nominal assortativity of a 1e8-edge Parquet edge list with a 1e7-node
attribute table in under 60 s and under 4 GiB peak memory."""


# ----------------------------------------------------------------------------- data
def generate(n_edges: int, n_nodes: int, seed: int = 0) -> tuple[Path, Path]:
    """Write (once) the edge and node Parquet files, chunk by chunk (memory: O(n_nodes +
    CHUNK))."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    CACHE.mkdir(parents=True, exist_ok=True)
    e_path = CACHE / f"scale_{n_edges}_{n_nodes}_{seed}_edges.parquet"
    n_path = CACHE / f"scale_{n_edges}_{n_nodes}_{seed}_nodes.parquet"
    if e_path.exists() and n_path.exists():
        return e_path, n_path
    rng = np.random.default_rng(seed)
    sizes = np.floor(SHARES * n_nodes).astype(np.int64)
    sizes[0] += n_nodes - sizes.sum()
    starts = np.r_[0, np.cumsum(sizes)[:-1]]
    group = np.repeat(np.arange(SHARES.size, dtype=np.int8), sizes)  # by position
    # arbitrary ids: position i has id ids[i] (a random injection into [0, 4 n))
    ids = rng.choice(4 * n_nodes, n_nodes, replace=False).astype(np.int64)
    nodes = pa.table({"id": ids, "group": pa.array(LABELS[group]),
                      "age": rng.normal(30 + 3 * group, 8).round(1)})
    pq.write_table(nodes, n_path.with_suffix(".tmp"), row_group_size=1 << 20)
    del nodes
    schema = pa.schema([("source", pa.int64()), ("target", pa.int64()),
                        ("duration", pa.int32())])
    tmp = e_path.with_suffix(".tmp")
    with pq.ParquetWriter(tmp, schema) as writer:
        for start in range(0, n_edges, CHUNK):
            m = min(CHUNK, n_edges - start)
            src = rng.integers(0, n_nodes, m)
            g = group[src]
            within = rng.random(m) < 0.7
            dst_in = starts[g] + (rng.random(m) * sizes[g]).astype(np.int64)
            dst = np.where(within, dst_in, rng.integers(0, n_nodes, m))
            writer.write_table(pa.table(
                {"source": ids[src], "target": ids[dst],
                 "duration": rng.integers(20, 3600, m, dtype=np.int32)}, schema=schema))
    os.replace(tmp, e_path)
    os.replace(n_path.with_suffix(".tmp"), n_path)
    return e_path, n_path


# ----------------------------------------------------------------------------- tasks
def _child(task: str, edges: str, nodes: str, threads: int, memory_limit: str) -> dict:
    """Run one task in this (child) process; print JSON."""
    import netmix
    import netmix.scale as S

    eng = S.DuckDBEngine(threads=threads, memory_limit=memory_limit, progress=False)
    t0 = time.perf_counter()
    out: dict = {}
    if task.startswith("duckdb_mixing"):
        dup = "keep" if task.endswith("keep") else "sum"
        m = S.mixing_matrix(edges, nodes, "group", duplicates=dup, engine=eng)
        out["assortativity"] = netmix.measures.assortativity_from_matrix(m)
        out["counts"] = np.asarray(m.counts).tolist()
    elif task == "duckdb_weighted":
        m = S.mixing_matrix(edges, nodes, "group", "duration", engine=eng)
        out["assortativity"] = netmix.measures.assortativity_from_matrix(m)
    elif task == "duckdb_missing_nodes":  # the edge columns read once into memory
        out["assortativity"] = S.nominal_assortativity(
            edges, nodes, "group", add_missing_nodes=True, missing="drop", engine=eng)
    elif task == "duckdb_degree":
        out["degree_assortativity"] = S.degree_assortativity(edges, nodes, engine=eng)
    elif task == "memory_mixing":
        g = netmix.read_edges(edges, nodes)
        m = netmix.mixing_matrix(g, "group")
        out["assortativity"] = netmix.measures.assortativity_from_matrix(m)
        out["counts"] = np.asarray(m.counts).tolist()
    elif task == "dask_mixing":
        from distributed import Client, LocalCluster

        # ":0" and port 0: free ports, so a busy port 8787 cannot fail the run
        with LocalCluster(n_workers=threads, threads_per_worker=1, processes=True,
                          dashboard_address=":0", scheduler_port=0) as cluster, \
                Client(cluster) as client:
            t0 = time.perf_counter()
            m = S.mixing_matrix(edges, nodes, "group", engine=S.DaskEngine(client))
            out["assortativity"] = netmix.measures.assortativity_from_matrix(m)
            out["counts"] = np.asarray(m.counts).tolist()
            out["seconds"] = time.perf_counter() - t0
    else:
        raise SystemExit(f"unknown task {task}")
    out.setdefault("seconds", time.perf_counter() - t0)
    usage = resource.getrusage(resource.RUSAGE_SELF)
    out["cpu_s"] = usage.ru_utime + usage.ru_stime
    out["self_peak_rss_gib"] = usage.ru_maxrss / 2**20  # this process (Dask: the client)
    return out


def run_task(task: str, edges: Path, nodes: Path, threads: int, memory_limit: str) -> dict:
    """Run ``task`` in a subprocess; wall time (of the whole child, imports included, and
    of the computation alone) and the child's peak RSS."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    cmd = [sys.executable, "-m", "benchmarks.bench_scale", "--child", task, str(edges),
           str(nodes), str(threads), memory_limit]
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True,
                          cwd=Path(__file__).resolve().parents[1], check=False)
    wall = time.perf_counter() - t0
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if proc.returncode != 0:
        raise RuntimeError(f"{task} failed:\n{proc.stderr[-3000:]}")
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    # RUSAGE_CHILDREN's ru_maxrss is the largest child so far; the child's own figure is
    # exact for every task (it includes DuckDB, which runs in the process)
    out["peak_rss_gib"] = out["self_peak_rss_gib"] if task != "dask_mixing" else \
        (peak_kib / 2**20 if peak_kib > before else float("nan"))
    out["wall_s"] = wall
    return out


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--edges", type=float, default=1e8)
    p.add_argument("--nodes", type=float, default=1e7)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--memory-limit", default="2GB")
    p.add_argument("--memory-max", type=float, default=2e7,
                   help="largest edge count timed in memory too")
    p.add_argument("--tasks", nargs="*",
                   default=["duckdb_mixing", "duckdb_mixing_keep", "duckdb_weighted",
                            "duckdb_degree"],
                   help="tasks to run; also duckdb_missing_nodes (add_missing_nodes=True)")
    p.add_argument("--dask", action="store_true",
                   help="also time the Dask engine (a LocalCluster of --threads processes)")
    p.add_argument("--child", nargs=5, help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.child:
        task, edges, nodes, threads, limit = args.child
        print(json.dumps(_child(task, edges, nodes, int(threads), limit)))
        return
    m, n = int(args.edges), int(args.nodes)
    t0 = time.perf_counter()
    edges, nodes = generate(m, n)
    print(f"data: {edges.name} ({edges.stat().st_size / 2**30:.2f} GiB), "
          f"{time.perf_counter() - t0:.1f} s")
    tasks = list(args.tasks) + (["memory_mixing"] if m <= args.memory_max else []) \
        + (["dask_mixing"] if args.dask else [])
    rows, results = [], {}
    for task in tasks:
        out = run_task(task, edges, nodes, args.threads, args.memory_limit)
        results[task] = out
        row = {"task": task, "edges": m, "nodes": n, "compute_s": out["seconds"],
               "wall_s": out["wall_s"], "cpu_s": out["cpu_s"],
               "peak_rss_gib": out["peak_rss_gib"]}
        for key in ("assortativity", "degree_assortativity"):
            if key in out:
                row[key] = out[key]
        rows.append(row)
        print(json.dumps(row))
    ref = results.get("memory_mixing")
    for row in rows:
        out = results[row["task"]]
        if ref is not None and row["task"] in ("duckdb_mixing", "dask_mixing"):
            row["equal_to_in_memory"] = out["counts"] == ref["counts"]
            row["memory/this"] = ref["compute_s"] / out["seconds"] if "compute_s" in ref \
                else ref["seconds"] / out["seconds"]
    table = markdown_table(rows, ["task", "edges", "nodes", "compute_s", "wall_s", "cpu_s",
                                  "peak_rss_gib", "assortativity", "degree_assortativity",
                                  "equal_to_in_memory", "memory/this"])
    md = (f"# netmix.scale (DuckDB engine), {m:.0e} edges, {n:.0e} nodes\n\n{TARGETS}\n\n"
          f"threads={args.threads}, memory_limit={args.memory_limit}; each task in a fresh "
          "process: compute_s is the computation, wall_s the whole child (Python start-up "
          "and imports included), peak_rss_gib the child's peak resident memory. Tasks: "
          "duckdb_mixing = mixing matrix + nominal assortativity with the defaults "
          "(parallel edges merged), _keep = every row an edge, _weighted = summed "
          "durations, duckdb_degree = degree assortativity (two passes), "
          "duckdb_missing_nodes = nominal assortativity with add_missing_nodes=True (the "
          "endpoint columns read once into memory, then scanned there), memory_mixing = "
          "netmix.read_edges + netmix.mixing_matrix.\n\n" + table)
    j, mdp = write_results(f"scale_{m:.0e}".replace("+", ""), rows, md)
    print(f"wrote {j} and {mdp}")


if __name__ == "__main__":
    main()
