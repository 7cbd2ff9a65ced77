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
