"""Every notebook in notebooks/ runs top to bottom (each asserts its published-value table)."""

from __future__ import annotations

from pathlib import Path

import pytest

CELL_TIMEOUT = 1800  # seconds

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs(path, data_dir):
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    nb = nbformat.read(path, as_version=4)
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code"), \
        "notebooks are stored without outputs"
    # A hang guard per cell, not a speed test: wide enough for a loaded 2-core machine (a
    # notebook's slowest cell takes well under a minute on an idle one).
    client = nbclient.NotebookClient(nb, timeout=CELL_TIMEOUT, kernel_name="python3",
                                     resources={"metadata": {"path": str(path.parent)}})
    client.execute()
