"""Every notebook in notebooks/ runs top to bottom (each asserts its published-value table)."""

from __future__ import annotations

from pathlib import Path

import pytest

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs(path, data_dir):
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    nb = nbformat.read(path, as_version=4)
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code"), \
        "notebooks are stored without outputs"
    client = nbclient.NotebookClient(nb, timeout=90, kernel_name="python3",
                                     resources={"metadata": {"path": str(path.parent)}})
    client.execute()
