"""Execute notebooks and write the executed copies that the documentation renders.

    python docs/execute_notebooks.py                      # every notebooks/*.ipynb
    python docs/execute_notebooks.py --stale              # those whose copy is missing or old
    python docs/execute_notebooks.py notebooks/a.ipynb    # some of them

The notebooks in ``notebooks/`` are stored without outputs (the test suite checks this and
runs them). Each is run top to bottom in its own folder, as a reader would run it, and the
copy with its outputs goes to ``docs/notebooks/<name>.ipynb``, written only when the run
succeeds. The real data sets are read from ``NETMIX_DATA_DIR`` (``make`` points it at
``../shared/data``), so no run needs the network. ``make notebooks`` runs them all,
``make docs`` the stale ones; ``--jobs`` notebooks run at once, each in its own process.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

DOCS = Path(__file__).resolve().parent
ROOT = DOCS.parent


def execute(source: Path, target: Path, timeout: int = 600) -> float:
    """Run ``source`` and write the executed notebook to ``target``; return the seconds."""
    import nbclient
    import nbformat

    start = time.perf_counter()
    nb = nbformat.read(source, as_version=4)
    client = nbclient.NotebookClient(nb, timeout=timeout, kernel_name="python3",
                                     resources={"metadata": {"path": str(source.parent)}})
    client.execute()
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".ipynb.part")
    nbformat.write(nb, partial)
    partial.replace(target)
    return time.perf_counter() - start


def _run(source: Path, target: Path, timeout: int) -> tuple[str, float | None, str]:
    try:
        return source.name, execute(source, target, timeout), ""
    except Exception as exc:  # reported by the caller, with every other failure
        return source.name, None, str(exc)


def stale(sources: list[Path], out: Path) -> list[Path]:
    """The notebooks whose executed copy is missing or older than the notebook."""
    return [s for s in sources if not (out / s.name).exists()
            or (out / s.name).stat().st_mtime < s.stat().st_mtime]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="*", type=Path,
                        help="notebooks to run (default: notebooks/*.ipynb)")
    parser.add_argument("--out", type=Path, default=DOCS / "notebooks",
                        help="folder of the executed copies (default: docs/notebooks)")
    parser.add_argument("--stale", action="store_true",
                        help="only notebooks whose executed copy is missing or older")
    parser.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1),
                        help="notebooks run at once (default: 2, or 1 on one core)")
    parser.add_argument("--timeout", type=int, default=600, help="seconds per cell")
    args = parser.parse_args(argv)
    os.environ.setdefault("NETMIX_DATA_DIR", str(ROOT.parent / "shared" / "data"))
    sources = [p.resolve() for p in args.notebooks] or sorted(
        (ROOT / "notebooks").glob("*.ipynb"))
    if args.stale:
        sources = stale(sources, args.out)
    if not sources:
        print("notebooks: every executed copy is up to date")
        return 0
    with ProcessPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        runs = list(pool.map(_run, sources, [args.out / s.name for s in sources],
                             [args.timeout] * len(sources)))
    failed = [name for name, seconds, _ in runs if seconds is None]
    for name, seconds, error in runs:
        if seconds is None:
            print(f"FAILED {name}:\n{error}", file=sys.stderr)
        else:
            print(f"executed {name} in {seconds:.1f} s -> {args.out / name}")
    if failed:
        print(f"{len(failed)} notebook(s) failed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
