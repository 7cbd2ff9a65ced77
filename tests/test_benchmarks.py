"""The benchmark suite runs end to end (the smoke configuration CI can afford)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_benchmark_suite_smoke(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--config", "smoke", "--out", str(tmp_path),
         "--libs", "netmix", "igraph", "networkx"],
        cwd=ROOT, capture_output=True, text=True, timeout=3600, check=True)
    assert "nominal_assortativity" in done.stdout
    data = json.loads((tmp_path / "benchmarks.json").read_text())
    libs = {r["lib"]: r for r in data["results"]}
    assert set(libs) == {"netmix", "igraph", "networkx"}
    for lib in libs.values():
        assert lib["times"], lib["notes"]  # every library ran
        assert lib["peak_rss_mb"] > 0
    md = (tmp_path / "benchmarks.md").read_text()
    assert "igraph/netmix" in md and "networkx/netmix" in md
    assert (tmp_path / "benchmarks.png").read_bytes()[:4] == b"\x89PNG"


def test_networkit_worker_when_installed():
    """NetworKit is an optional peer (the ``bench`` extra): its worker runs where installed."""
    import pytest

    pytest.importorskip("networkit")
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.worker", "--lib", "networkit", "--edges", "2000"],
        cwd=ROOT, capture_output=True, text=True, timeout=1800, check=True)
    out = json.loads(done.stdout.strip().splitlines()[-1])
    assert {"load", "nominal_assortativity", "numeric_assortativity", "degree_assortativity",
            "leiden"} <= set(out["times"])
