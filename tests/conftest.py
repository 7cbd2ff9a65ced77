"""Shared fixtures. Real data: NETMIX_DATA_DIR (the Makefile and .ci/run point it at
../shared/data); when unset we point it there ourselves."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
os.environ.setdefault("NETMIX_DATA_DIR", str(ROOT.parent / "shared" / "data"))
DATA_DIR = Path(os.environ["NETMIX_DATA_DIR"])


@pytest.fixture(scope="session")
def data_dir() -> Path:
    """The SocioPatterns reference data (../shared/data)."""
    assert (DATA_DIR / "sociopatterns").is_dir(), (
        f"NETMIX_DATA_DIR={DATA_DIR} lacks sociopatterns/; point it at ../shared/data")
    return DATA_DIR


@pytest.fixture(scope="session")
def workplace(data_dir):
    import netmix

    return netmix.datasets.load_workplace_2013(download=False)


@pytest.fixture(scope="session")
def highschool(data_dir):
    import netmix

    return netmix.datasets.load_highschool_2013("sensor", download=False)


@pytest.fixture(scope="session")
def primaryschool(data_dir):
    import netmix

    return netmix.datasets.load_primaryschool_2009(download=False)


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    """Print how many inputs of the bad-input corpus (tests/badinput/) this run checked."""
    counts = {}
    for outcome in ("passed", "failed", "skipped"):
        for report in terminalreporter.stats.get(outcome, []):
            if "tests/badinput/" in getattr(report, "nodeid", "") and report.when == "call":
                area = report.nodeid.split("tests/badinput/test_", 1)[1].split(".py", 1)[0]
                counts.setdefault(area, {}).setdefault(outcome, 0)
                counts[area][outcome] += 1
    if not counts:
        return
    total = sum(sum(c.values()) for c in counts.values())
    passed = sum(c.get("passed", 0) for c in counts.values())
    areas = ", ".join(f"{a} {sum(c.values())}" for a, c in sorted(counts.items()))
    terminalreporter.write_line(
        f"bad-input corpus: {total} malformed or hostile inputs checked, {passed} as expected "
        f"({areas})")
