"""netmix's benchmark suite: ``python -m benchmarks`` (or ``make bench``).

For every size, each library (netmix, igraph, networkx, and NetworKit when installed) runs in
its own process on the same cached attributed SBM graph (``benchmarks/graphs.py``), so its
peak memory is its own. Writes ``results/benchmarks.json``, ``results/benchmarks.md`` (times,
ratios to netmix, peak memory) and ``results/benchmarks.png`` (log-log time against edges).

    python -m benchmarks                    # default: 1e5 and 1e6 edges
    python -m benchmarks --config full      # 1e5, 1e6, 1e7 (networkx up to 1e6)
    python -m benchmarks --config smoke     # seconds; what CI runs
    python -m benchmarks --sizes 1e7 --libs netmix igraph
    python -m benchmarks --config full --readme      # ...and rewrite README's table
    python -m benchmarks --from-json benchmarks/readme_run.json --readme

``--readme`` rewrites the block of README.md between its benchmark markers: the table and the
headline ratios (``benchmarks/headlines.py``), all from this one run, which it saves as
``benchmarks/readme_run.json`` (under version control, so the table can be checked against it).
"""

from __future__ import annotations

import argparse
import datetime
import importlib.util
import json
import subprocess
import sys
from pathlib import Path

from ._common import RESULTS, machine, markdown_table
from .headlines import headline_lines, readme_block, update_readme

README_RUN = Path(__file__).parent / "readme_run.json"

CONFIGS = {
    "smoke": {"sizes": [2e3], "caps": {}},
    # the configuration whose headline directions tests/test_benchmarks.py checks
    "small": {"sizes": [1e5], "caps": {}},
    "default": {"sizes": [1e5, 1e6], "caps": {}},
    # networkx builds 1e7-edge graphs (minutes, ~10 GB) for the assortativity rows only
    "full": {"sizes": [1e5, 1e6, 1e7], "caps": {"networkx": 1e7}},
}


def available_libs() -> list[str]:
    libs = ["netmix", "igraph", "networkx"]
    if importlib.util.find_spec("networkit") is not None:
        libs.append("networkit")
    return libs


def run_worker(lib: str, size: float, caps: dict, timeout: float,
               tasks: list[str] | None = None) -> dict:
    cmd = [sys.executable, "-m", "benchmarks.worker", "--lib", lib, "--edges", str(int(size)),
           "--caps", json.dumps(caps), "--tasks", *(tasks or ["all"])]
    root = Path(__file__).resolve().parents[1]
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, cwd=root, timeout=timeout,
                              check=True)
    except subprocess.TimeoutExpired:
        return {"lib": lib, "edges": int(size), "times": {}, "notes": {
            "all": f"timed out after {timeout:.0f} s"}, "peak_rss_mb": float("nan")}
    except subprocess.CalledProcessError as exc:
        tail = exc.stderr.strip().splitlines()[-1:] or ["?"]
        return {"lib": lib, "edges": int(size), "times": {}, "notes": {"all": f"failed: {tail[0]}"},
                "peak_rss_mb": float("nan")}
    return json.loads(done.stdout.strip().splitlines()[-1])


def table_rows(results: list[dict]) -> list[dict]:
    """One row per (edges, task): each library's time and its ratio to netmix."""
    by = {(r["edges"], r["lib"]): r for r in results}
    sizes = sorted({r["edges"] for r in results})
    libs = [lib for lib in ("netmix", "igraph", "networkx", "networkit")
            if any(r["lib"] == lib for r in results)]
    rows = []
    for m in sizes:
        tasks = []
        for lib in libs:
            for t in by.get((m, lib), {}).get("times", {}):
                if t not in tasks:
                    tasks.append(t)
        for task in tasks:
            row = {"edges": m, "task": task}
            base = by.get((m, "netmix"), {}).get("times", {}).get(task, float("nan"))
            for lib in libs:
                t = by.get((m, lib), {}).get("times", {}).get(task, float("nan"))
                row[f"{lib} s"] = t
                if lib != "netmix":
                    row[f"{lib}/netmix"] = t / base
            rows.append(row)
        mem = {"edges": m, "task": "peak memory (MB)"}
        for lib in libs:
            mem[f"{lib} s"] = by.get((m, lib), {}).get("peak_rss_mb", float("nan"))
        rows.append(mem)
    return rows


