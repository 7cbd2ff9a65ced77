"""netmix.scale.mixing_over_time out of core: daily mixing of contact records in Parquet.

Generates (once, cached under ``benchmarks/cache/``, chunk by chunk so memory stays low) a
Parquet table of ``--records`` contact records ``(t, i, j, duration)`` over ``--days`` days
in Europe/Paris starting 2021-03-22 (so the 23-hour day of the DST change, 2021-03-28, is
in it), between ``--people`` people in 6 groups of unequal size with homophily (70% of the
records inside the group), and the node table. Each task runs in a fresh subprocess; its
wall time, CPU time and peak resident memory (``getrusage(RUSAGE_SELF)`` in the child) are
recorded.

Tasks:

* ``duckdb_duration``: daily mixing, seconds of contact summed (the default weight);
* ``duckdb_pairs``: daily mixing, pairs in contact counted (``weight=None``: distinct pairs
  per day, a larger aggregate);
* ``memory``: ``netmix.Contacts.from_events`` of the whole table + ``netmix.mixing_over_time``
  (``interval="none"``), only up to ``--memory-max`` records;
* ``memory_by_day``: the in-memory result of each day separately (the day's records read
  from Parquet with a filter, ``Contacts.from_events`` with every person,
  ``netmix.mixing_over_time(..., start=day, end=next day)``): exactly the in-memory result
  for each window, at any size (``memory_by_day_pairs``: the same with ``weight=None``).

Equality: each window's matrix and statistic of the DuckDB run against the in-memory one
(counts exactly, statistics to 1e-12).

    python -m benchmarks.bench_scale_temporal --records 1e8          # the acceptance run
    python -m benchmarks.bench_scale_temporal --records 2e7 --tasks duckdb_duration memory

Writes ``benchmarks/results/scale_temporal_<records>.{json,md}``.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import pickle
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from ._common import markdown_table, write_results

CACHE = Path(os.environ.get("NETMIX_BENCH_CACHE", Path(__file__).parent / "cache"))
SHARES = np.array([0.35, 0.25, 0.15, 0.10, 0.08, 0.07])
LABELS = np.array(["g1", "g2", "g3", "g4", "g5", "g6"])
CHUNK = 1 << 22  # records generated and written per Parquet row group
TZ = "Europe/Paris"
FIRST_DAY = "2021-03-22"

TARGET = """Target (issue 17 "Mixing in time", item 7): daily mixing of 1e8 contact records
from Parquet through the DuckDB engine equals the in-memory result."""


# ----------------------------------------------------------------------------- data
def generate(n_records: int, n_people: int, days: int, seed: int = 0) -> tuple[Path, Path]:
    """Write (once) the records and node Parquet files; memory O(n_people + CHUNK)."""
    import pandas as pd
    import pyarrow as pa
    import pyarrow.parquet as pq

    CACHE.mkdir(parents=True, exist_ok=True)
    stem = f"temporal_{n_records}_{n_people}_{days}_{seed}"
    c_path, n_path = CACHE / f"{stem}_contacts.parquet", CACHE / f"{stem}_nodes.parquet"
    if c_path.exists() and n_path.exists():
        return c_path, n_path
    rng = np.random.default_rng(seed)
    sizes = np.floor(SHARES * n_people).astype(np.int64)
    sizes[0] += n_people - sizes.sum()
    starts = np.r_[0, np.cumsum(sizes)[:-1]]
    group = np.repeat(np.arange(SHARES.size), sizes)
    ids = rng.choice(4 * n_people, n_people, replace=False).astype(np.int64)
    pq.write_table(pa.table({"id": ids, "group": pa.array(LABELS[group])}),
                   n_path.with_suffix(".tmp"))
    t0 = int(pd.Timestamp(FIRST_DAY, tz=TZ).timestamp())
    span = days * 86400
    n_chunks = -(-n_records // CHUNK)
    schema = pa.schema([("t", pa.int64()), ("i", pa.int64()), ("j", pa.int64()),
                        ("duration", pa.int32())])
    tmp = c_path.with_suffix(".tmp")
    with pq.ParquetWriter(tmp, schema) as writer:
        for k in range(n_chunks):  # chunk k covers the k-th slice of time, sorted
            m = min(CHUNK, n_records - k * CHUNK)
            lo, hi = t0 + span * k // n_chunks, t0 + span * (k + 1) // n_chunks
            t = np.sort(rng.integers(lo, hi, m))
            a = rng.integers(0, n_people, m)
            g = group[a]
            inside = starts[g] + (rng.random(m) * sizes[g]).astype(np.int64)
            b = np.where(rng.random(m) < 0.7, inside, rng.integers(0, n_people, m))
            b = np.where(b == a, (a + 1) % n_people, b)
            writer.write_table(pa.table({"t": t, "i": ids[a], "j": ids[b],
                                         "duration": rng.integers(1, 16, m, dtype=np.int32)
                                         * 20}, schema=schema))
    os.replace(tmp, c_path)
    os.replace(n_path.with_suffix(".tmp"), n_path)
    return c_path, n_path


# ----------------------------------------------------------------------------- tasks
def _windows(res) -> dict:
    return {"start": [str(s) for s in res.window_start], "statistic": res.statistic.tolist(),
            "n_contacts": res.n_contacts.tolist(),
            "counts": [np.asarray(m.counts, dtype=float).tolist() for m in res.matrices]}


def _by_day(contacts: str, nodes: str, weight) -> dict:
    """Each day's in-memory result, from that day's records only."""
    import pandas as pd
    import pyarrow.dataset as ds
    import pyarrow.parquet as pq

    import netmix

    node_table = pq.read_table(nodes).to_pandas().set_index("id")
    meta = pq.ParquetFile(contacts).metadata  # t is sorted: first and last row groups
    lo = meta.row_group(0).column(0).statistics.min
    hi = meta.row_group(meta.num_row_groups - 1).column(0).statistics.max
    first, last = (pd.Timestamp(x, unit="s", tz="UTC").tz_convert(TZ).tz_localize(None)
                   .normalize() for x in (lo, hi))
    days = pd.date_range(first, last + pd.Timedelta(days=1), freq="D").tz_localize(TZ)
    data = ds.dataset(contacts)
    out: dict = {"start": [], "statistic": [], "n_contacts": [], "counts": []}
    for day, nxt in itertools.pairwise(days):
        a, b = int(day.timestamp()), int(nxt.timestamp())
        part = data.to_table(filter=(ds.field("t") >= a) & (ds.field("t") < b)).to_pandas()
        c = netmix.Contacts.from_events(part, node_table, duration="duration", tz=TZ)
        del part
        res = netmix.mixing_over_time(c, "group", freq="1D", start=day, end=nxt,
                                      weight=weight, interval="none")
        one = _windows(res)
        for key in out:
            out[key] += one[key]
        del c, res
    return out


def _child(task: str, contacts: str, nodes: str, threads: int, limit: str, out_path: str):
    import pandas as pd
    import pyarrow.parquet as pq

    import netmix
    import netmix.scale as S

    t0 = time.perf_counter()
    if task.startswith("duckdb"):
        weight = None if task == "duckdb_pairs" else "duration"
        res = S.mixing_over_time(contacts, nodes, "group", freq="1D", tz=TZ,
                                 duration="duration", weight=weight, threads=threads,
                                 memory_limit=limit)
        out = _windows(res)
    elif task == "memory":
        events = pd.read_parquet(contacts)
        node_table = pq.read_table(nodes).to_pandas().set_index("id")
        c = netmix.Contacts.from_events(events, node_table, duration="duration", tz=TZ)
        del events
        out = _windows(netmix.mixing_over_time(c, "group", freq="1D", interval="none"))
    elif task.startswith("memory_by_day"):
        out = _by_day(contacts, nodes, None if task.endswith("pairs") else "duration")
    else:
        raise SystemExit(f"unknown task {task}")
    out["seconds"] = time.perf_counter() - t0
    usage = resource.getrusage(resource.RUSAGE_SELF)
    out["cpu_s"] = usage.ru_utime + usage.ru_stime
    out["peak_rss_gib"] = usage.ru_maxrss / 2**20
    Path(out_path).write_bytes(pickle.dumps(out))


def run_task(task: str, contacts: Path, nodes: Path, threads: int, limit: str) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        out_path = Path(tmp) / "out.pkl"
        cmd = [sys.executable, "-m", "benchmarks.bench_scale_temporal", "--child", task,
               str(contacts), str(nodes), str(threads), limit, str(out_path)]
        t0 = time.perf_counter()
        proc = subprocess.run(cmd, capture_output=True, text=True, check=False,
                              cwd=Path(__file__).resolve().parents[1])
        wall = time.perf_counter() - t0
        if proc.returncode != 0:
            raise RuntimeError(f"{task} failed:\n{proc.stderr[-3000:]}")
        out = pickle.loads(out_path.read_bytes())
    out["wall_s"] = wall
    return out


def equal(a: dict, b: dict) -> tuple[bool, float]:
    """Same windows and counts; largest statistic difference."""
    same = a["start"] == b["start"] and a["n_contacts"] == b["n_contacts"] and all(
        np.array_equal(x, y) for x, y in zip(a["counts"], b["counts"], strict=True))
    sa, sb = np.array(a["statistic"]), np.array(b["statistic"])
    diff = float(np.nanmax(np.abs(sa - sb))) if sa.size else 0.0
    return bool(same and np.array_equal(np.isnan(sa), np.isnan(sb)) and diff <= 1e-12), diff


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--records", type=float, default=1e8)
    p.add_argument("--people", type=float, default=1e5)
    p.add_argument("--days", type=int, default=14)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--memory-limit", default="2GB")
    p.add_argument("--memory-max", type=float, default=2e7,
                   help="largest record count also run wholly in memory")
    p.add_argument("--tasks", nargs="*", default=["duckdb_duration", "duckdb_pairs",
                                                  "memory_by_day"])
    p.add_argument("--child", nargs=6, help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.child:
        task, contacts, nodes, threads, limit, out_path = args.child
        _child(task, contacts, nodes, int(threads), limit, out_path)
        return
    m, n = int(args.records), int(args.people)
    t0 = time.perf_counter()
    contacts, nodes = generate(m, n, args.days)
    print(f"data: {contacts.name} ({contacts.stat().st_size / 2**30:.2f} GiB), "
          f"{time.perf_counter() - t0:.1f} s")
    tasks = list(args.tasks) + (["memory"] if m <= args.memory_max and "memory" not in
                                args.tasks else [])
    results, rows = {}, []
    for task in tasks:
        out = run_task(task, contacts, nodes, args.threads, args.memory_limit)
        results[task] = out
        row = {"task": task, "records": m, "people": n, "days": len(out["start"]),
               "compute_s": out["seconds"], "wall_s": out["wall_s"], "cpu_s": out["cpu_s"],
               "peak_rss_gib": out["peak_rss_gib"],
               "mean_statistic": float(np.nanmean(out["statistic"]))}
        rows.append(row)
        print(json.dumps(row))
    refs = {"duckdb_duration": ["memory", "memory_by_day"],
            "duckdb_pairs": ["memory_by_day_pairs"]}
    for row in rows:
        for ref in refs.get(row["task"], []):
            if ref in results:
                ok, diff = equal(results[row["task"]], results[ref])
                row.update(equal_to=f"{row.get('equal_to', '')} {ref}".strip(),
                           equal=bool(row.get("equal", True) and ok),
                           max_stat_diff=max(diff, row.get("max_stat_diff", 0.0)))
                print(f"{row['task']} == {ref}: {ok} (largest statistic difference "
                      f"{diff:.1e})")
    table = markdown_table(rows, ["task", "records", "people", "days", "compute_s", "wall_s",
                                  "cpu_s", "peak_rss_gib", "mean_statistic", "equal_to",
                                  "equal", "max_stat_diff"])
    cmd = "python -m benchmarks.bench_scale_temporal " + " ".join(argv or sys.argv[1:])
    md = (f"# netmix.scale.mixing_over_time (DuckDB), {m:.0e} records, {n:.0e} people\n\n"
          f"{TARGET}\n\nCommand: `{cmd}`; threads={args.threads}, memory_limit="
          f"{args.memory_limit}; each task in a fresh process (compute_s: the computation; "
          "wall_s: the whole child; peak_rss_gib: the child's peak resident memory).\n\n"
          + table)
    j, mdp = write_results(f"scale_temporal_{m:.0e}".replace("+", ""), rows, md)
    print(f"wrote {j} and {mdp}")


if __name__ == "__main__":
    main()
