"""Write the API reference pages (``docs/api/netmix.*.rst``) from the packages' ``__all__``.

Run by ``conf.py`` at every build, so the reference lists exactly the public API: a name
added to a subpackage's ``__all__`` appears without editing the docs, and a page never
lists a name that no longer exists. Each object is documented once, under the subpackage
that exports it (``netmix.measures.mixing_matrix``); the top-level page links the
``netmix.*`` re-exports to those pages. The generated files are not under version control
(``docs/.gitignore``).
"""

from __future__ import annotations

import importlib
import inspect
import re
from pathlib import Path

#: Subpackages and modules with a page of their own, in the order of the reference.
PAGES = {
    "netmix.graph": "Graphs: building and converting",
    "netmix.core": "The core: edge views and tallies",
    "netmix.io": "Reading data",
    "netmix.datasets": "Data sets and simulators",
    "netmix.measures": "Mixing matrices and indices",
    "netmix.inference": "Null models, permutation tests and the bootstrap",
    "netmix.ego": "Ego networks, diaries and surveys",
    "netmix.communities": "Communities and groups",
    "netmix.bridging": "Bridges and brokers",
    "netmix.models": "Statistical models",
    "netmix.temporal": "Mixing in time: contacts and windows",
    "netmix.scale": "Large graphs: DuckDB and Dask",
    "netmix.plotting": "Plots",
    "netmix.report": "The HTML report",
}

#: Objects defined at the top level only (documented on the ``netmix`` page).
CORE_HEADINGS = {"class": "Graphs", "function": "Building graphs",
                 "exception": "Errors and warnings"}


def kind(obj) -> str:
    if inspect.isclass(obj):
        return "exception" if issubclass(obj, BaseException) else "class"
    if inspect.ismodule(obj):
        return "module"
    if callable(obj):
        return "function"
    return "data"


def public(module_name: str) -> dict[str, object]:
    """The names in ``module_name.__all__`` and their objects."""
    module = importlib.import_module(module_name)
    return {name: getattr(module, name) for name in module.__all__}


def canonical_names() -> dict[str, str]:
    """Map each top-level name of ``netmix.__all__`` to the name it is documented under."""
    import netmix

    where = {}
    for name, obj in public("netmix").items():
        if kind(obj) == "module":
            where[name] = f"netmix.{name}"
            continue
        where[name] = f"netmix.{name}"
        for page in PAGES:
            members = public(page)
            if name in members and members[name] is obj:
                where[name] = f"{page}.{name}"
                break
    assert netmix  # imported for its side effect of loading every subpackage
    return where


def _comment(package: str, name: str) -> str:
    """The ``#:`` comment above ``name = ...`` in the package's sources, if any."""
    module = importlib.import_module(package)
    path = Path(module.__file__)
    files = sorted(path.parent.rglob("*.py")) if path.name == "__init__.py" else [path]
    pattern = re.compile(rf"^{re.escape(name)}\s*[:=]")
    for file in files:
        lines = file.read_text(encoding="utf-8").splitlines()
        for i, line in enumerate(lines):
            if pattern.match(line):
                doc = []
                j = i - 1
                while j >= 0 and lines[j].startswith("#:"):
                    doc.insert(0, lines[j][2:].strip())
                    j -= 1
                if doc:
                    return " ".join(doc)
    return ""


def _value(obj) -> str:
    if isinstance(obj, dict):
        text = repr(obj) if len(repr(obj)) <= 90 else "{" + ", ".join(
            repr(k) for k in obj) + "} (keys)"
    else:
        text = repr(obj)
    return text if len(text) <= 120 else text[:117] + "..."


def _autosummary(names: list[str], toctree: bool = True) -> str:
    lines = [".. autosummary::"]
    if toctree:
        lines.append("   :toctree: generated/")
    lines.append("")
    lines += [f"   {n}" for n in names]
    return "\n".join(lines) + "\n\n"


def _heading(text: str, char: str) -> str:
    return f"{text}\n{char * len(text)}\n\n"


def _data(package: str, names: dict[str, object]) -> str:
    out = _heading("Constants", "-")
    for name, obj in names.items():
        doc = _comment(package, name) or f"``{type(obj).__name__}``."
        value = _value(obj).replace("\\", "\\\\")
        out += f".. py:data:: {name}\n   :value: {value}\n\n   {doc}\n\n"
    return out


def subpackage_page(package: str, title: str) -> str:
    members = public(package)
    by_kind: dict[str, list[str]] = {"function": [], "class": [], "exception": [], "data": []}
    for name, obj in members.items():
        by_kind.setdefault(kind(obj), []).append(name)
    out = _heading(f"{package}: {title}", "=")
    out += f".. automodule:: {package}\n   :no-members:\n\n"
    out += f".. currentmodule:: {package}\n\n"
    if by_kind["function"]:
        out += _heading("Functions", "-") + _autosummary(by_kind["function"])
    if by_kind["class"]:
        out += _heading("Classes", "-") + _autosummary(by_kind["class"])
    if by_kind["exception"]:
        out += _heading("Exceptions", "-") + _autosummary(by_kind["exception"])
    if by_kind["data"]:
        out += _data(package, {n: members[n] for n in by_kind["data"]})
    return out


def top_page() -> str:
    import netmix

    where = canonical_names()
    members = public("netmix")
    out = _heading("netmix: the top level", "=")
    out += (".. automodule:: netmix\n   :no-members:\n\n"
            ".. currentmodule:: netmix\n\n"
            "``import netmix`` gives the graph, its builders and the errors below, the "
            "subpackages, and the most used functions of each subpackage under short "
            "names (``netmix.mixing_matrix`` is :func:`netmix.measures.mixing_matrix`).\n\n")
    core = {n: o for n, o in members.items() if where[n] == f"netmix.{n}"
            and kind(o) in CORE_HEADINGS}
    for k, heading in CORE_HEADINGS.items():
        names = [n for n, o in core.items() if kind(o) == k]
        if names:
            out += _heading(heading, "-") + _autosummary(names)
    shortcuts = [where[n].removeprefix("netmix.") for n, o in members.items()
                 if kind(o) != "module" and where[n] != f"netmix.{n}"]
    out += _heading("Shortcuts", "-")
    out += ("Each of these is also ``netmix.<name>``; its documentation is in its "
            "subpackage.\n\n") + _autosummary(shortcuts, toctree=False)
    out += _heading("Subpackages", "-")
    out += "\n".join(f"* :mod:`{p}`: {t}" for p, t in PAGES.items()) + "\n\n"
    out += f"``netmix.__version__`` is ``{netmix.__version__!r}``.\n"
    return out


def write(directory: str | Path) -> list[Path]:
    """Write one page per entry of :data:`PAGES` plus ``netmix.rst``; return the paths.

    A file is only rewritten when its text changes, so incremental builds stay incremental.
    """
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    pages = {"netmix": top_page()}
    pages.update({p: subpackage_page(p, t) for p, t in PAGES.items()})
    paths = []
    for name, text in pages.items():
        path = directory / f"{name}.rst"
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths
