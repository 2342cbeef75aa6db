"""A small valid template file for the tests; each broken file is one change to it."""

from __future__ import annotations

BASE_YAML = """\
key: test-duties
version: "1.0"
agency: police
title:
  nb: Prøveliste
  en: Test list
description:
  nb: Beskrivelse
  en: Description
items:
  - key: first
    text:
      nb: Første plikt
      en: First duty
  - key: second
    when:
      children: true
      risk_band: [high]
    text:
      nb: Andre plikt
      en: Second duty
    help:
      nb: Hjelp
      en: Help
  - key: third
    sole_holder:
      duty: third_duty
      order: [crisis_centre, police]
    text:
      nb: Tredje plikt
      en: Third duty
"""


def mutate(*replacements: tuple[str, str], text: str = BASE_YAML) -> str:
    for old, new in replacements:
        assert text.count(old) == 1, f"ambiguous or missing: {old!r}"
        text = text.replace(old, new)
    return text
