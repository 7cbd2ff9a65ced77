"""The package's shape, checked from its source (issue 15 items 3 and 7).

Every ``import`` in ``netmix/`` is read with :mod:`ast` -- at module level and inside
functions alike, relative imports resolved -- into a graph of modules, and three rules
are asserted on it:

* no import cycle, however deep the import sits;
* layers: the core never imports ``netmix.report``, ``netmix.plotting`` or ``netmix.cli``;
* no module over 400 lines (DESIGN.md, "Package layout").

Packages are modelled as their ``__init__`` module, and an edge goes wherever Python
runs code on an import. ``from netmix.a import name`` is an edge to ``netmix.a`` (its
``__init__``); ``import netmix.a.b`` or ``from netmix.a import b`` (``b`` a submodule) is
an edge to ``netmix.a.b`` and to ``netmix.a``, whose ``__init__`` runs first -- unless the
importing module is itself inside ``netmix.a`` (its package is then already being
imported), so an ``__init__`` re-exporting its submodules makes no cycle with them. A
module that imports back, however indirectly, through the ``__init__`` of a package that
imports it is reported as a cycle: that is the import that fails, or needs a function-level
import to hide it.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "netmix"
MAX_LINES = 400

#: Upper layers: the HTML report, the figures and the command line. Nothing else in netmix
#: may import them.
UPPER = ("netmix.report", "netmix.plotting", "netmix.cli")

def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _resolve(name: str, is_package: bool, level: int, module: str | None) -> str:
    if level == 0:
        return module or ""
    base = name.split(".") if is_package else name.split(".")[:-1]
    if level > 1:
        base = base[: -(level - 1)]
    return ".".join(base + ([module] if module else []))


def _imports(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """The netmix modules that ``name`` imports anywhere in its source."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    is_package = path.name == "__init__.py"
    found: set[str] = set()

    def nearest(target: str) -> str | None:
        while target and target not in modules:
            target = target.rpartition(".")[0]
        return target or None

    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = _resolve(name, is_package, node.level, node.module)
            targets = []
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                targets.append(sub if sub in modules else base)
        else:
            continue
        for target in targets:
            if target == "netmix" or target.startswith("netmix."):
                hit = nearest(target)
                if hit is not None and hit != name:
                    found.add(hit)
                    found.update(_packages_run_first(name, hit, modules))
    return found


def _packages_run_first(name: str, target: str, modules: dict[str, Path]) -> set[str]:
    """The packages whose ``__init__`` Python runs before ``target``: its ancestors, except
    those of the importing module ``name`` (already being imported when it runs)."""
    own = {".".join(name.split(".")[:k]) for k in range(1, name.count(".") + 2)}
    parts = target.split(".")
    return {p for p in (".".join(parts[:k]) for k in range(1, len(parts)))
            if p in modules and p not in own}


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    return {name: _imports(name, path, modules) for name, path in modules.items()}


def _strongly_connected(graph: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's algorithm, iterative; components with more than one module."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        found.append(sorted(component))
    return found


def test_import_graph_is_read():
    graph = _graph()
    assert "netmix.measures" in graph["netmix"]
    assert len(graph) > 50


def test_no_import_cycles():
    graph = _graph()
    components = _strongly_connected(graph)
    lines = []
    for component in components:
        members = set(component)
        lines.append(f"cycle of {len(component)} modules:")
        for module in component:
            for target in sorted(graph[module] & members):
                lines.append(f"    {module} -> {target}")
    assert not components, "\n".join(lines)


def _is_upper(module: str) -> bool:
    return any(module == top or module.startswith(top + ".") for top in UPPER)


def test_core_does_not_import_report_plotting_or_cli():
    graph = _graph()
    offenders = [
        f"{module} -> {target}"
        for module, targets in sorted(graph.items())
        if not _is_upper(module) and module != "netmix"
        for target in sorted(targets)
        if _is_upper(target)
    ]
    assert not offenders, "core modules importing upper layers:\n" + "\n".join(offenders)


def test_package_root_does_not_import_report_or_cli():
    """``import netmix`` exposes ``netmix.plotting`` (matplotlib is imported only when a
    figure is drawn) but not the report or the command line, which import the package."""
    graph = _graph()
    assert not [t for t in graph["netmix"] if _is_upper(t) and not t.startswith("netmix.plot")]


def test_plotting_does_not_import_the_report_or_cli():
    graph = _graph()
    offenders = [f"{m} -> {t}" for m, targets in sorted(graph.items())
                 if m.startswith("netmix.plotting") for t in sorted(targets)
                 if t.startswith(("netmix.report", "netmix.cli"))]
    assert not offenders, "\n".join(offenders)


#: What the report may import from netmix besides public names: the shared input checks.
# Shared plumbing, not a computation: input checks, and the one way netmix writes numbers,
# p-values and durations for people (the reprs use the same module).
REPORT_MAY_USE = ("netmix._validation", "netmix._format")


def test_report_composes_the_public_api():
    """Outside its own package the report imports public modules and public names only
    (no ``_private`` module or helper), so it shows what the API gives, not a recomputation."""
    modules = _modules()
    offenders = []
    for name, path in modules.items():
        if not (name == "netmix.report" or name.startswith("netmix.report.")):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.ImportFrom):
                continue
            base = _resolve(name, path.name == "__init__.py", node.level, node.module)
            if not base.startswith("netmix") or base.startswith("netmix.report"):
                continue
            private_module = any(part.startswith("_") for part in base.split("."))
            if private_module and base not in REPORT_MAY_USE:
                offenders.append(f"{name}: from {base} import ...")
            offenders += [f"{name}: {alias.name} from {base}" for alias in node.names
                          if alias.name.startswith("_") and alias.name != "__version__"]
    assert not offenders, "the report uses private parts of netmix:\n" + "\n".join(offenders)


@pytest.mark.parametrize("limit", [MAX_LINES])
def test_no_module_over_400_lines(limit):
    over = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        n = len(path.read_text(encoding="utf-8").splitlines())
        if n > limit:
            over[rel] = n
    assert not over, f"modules over {limit} lines: {over}"
