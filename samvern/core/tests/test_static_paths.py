"""Every static file the templates name is collected, and so is every file those
stylesheets name in turn (fonts, imports): collectstatic gathers only what is served
(samvern.core.staticfiles), so a file left out would be a 404 in production — or, with
the manifest storage, a failed deployment."""

from __future__ import annotations

import re
from pathlib import Path
from posixpath import dirname, normpath

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders

STATIC_TAG = re.compile(r"""\{%\s*static\s+['"]([^'"]+)['"]""")
CSS_REFERENCE = re.compile(r"""url\(\s*['"]?([^'")]+)['"]?\s*\)|@import\s+['"]([^'"]+)['"]""")


def _template_paths() -> set[str]:
    base = Path(settings.BASE_DIR)
    roots = [base / "templates", *base.glob("samvern/*/templates")]
    found: set[str] = set()
    for root in roots:
        for template in root.rglob("*.html"):
            found.update(STATIC_TAG.findall(template.read_text(encoding="utf-8")))
    return found


def test_the_templates_name_static_files():
    assert "vendor/designsystemet/src/index.css" in _template_paths()


@pytest.mark.parametrize("path", sorted(_template_paths()))
def test_every_static_path_in_the_templates_is_found(path):
    assert finders.find(path), f"{path} is named in a template but not collected"


def _css_references(path: str) -> list[str]:
    located = finders.find(path)
    assert isinstance(located, str)
    text = Path(located).read_text(encoding="utf-8")
    references = []
    for url, imported in CSS_REFERENCE.findall(text):
        target = (url or imported).split("#")[0].split("?")[0]
        if not target or target.startswith(("data:", "http:", "https:", "//", "/")):
            continue
        references.append(normpath(f"{dirname(path)}/{target}"))
    return references


@pytest.mark.parametrize("path", sorted(p for p in _template_paths() if p.endswith(".css")))
def test_every_file_a_stylesheet_names_is_found(path):
    missing = [ref for ref in _css_references(path) if not finders.find(ref)]
    assert not missing, f"{path} names files that are not collected: {missing[:5]}"


def test_unused_package_files_are_not_collected():
    assert finders.find("vendor/inter/400.css")
    assert not finders.find("vendor/inter/100-italic.css")
    assert not finders.find("vendor/htmx/htmx.js")
