"""Timing and reporting helpers shared by the benchmark scripts."""

from __future__ import annotations

import json
import platform
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

RESULTS = Path(__file__).parent / "results"


def best_time(fn: Callable[[], Any], *, repeat: int = 3, budget: float = 30.0) -> float:
    """Best wall time of ``fn()`` over up to ``repeat`` runs (fewer if a run exceeds
    ``budget / repeat`` seconds)."""
    best = np.inf
    spent = 0.0
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        dt = time.perf_counter() - t0
        best = min(best, dt)
        spent += dt
        if spent > budget / max(repeat, 1) * repeat or dt > budget / 2:
            break
    return float(best)


def machine() -> dict[str, Any]:
    import os

    return {"python": platform.python_version(), "machine": platform.machine(),
            "cpus": os.cpu_count(), "numpy": np.__version__}


def write_results(name: str, rows: list[dict[str, Any]], markdown: str) -> tuple[Path, Path]:
    """Write ``results/<name>.json`` and ``results/<name>.md``."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    j, m = RESULTS / f"{name}.json", RESULTS / f"{name}.md"
    j.write_text(json.dumps({"machine": machine(), "rows": rows}, indent=1, default=str))
    m.write_text(markdown)
    return j, m


def markdown_table(rows: list[dict[str, Any]], columns: list[str]) -> str:
    def fmt(v: Any) -> str:
        if isinstance(v, float):
            if np.isnan(v):
                return "–"
            return f"{v:.3g}" if abs(v) < 1000 else f"{v:,.0f}"
        return str(v)

    head = "| " + " | ".join(columns) + " |\n|" + "---|" * len(columns) + "\n"
    return head + "".join("| " + " | ".join(fmt(r.get(c, float("nan"))) for c in columns)
                          + " |\n" for r in rows)
