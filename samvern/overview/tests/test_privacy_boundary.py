"""The overview reads the plan and place layers only: no module imports the case layer."""

from __future__ import annotations

import ast
import importlib
import pkgutil
import subprocess
import sys
from pathlib import Path

import samvern.overview

CASE_LAYER = (
    "samvern.risk",
    "samvern.cases",
    "samvern.partnerships",
    "samvern.conferences",
    "samvern.tasking",
)
PACKAGE_DIR = Path(samvern.overview.__file__).parent


def imported_names(path: Path) -> set[str]:
    module = ".".join(path.relative_to(PACKAGE_DIR.parent.parent).with_suffix("").parts)
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative import: resolve against the module's package
                base = module.rsplit(".", node.level)[0]
                target = f"{base}.{node.module}" if node.module else base
            else:
                target = node.module or ""
            names.add(target)
            names.update(f"{target}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Call) and getattr(
            node.func, "attr", getattr(node.func, "id", "")
        ) in {
            "import_module",
            "__import__",
        }:
            names.update(
                arg.value
                for arg in node.args
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str)
            )
    return names


def test_no_overview_module_imports_the_case_layer():
    files = [path for path in PACKAGE_DIR.rglob("*.py")]
    assert len(files) > 8  # the walk really found the package
    offenders = {
        str(path.relative_to(PACKAGE_DIR)): sorted(
            name for name in imported_names(path) if name.startswith(CASE_LAYER)
        )
        for path in files
    }
    assert {path: names for path, names in offenders.items() if names} == {}


def test_the_ast_check_would_catch_a_case_import(tmp_path):
    sample = PACKAGE_DIR / "tests" / "_sample_for_boundary_check.py"
    try:
        sample.write_text("from samvern.cases import models\nimport samvern.risk.engine\n")
        names = imported_names(sample)
    finally:
        sample.unlink()
    assert "samvern.cases" in names and "samvern.risk.engine" in names


def test_importing_the_overview_alone_loads_no_case_module():
    """In a fresh interpreter with Django set up but no app modules imported beyond what
    `django.setup()` needs, importing every overview module loads no case-layer module."""
    modules = sorted(
        name
        for _, name, _ in pkgutil.walk_packages([str(PACKAGE_DIR)], "samvern.overview.")
        if ".tests" not in name and ".tools" not in name
    )
    script = (
        "import sys, importlib, django\n"
        "from django.conf import settings\n"
        "django.setup(set_prefix=False)\n"
        f"before = {{m for m in sys.modules if m.startswith({CASE_LAYER!r})}}\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        f"after = {{m for m in sys.modules if m.startswith({CASE_LAYER!r})}}\n"
        "print(sorted(after - before))\n"
    )
    result = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
        cwd=PACKAGE_DIR.parent.parent,
        env={**__import__("os").environ, "DJANGO_SETTINGS_MODULE": "config.settings"},
    )
    assert result.stdout.strip().splitlines()[-1] == "[]"
    assert importlib.import_module("samvern.overview.selectors")
