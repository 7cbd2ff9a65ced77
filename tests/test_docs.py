"""The documentation: the API reference lists every public name, every public function has a
runnable example, and the code on the tutorial and user-guide pages runs as shown.

The Sphinx build itself (``make docs``, warnings as errors) runs in CI after the tests.
"""

from __future__ import annotations

import doctest
import importlib
import importlib.util
import inspect
import re
import warnings
from pathlib import Path

import matplotlib
import pytest

import netmix

DOCS = Path(__file__).resolve().parents[1] / "docs"
PAGES = sorted(p for p in [*DOCS.glob("*.md"), *DOCS.glob("user_guide/*.md")]
               if p.name != "README.md" and ">>>" in p.read_text(encoding="utf-8"))


def _apigen():
    spec = importlib.util.spec_from_file_location("netmix_docs_apigen", DOCS / "apigen.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _public_objects():
    """(qualified name, object) of every public function and class of netmix and of its
    subpackages (``netmix.report`` included, now that it is a package)."""
    apigen = _apigen()
    packages = [p for p in apigen.PAGES if hasattr(importlib.import_module(p), "__path__")]
    seen = {}
    for package in ["netmix", *packages]:
        for name, obj in apigen.public(package).items():
            if inspect.isfunction(obj) or inspect.isclass(obj):
                seen.setdefault(id(obj), (f"{package}.{name}", obj))
    return list(seen.values())


def _listed(page: str) -> set[str]:
    """Names listed in the autosummary tables and py:data directives of a generated page."""
    names = set(re.findall(r"^   ([\w.]+)$", page, flags=re.M))
    names |= set(re.findall(r"^\.\. py:data:: (\w+)$", page, flags=re.M))
    return names


def test_api_reference_lists_every_public_name(tmp_path):
    apigen = _apigen()
    apigen.write(tmp_path)
    top = _listed((tmp_path / "netmix.rst").read_text(encoding="utf-8"))
    where = apigen.canonical_names()
    for name in netmix.__all__:
        obj = getattr(netmix, name)
        if inspect.ismodule(obj):
            assert obj.__name__ in apigen.PAGES, f"netmix.{name} has no page in the reference"
        elif name != "__version__":
            assert where[name].removeprefix("netmix.") in top, f"netmix.{name} is not listed"
    for package in apigen.PAGES:
        listed = _listed((tmp_path / f"{package}.rst").read_text(encoding="utf-8"))
        missing = set(importlib.import_module(package).__all__) - listed
        assert not missing, f"{package}: not in the reference: {sorted(missing)}"


def test_api_reference_is_linked_from_the_index():
    index = (DOCS / "api" / "index.rst").read_text(encoding="utf-8")
    for page in ["netmix", *_apigen().PAGES]:
        assert f"   {page}\n" in index, f"api/index.rst does not link {page}"


def test_every_public_function_has_an_example():
    """numpydoc Examples with a doctest (pytest runs them over netmix/)."""
    lacking = [name for name, obj in _public_objects()
               if inspect.isfunction(obj)
               and not re.search(r"Examples\n\s*-{8}.*?>>>", inspect.getdoc(obj) or "", re.S)]
    assert not lacking, f"public functions without a runnable Examples section: {lacking}"


def _doctest(path: Path) -> doctest.DocTest:
    # Code fences are Markdown, not output: blank them (keeps line numbers).
    text = re.sub(r"^```.*$", "", path.read_text(encoding="utf-8"), flags=re.M)
    return doctest.DocTestParser().get_doctest(text, {"__name__": "__docs__"}, path.name,
                                               str(path), 0)


@pytest.mark.parametrize("path", PAGES, ids=[p.stem for p in PAGES])
def test_page_examples_run(path, data_dir, monkeypatch):
    monkeypatch.chdir(DOCS)
    matplotlib.use("Agg")
    test = _doctest(path)
    assert test.examples, f"{path.name} has no examples"
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    report: list[str] = []
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        runner.run(test, out=report.append)
    failed, attempted = runner.summarize(verbose=False)
    assert failed == 0, f"{path.name}: {failed} of {attempted} examples failed\n" + "".join(report)
