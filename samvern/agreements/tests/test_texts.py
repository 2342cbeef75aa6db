"""The text shown from Markdown is sanitised; the difference names the changed paragraph."""

import pytest

from samvern.agreements.texts import changed_count, paragraph_diff, render_markdown


@pytest.mark.parametrize(
    "text",
    [
        "Hei <script>alert(1)</script>",
        '<img src="x" onerror="alert(1)">',
        "[klikk](javascript:alert(1))",
        '<a href="javascript:alert(1)">lenke</a>',
        "<iframe src='https://example.org'></iframe>",
        '<p style="background:url(x)" onclick="alert(1)">tekst</p>',
        "<svg><script>alert(1)</script></svg>",
    ],
)
def test_markdown_with_injected_html_is_sanitised(text):
    html = str(render_markdown(text)).lower()
    for forbidden in ("<script", "onerror", "javascript:", "<iframe", "onclick", "style=", "<svg"):
        assert forbidden not in html


def test_markdown_keeps_its_own_formatting():
    html = str(render_markdown("# Ansvar\n\n- **Politiet** varsler\n- [Mer](https://x.no)"))
    assert "<h2>Ansvar</h2>" in html
    assert "<strong>Politiet</strong>" in html
    assert 'href="https://x.no"' in html and 'rel="noopener noreferrer nofollow"' in html


def test_the_difference_shows_only_the_changed_paragraph():
    old = "Første avsnitt.\n\nPolitiet ringer innen tre dager.\n\nSiste avsnitt."
    new = "Første avsnitt.\n\nPolitiet ringer samme dag.\n\nSiste avsnitt.\n\nNytt avsnitt."
    blocks = paragraph_diff(old, new)
    kinds = [(b.kind, b.old, b.new) for b in blocks]
    assert kinds == [
        ("same", ("Første avsnitt.",), ("Første avsnitt.",)),
        ("changed", ("Politiet ringer innen tre dager.",), ("Politiet ringer samme dag.",)),
        ("same", ("Siste avsnitt.",), ("Siste avsnitt.",)),
        ("added", (), ("Nytt avsnitt.",)),
    ]
    assert changed_count(blocks) == 2


def test_rewrapping_whitespace_is_not_a_change():
    assert [b.kind for b in paragraph_diff("A\r\n\r\nB  ", "A\n\n\n B")] == ["same"]
