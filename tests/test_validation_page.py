"""The documentation's Validation page is generated from the tests and is up to date.

``docs/validation.py`` writes ``docs/validation.md`` from the registry of reference values
(``notebooks/reproduce.py``) and the tests that assert them; ``docs/conf.py`` regenerates it
at every build. Here: the stored page is the generated one, it lists every reference value
with its source, and every test it names exists.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _validation():
    spec = importlib.util.spec_from_file_location("_netmix_docs_validation",
                                                  ROOT / "docs" / "validation.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_stored_page_is_the_generated_one():
    validation = _validation()
    stored = (ROOT / "docs" / "validation.md").read_text(encoding="utf-8")
    assert stored == validation.render(), \
        "docs/validation.md is stale: run python docs/validation.py"


def test_page_lists_every_reference_with_source_and_test():
    validation = _validation()
    page = validation.render()
    sys.path.insert(0, str(ROOT / "notebooks"))
    try:
        import reproduce
    finally:
        sys.path.remove(str(ROOT / "notebooks"))
    rows = [line for line in page.splitlines() if line.startswith("| ") and "`test_" in line]
    # one table row per reference value (the differences are listed a second time above)
    assert len(rows) == len(reproduce.REFERENCES)
    for ref in reproduce.REFERENCES:
        if ref.kind in ("published", "data-file count"):
            test = (f"test_reproductions.py::test_published_value[{ref.id}]"
                    if ref.kind == "published"
                    else f"test_reproductions.py::test_data_file_count[{ref.id}]")
            assert f"`{test}`" in page, ref.id
            assert ref.printed.replace("*", "\\*") in page, ref.id
        else:
            assert f"test_notebook_runs[{ref.notebook}]" in page, ref.id
    assert "Génois et al. (2015)" in page


def test_every_named_test_exists():
    page = _validation().render()
    named = set(re.findall(r"`(test_[a-z_]+\.py)::(test_[a-z_]+)\[", page))
    assert named, "the page names no test"
    for module, function in named:
        source = (ROOT / "tests" / module).read_text(encoding="utf-8")
        assert f"def {function}(" in source, (module, function)
    for path, _ in _validation().OTHER_TESTS:
        assert (ROOT / path).exists(), path
