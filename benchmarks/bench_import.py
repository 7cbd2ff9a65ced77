"""Import time of netmix and the first call of a compiled kernel (issue 16, item 6).

Issue 16, item 6: ``import netmix`` in at most 1 s on a quiet machine, and the first call of
a compiled kernel after a fresh install costs at most 0.5 s. Each figure is measured in a
fresh Python process (``--runs`` of them; best and median reported):

* ``import netmix``: wall time of the import statement; ``-X importtime``'s cumulative
  figure for ``netmix`` and the heaviest modules it pulls in are printed once;
* ``first use``: ``netmix.mixing_matrix`` and ``netmix.read_edges`` (their subpackages,
  pandas and scipy are imported then: a script's first line of work);
* ``numba import``: importing numba and defining the kernels (``netmix._kernels._compile``);
* ``first call, no cache``: the first call of the tally kernel (300,000 edges) with an empty
  numba cache, as after a fresh install (``NUMBA_CACHE_DIR`` pointed at a new directory, so
  the package's own cache is left alone): numba compiles it and writes the cache;
* ``first call, cache hit``: the same in a second process with that cache directory: numba
  loads the compiled code from disk.

* ``numba import + first kernel call``: the two together, the cost a user meets once;
* ``first numeric_assortativity``: the public call on a 1e5-edge graph in a fresh process
  (its kernel is compiled from :data:`netmix._kernels.NUMBA_MIN_PASS` edges), with an empty
  cache and with a filled one, then the first ``degree_assortativity`` (two more kernels).

How the cache is kept (see ``netmix/_kernels.py``): the kernels are
``numba.njit(cache=True)``, compiled lazily (per kernel and argument types, on first use;
nothing at import) and allocating nothing themselves (a shorter compilation); numba writes
the compiled code to ``__pycache__`` next to ``netmix/_kernels.py`` (``*.nbi`` index,
``*.nbc`` code, one per signature) when that directory is writable, else to the user cache
(``$XDG_CACHE_HOME/numba`` or ``~/.cache/numba``); ``NUMBA_CACHE_DIR`` overrides both. An
entry is reused while the source file is unchanged and the CPU and numba version match;
otherwise it is recompiled once and rewritten. "Fresh install" is measured honestly: each
run points ``NUMBA_CACHE_DIR`` at a new empty directory. Writes
``benchmarks/results/import.{json,md}``.

    python -m benchmarks.bench_import --runs 5
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from ._common import markdown_table, write_results

ROOT = Path(__file__).resolve().parents[1]
TARGET = ("Target (issue 16, item 6): import netmix <= 1 s on a quiet machine; first call of a "
          "compiled kernel after a fresh install <= 0.5 s.")

_KERNEL = """
import json, time
clock = time.process_time if CPU else time.perf_counter
import numpy as np
t0 = clock()
import netmix
from netmix import _kernels as K
t1 = clock()
netmix.mixing_matrix, netmix.read_edges  # what a user's script imports before a kernel runs
t1b = clock()
rng = np.random.default_rng(0)
m = 300_000
src, dst = rng.integers(0, 1000, m), rng.integers(0, 1000, m)
rows = rng.integers(0, 5, 1000)
t2 = clock()
assert K.using_numba(m)
t3 = clock()
K.pair_tally(rows, rows, 5, 25, src, dst, None)
t4 = clock()
print(json.dumps({"import": t1 - t0, "names": t1b - t1, "numba": t3 - t2, "call": t4 - t3}))
"""


_MEASURE = """
import json, time
import numpy as np, pandas as pd
import netmix
from netmix.measures import degree_assortativity, numeric_assortativity
rng = np.random.default_rng(0)
n, m = 10_000, 100_000
g = netmix.SocialGraph(pd.DataFrame({"age": rng.normal(30, 8, n)}), rng.integers(0, n, m),
                       rng.integers(0, n, m))
clock = time.process_time if CPU else time.perf_counter
first, second = ((lambda: degree_assortativity(g), lambda: numeric_assortativity(g, "age"))
                 if DEGREE_FIRST else
                 (lambda: numeric_assortativity(g, "age"), lambda: degree_assortativity(g)))
