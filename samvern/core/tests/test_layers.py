"""Imports point one way: every app imports only apps below it in samvern/core/layers.py,
the overview never reaches the case layer, and no modules import each other in a circle.

The check reads the source (ast), so it sees every import: at module level, inside a
function, under `if TYPE_CHECKING:`, `from samvern import x`, relative imports and
`import_module("samvern....")` with a literal name. Tests, conftest files and migrations
are exempt from the order (tests may build any world they need); the overview's rule
covers its tests as well, as it always has.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest

import samvern
from samvern.core.layers import LAYERS, NEVER

SAMVERN_DIR = Path(samvern.__file__).resolve().parent
ROOT = SAMVERN_DIR.parent
EXEMPT_DIRS = {"tests", "migrations", "__pycache__"}


@dataclass(frozen=True)
class Module:
    name: str  # dotted: samvern.cases.views
    path: str  # for messages: samvern/cases/views.py
    source: str
    is_package: bool = False

    @property
    def app(self) -> str | None:
        parts = self.name.split(".")
        return parts[1] if len(parts) > 1 else None

    @property
    def exempt(self) -> bool:
        parts = Path(self.path).parts
        return bool(EXEMPT_DIRS & set(parts)) or parts[-1] == "conftest.py"


@dataclass(frozen=True)
class Import:
    target: str
    line: int


def imports_of(module: Module) -> list[Import]:
    """Every name `module` imports, anywhere in the file."""
    package = module.name if module.is_package else module.name.rpartition(".")[0]
    found: list[Import] = []
    for node in ast.walk(ast.parse(module.source, filename=module.path)):
        if isinstance(node, ast.Import):
            found.extend(Import(alias.name, node.lineno) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                target = f"{base}.{node.module}" if node.module else base
            else:
                target = node.module or ""
            found.append(Import(target, node.lineno))
            found.extend(
                Import(f"{target}.{alias.name}", node.lineno)
                for alias in node.names
                if alias.name != "*"
            )
        elif isinstance(node, ast.Call):
            called = getattr(node.func, "attr", getattr(node.func, "id", ""))
            if called in {"import_module", "__import__"}:
                found.extend(
                    Import(arg.value, node.lineno)
                    for arg in node.args[:1]
                    if isinstance(arg, ast.Constant) and isinstance(arg.value, str)
                )
    return found


def _app_of(name: str) -> str | None:
    parts = name.split(".")
    return parts[1] if parts[0] == "samvern" and len(parts) > 1 else None


def layer_problems(
    modules: Iterable[Module],
    layers: tuple[str, ...] = LAYERS,
    never: Mapping[str, frozenset[str]] = NEVER,
) -> list[str]:
    """Imports against the declared order or a NEVER rule, and apps missing from the order."""
    rank = {app: index for index, app in enumerate(layers)}
    problems: set[str] = set()
    for module in modules:
        own = module.app
        seen_here: set[tuple[int, str]] = set()
        if own is None:
            continue
        if own not in rank:
            problems.add(
                f"{module.path}: the app '{own}' is not declared: declare its floor by "
                "placing it in LAYERS in samvern/core/layers.py"
            )
            continue
        # Shortest name first, so that `from samvern.cases import models` is reported once,
        # as samvern.cases.
        for imported in sorted(imports_of(module), key=lambda i: (i.line, len(i.target))):
            other = _app_of(imported.target)
            if other is None or other == own or (imported.line, other) in seen_here:
                continue
            seen_here.add((imported.line, other))
            if other in never.get(own, frozenset()):
                problems.add(
                    f"{module.path}:{imported.line}: {own} must never import {other} "
                    f"({imported.target})"
                )
            if module.exempt:
                continue
            if other not in rank:
                problems.add(
                    f"{module.path}:{imported.line}: imports the undeclared app '{other}' "
                    f"({imported.target}): declare its floor in samvern/core/layers.py"
                )
            elif rank[other] > rank[own]:
                problems.add(
                    f"{module.path}:{imported.line}: {own} imports {imported.target}, "
                    f"but {other} is above {own} in samvern/core/layers.py"
                )
    return sorted(problems)


def import_cycles(modules: Iterable[Module]) -> list[list[str]]:
    """Circles of modules importing each other (application modules, any kind of import),
    each given as a path that returns to where it started."""
    application = [module for module in modules if not module.exempt]
    names = {module.name for module in application}
    graph: dict[str, set[str]] = {module.name: set() for module in application}
    for module in application:
        for imported in imports_of(module):
            if imported.target in names and imported.target != module.name:
                graph[module.name].add(imported.target)
    cycles = []
    for component in _strongly_connected(graph):
        if len(component) > 1:
            cycles.append(_a_cycle_within(graph, component))
    return sorted(cycles)


def _strongly_connected(graph: Mapping[str, set[str]]) -> list[set[str]]:
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[set[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for successor in sorted(graph[node]):
            if successor not in index:
                visit(successor)
                low[node] = min(low[node], low[successor])
            elif successor in on_stack:
                low[node] = min(low[node], index[successor])
        if low[node] == index[node]:
            component = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.add(member)
                if member == node:
                    break
            components.append(component)

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return components


def _a_cycle_within(graph: Mapping[str, set[str]], component: set[str]) -> list[str]:
    start = min(component)
    paths = {start: [start]}
    queue = [start]
    while queue:
        node = queue.pop(0)
        for successor in sorted(graph[node] & component):
            if successor == start:
                return [*paths[node], start]
            if successor not in paths:
                paths[successor] = [*paths[node], successor]
                queue.append(successor)
    raise AssertionError(f"no cycle through {start}")  # a component always has one


def project_modules() -> list[Module]:
    modules = []
    for path in sorted(SAMVERN_DIR.rglob("*.py")):
        relative = path.relative_to(ROOT)
        if "__pycache__" in relative.parts or "node_modules" in relative.parts:
            continue
        parts = relative.with_suffix("").parts
        is_package = parts[-1] == "__init__"
        name = ".".join(parts[:-1] if is_package else parts)
        modules.append(Module(name, str(relative), path.read_text(encoding="utf-8"), is_package))
    return modules


def _report(lines: Iterable[str]) -> str:
    return "\n" + "\n".join(lines)


# --- the project ---------------------------------------------------------------------------


def test_the_walk_reads_every_app_of_the_project():
    modules = project_modules()
    assert len(modules) > 200
    apps = {module.app for module in modules if module.app}
    assert {"core", "audit", "accounts", "cases", "overview", "trail"} <= apps
    # The walk sees a known import inside a function (the trail's link to a case).
    presenters = next(m for m in modules if m.name == "samvern.trail.presenters")
    assert any(i.target.startswith("samvern.cases.") for i in imports_of(presenters))


def test_every_app_under_samvern_is_declared_in_the_layers():
    apps = {
        path.name
        for path in SAMVERN_DIR.iterdir()
        if path.is_dir() and (path / "__init__.py").exists()
    }
    undeclared = sorted(apps - set(LAYERS))
    assert not undeclared, (
        f"Declare the floor of {undeclared} by placing each in LAYERS in samvern/core/layers.py"
    )
    assert not set(LAYERS) - apps, "LAYERS names an app that does not exist"


def test_every_import_points_down_the_declared_layers():
    problems = layer_problems(project_modules())
    assert not problems, _report(problems)


def test_no_modules_import_each_other_in_a_circle():
    cycles = import_cycles(project_modules())
    assert not cycles, _report(" → ".join(cycle) for cycle in cycles)


def test_importing_the_overview_alone_loads_no_case_module():
    """In a fresh interpreter with Django set up but no app modules imported beyond what
    `django.setup()` needs, importing every overview module loads no case-layer module."""
    import pkgutil

    case_layer = tuple(f"samvern.{app}" for app in sorted(NEVER["overview"]))
    overview_dir = SAMVERN_DIR / "overview"
    modules = sorted(
        name
        for _, name, _ in pkgutil.walk_packages([str(overview_dir)], "samvern.overview.")
        if ".tests" not in name and ".tools" not in name
    )
    assert len(modules) > 5
    script = (
        "import sys, importlib, django\n"
        "django.setup(set_prefix=False)\n"
        f"before = {{m for m in sys.modules if m.startswith({case_layer!r})}}\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        f"after = {{m for m in sys.modules if m.startswith({case_layer!r})}}\n"
        "print(sorted(after - before))\n"
    )
    result = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"},
    )
    assert result.stdout.strip().splitlines()[-1] == "[]"


# --- the checker fails when it should ------------------------------------------------------


def _module(name: str, source: str) -> Module:
    return Module(name, name.replace(".", "/") + ".py", source)


def test_it_reports_a_lower_app_importing_a_higher_one():
    bad = _module("samvern.core.bad", "from samvern.cases import models\n")
    problems = layer_problems([bad])
    assert len(problems) == 1
    assert "samvern/core/bad.py:1: core imports samvern.cases" in problems[0]


@pytest.mark.parametrize(
    "source",
    [
        "def page():\n    from samvern.cases.models import Case\n",
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n"
        "    from samvern.cases import models\n",
        "from samvern import cases\n",
        "import samvern.cases.models\n",
        "from importlib import import_module\nimport_module('samvern.cases.services')\n",
    ],
    ids=["in-a-function", "type-checking", "from-samvern", "plain-import", "import-module"],
)
def test_it_sees_every_kind_of_import(source):
    problems = layer_problems([_module("samvern.places.bad", source)])
    assert problems and all("places imports samvern.cases" in p for p in problems), problems


def test_it_reports_the_overview_reaching_the_case_layer():
    # risk is below the overview in the order, so only the overview's own rule refuses it.
    below = _module("samvern.overview.bad", "def f():\n    import samvern.risk.engine\n")
    above = _module("samvern.overview.worse", "from samvern.cases.models import Case\n")
    problems = layer_problems([below, above])
    assert any("overview must never import risk (samvern.risk.engine)" in p for p in problems)
    assert any("overview must never import cases" in p for p in problems)
    assert any("overview imports samvern.cases.models" in p for p in problems)


def test_the_overview_rule_covers_its_tests_too():
    in_tests = Module(
        "samvern.overview.tests.test_bad",
        "samvern/overview/tests/test_bad.py",
        "from samvern.partnerships.models import Partnership\n",
    )
    problems = layer_problems([in_tests])
    assert problems == [
        "samvern/overview/tests/test_bad.py:1: overview must never import partnerships "
        "(samvern.partnerships.models)"
    ]


def test_tests_may_import_any_app():
    in_tests = Module(
        "samvern.core.tests.test_x", "samvern/core/tests/test_x.py", "import samvern.cases\n"
    )
    assert layer_problems([in_tests]) == []


def test_an_import_down_the_order_is_accepted():
    good = _module("samvern.cases.good", "from samvern.audit.services import audit_log\n")
    assert layer_problems([good]) == []


def test_it_asks_an_undeclared_app_to_declare_its_floor():
    new_app = _module("samvern.tasking.views", "from samvern.cases import models\n")
    uses_it = _module("samvern.cases.bad", "from samvern.tasking import views\n")
    problems = layer_problems([new_app, uses_it])
    assert any("'tasking' is not declared: declare its floor" in p for p in problems)
    assert any("imports the undeclared app 'tasking'" in p for p in problems)


def test_it_resolves_relative_imports():
    relative = Module(
        "samvern.core.bad", "samvern/core/bad.py", "from ..cases import models\n", False
    )
    assert any("core imports samvern.cases" in p for p in layer_problems([relative]))


def test_it_reports_a_circle_of_modules():
    modules = [
        _module("samvern.cases.a", "from samvern.cases import b\n"),
        _module("samvern.cases.b", "def f():\n    from samvern.cases.c import thing\n"),
        _module("samvern.cases.c", "import samvern.cases.a\n"),
        _module("samvern.cases.d", "from samvern.cases import a\n"),
    ]
    assert import_cycles(modules) == [
        ["samvern.cases.a", "samvern.cases.b", "samvern.cases.c", "samvern.cases.a"]
    ]
    assert import_cycles(modules[1:]) == []
