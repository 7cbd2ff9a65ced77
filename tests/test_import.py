"""``import netmix`` stays light (issue 16, item 6): the heavy optional libraries are imported
where they are used, never by the import itself; the public names load on first use.

Structural checks in a fresh interpreter, no timing (``benchmarks/bench_import.py`` times it).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ("matplotlib", "statsmodels", "sklearn", "duckdb", "dask", "networkx", "igraph",
         "numba", "networkit", "scipy", "pandas", "pyarrow")


def _python(code: str) -> str:
    done = subprocess.run([sys.executable, "-W", "error", "-c", code], cwd=ROOT,
                          capture_output=True, text=True, check=True, timeout=300)
    return done.stdout.strip().splitlines()[-1]


def test_import_netmix_imports_no_heavy_library():
    code = ("import sys, json, netmix; "
            f"print(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))")
    assert json.loads(_python(code)) == []


def test_first_use_imports_what_it_needs_and_only_that():
    code = ("import sys, json, netmix; netmix.SocialGraph; netmix.read_edges; "
            f"print(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))")
    loaded = set(json.loads(_python(code)))
    assert "pandas" in loaded
    assert not loaded & {"matplotlib", "statsmodels", "sklearn", "duckdb", "dask", "networkx",
                         "igraph", "numba"}


def test_every_public_name_resolves():
    import netmix

    for name in netmix.__all__:
        assert getattr(netmix, name) is not None, name
    assert set(netmix.__all__) <= set(dir(netmix))
    assert netmix.mixing_matrix is netmix.measures.mixing_matrix
    assert netmix.scale.nominal_assortativity is not netmix.nominal_assortativity
    with pytest.raises(AttributeError, match="no attribute 'no_such_name'"):
        netmix.no_such_name  # noqa: B018


def test_star_import_gives_the_public_names():
    names = json.loads(_python("import json; ns = {}; exec('from netmix import *', ns); "
                               "print(json.dumps(sorted(k for k in ns if k != '__builtins__')))"))
    import netmix

    assert names == sorted(netmix.__all__)