t0 = clock()
first()
t1 = clock()
second()
t2 = clock()
first()
t3 = clock()
print(json.dumps({"first": t1 - t0, "second": t2 - t1, "again": t3 - t2}))
"""


def _run(code: str, env: dict | None = None, cpu: bool = False,
         degree_first: bool = False) -> dict:
    import os

    code = f"CPU = {cpu}\nDEGREE_FIRST = {degree_first}\n" + code
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                          text=True, check=True, env={**os.environ, **(env or {})})
    return json.loads(done.stdout.strip().splitlines()[-1])


def importtime_top(code: str, k: int = 8) -> list[tuple[str, int]]:
    """``(module, cumulative microseconds)`` of the heaviest imports directly under ``code``
    (``python -X importtime``), ``netmix`` itself first."""
    done = subprocess.run([sys.executable, "-X", "importtime", "-c", code],
                          cwd=ROOT, capture_output=True, text=True, check=True)
    rows = []
    for line in done.stderr.splitlines():
        parts = line.split("|")
        if len(parts) == 3 and parts[1].strip().isdigit():
            name = parts[2][1:]  # one blank, then two a nesting level
            rows.append((name.strip(), int(parts[1]), (len(name) - len(name.lstrip())) // 2))
    top = [(n, us) for n, us, level in rows if level == 0 and n != "site"]
    return sorted(top, key=lambda r: -r[1])[:k]


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--cpu", action="store_true",
                   help="CPU time of the process (time.process_time) instead of wall time: "
                        "the work itself, on a busy machine")
    args = p.parse_args(argv)
    imports, names, numba, cold, warm, cold_all, warm_all = [], [], [], [], [], [], []
    num_cold, deg_cold, num_warm, deg_warm, again, deg_first = [], [], [], [], [], []
    for _ in range(args.runs):
        with tempfile.TemporaryDirectory(prefix="numba-cache-") as cache:
            first = _run(_KERNEL, {"NUMBA_CACHE_DIR": cache}, args.cpu)
            second = _run(_KERNEL, {"NUMBA_CACHE_DIR": cache}, args.cpu)
        with tempfile.TemporaryDirectory(prefix="numba-cache-") as cache:
            m1 = _run(_MEASURE, {"NUMBA_CACHE_DIR": cache}, args.cpu)
            m2 = _run(_MEASURE, {"NUMBA_CACHE_DIR": cache}, args.cpu)
        with tempfile.TemporaryDirectory(prefix="numba-cache-") as cache:
            d1 = _run(_MEASURE, {"NUMBA_CACHE_DIR": cache}, args.cpu, degree_first=True)
        imports += [first["import"], second["import"]]
        names += [first["names"], second["names"]]
        numba += [first["numba"], second["numba"]]
        cold.append(first["call"])
        warm.append(second["call"])
        cold_all.append(first["numba"] + first["call"])
        warm_all.append(second["numba"] + second["call"])
        num_cold.append(m1["first"])
        deg_cold.append(m1["second"])
        num_warm.append(m2["first"])
        deg_warm.append(m2["second"])
        deg_first.append(d1["first"])
        again += [m1["again"], m2["again"]]
    rows = []
    for name, values in (("import netmix", imports),
                         ("first use of netmix.mixing_matrix and read_edges", names),
                         ("numba import + kernel definitions", numba),
                         ("first kernel call, no cache (fresh install)", cold),
                         ("first kernel call, cache hit (second process)", warm),
                         ("numba import + first kernel call, no cache", cold_all),
                         ("numba import + first kernel call, cache hit", warm_all),
                         ("first numeric_assortativity, 1e5 edges, no cache (numba import "
                          "+ compile + call)", num_cold),
                         ("then the first degree_assortativity (one more kernel), no cache",
                          deg_cold),
                         ("first degree_assortativity alone, 1e5 edges, no cache", deg_first),
                         ("first numeric_assortativity, 1e5 edges, cache hit", num_warm),
                         ("then the first degree_assortativity, cache hit", deg_warm),
                         ("numeric_assortativity again (compiled, view kept)", again)):
        rows.append({"what": name, "best_s": min(values), "median_s": statistics.median(values),
                     "runs": len(values), "clock": "cpu" if args.cpu else "wall"})
        print(rows[-1], flush=True)
    top = importtime_top("import netmix")
    first = importtime_top("import netmix; netmix.read_edges; netmix.nominal_assortativity")
    clock = "CPU time of the process" if args.cpu else "wall time"
    md = ("# Import time and the first compiled call\n\n" + TARGET + "\n\n"
          + f"Clock: {clock}; `python -m benchmarks.bench_import --runs {args.runs}"
          + (" --cpu" if args.cpu else "") + "`.\n\n"
          + markdown_table(rows, ["what", "best_s", "median_s", "runs"])
          + "\n`python -X importtime -c 'import netmix'` (cumulative ms):\n\n"
          + "".join(f"- {name}: {us / 1000:.0f}\n" for name, us in top)
          + "\nThe first use of the public names (`netmix.read_edges; "
          "netmix.nominal_assortativity`) imports:\n\n"
          + "".join(f"- {name}: {us / 1000:.0f}\n" for name, us in first))
    write_results("import_cpu" if args.cpu else "import", rows, md)
    print(md)


if __name__ == "__main__":
    main()