def plot(results: list[dict], path: Path) -> None:
    from matplotlib.figure import Figure

    tasks = ["load", "nominal_assortativity", "degree_assortativity", "permutation_test",
             "leiden", "local_bridges"]
    fig = Figure(figsize=(11, 6.5), layout="constrained")
    axes = fig.subplots(2, 3)
    for ax, task in zip(axes.ravel(), tasks, strict=True):
        for lib, style in (("netmix", "o-"), ("igraph", "s--"), ("networkx", "^:"),
                           ("networkit", "d-.")):
            pts = sorted((r["edges"], r["times"][task]) for r in results
                         if r["lib"] == lib and task in r["times"])
            if pts:
                ax.loglog(*zip(*pts, strict=True), style, label=lib)
        ax.set_title(task.replace("_", " "))
        ax.set_xlabel("edges")
        ax.set_ylabel("seconds")
        ax.grid(True, which="both", alpha=0.3)
    axes[0, 0].legend()
    fig.savefig(path, dpi=100)


def main(argv: list[str] | None = None) -> list[dict]:
    p = argparse.ArgumentParser(description="netmix benchmark suite")
    p.add_argument("--config", choices=sorted(CONFIGS), default="default")
    p.add_argument("--sizes", nargs="+", type=float, help="edge counts (overrides --config)")
    p.add_argument("--libs", nargs="+", help="libraries (default: all installed)")
    p.add_argument("--tasks", nargs="+", help="tasks (default: all; see benchmarks/worker.py)")
    p.add_argument("--out", type=Path, default=RESULTS)
    p.add_argument("--timeout", type=float, default=3600, help="seconds per library and size")
    p.add_argument("--readme", action="store_true",
                   help="rewrite README.md's performance table and headline ratios")
    p.add_argument("--from-json", type=Path,
                   help="use a saved benchmarks.json instead of running anything")
    args = p.parse_args(argv)
    if args.from_json:
        saved = json.loads(args.from_json.read_text())
        results, config, meta = saved["results"], saved.get("config", "?"), saved
    else:
        config = args.config
        results = run_all(args, CONFIGS[config])
        meta = {"machine": machine(), "config": config, "date": datetime.date.today().isoformat(),
                "command": "python -m benchmarks " + " ".join(argv if argv is not None
                                                              else sys.argv[1:])}
    rows = table_rows(results)
    cols = ["edges", "task"] + [c for c in rows[0] if c not in ("edges", "task")]
    table = markdown_table(rows, cols)
    if not args.from_json:
        args.out.mkdir(parents=True, exist_ok=True)
        (args.out / "benchmarks.json").write_text(json.dumps({**meta, "results": results},
                                                             indent=1))
        md = ("# netmix benchmarks\n\nSame cached SBM graph for every library, one process per "
              "library and size (peak memory is that process's). Ratios > 1: netmix is faster."
              f"\n\nMachine: {machine()}\n\n" + table + "\n"
              + "\n".join(headline_lines(results)) + "\n")
        (args.out / "benchmarks.md").write_text(md)
        plot(results, args.out / "benchmarks.png")
        print(md)
    if args.readme:
        update_readme(readme_block(table, results, {**meta, "config": config}))
        if not args.from_json:  # the run behind README's table stays in the repository
            README_RUN.write_text(json.dumps({**meta, "results": results}, indent=1) + "\n")
        print(f"README.md: performance table rewritten from {len(results)} runs")
    return results


def run_all(args: argparse.Namespace, config: dict) -> list[dict]:
    sizes = args.sizes or config["sizes"]
    libs = args.libs or available_libs()
    results = []
    for size in sizes:
        for lib in libs:
            r = run_worker(lib, size, config["caps"], args.timeout, args.tasks)
            results.append(r)
            print(f"{lib:>9} {r['edges']:>11,} edges: " + ", ".join(
                f"{k} {v:.3g}s" for k, v in r["times"].items()), flush=True)
    return results


if __name__ == "__main__":
    main()
