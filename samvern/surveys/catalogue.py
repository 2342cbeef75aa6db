"""The survey's questions, from the versioned data file questions/partner_survey.json."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.utils.translation import get_language

PATH = Path(__file__).resolve().parent / "questions" / "partner_survey.json"


@dataclass(frozen=True)
class Catalogue:
    version: str
    questions: tuple[dict[str, object], ...]


@cache
def current() -> Catalogue:
    data = json.loads(PATH.read_text(encoding="utf-8"))
    questions = tuple(data["questions"])
    keys = [q["key"] for q in questions]
    if len(keys) != len(set(keys)) or not all(
        isinstance(q.get("text"), dict) and "nb" in q["text"] for q in questions
    ):
        raise ValueError(f"{PATH}: every question needs a unique key and a text in nb")
    return Catalogue(version=str(data["version"]), questions=questions)


def question_text(question: dict[str, object]) -> str:
    """The question in the reader's language, bokmål when there is none."""
    texts = question.get("text")
    if not isinstance(texts, dict):
        return str(question.get("key", ""))
    language = (get_language() or "nb").split("-")[0]
    return str(texts.get(language) or texts.get("nb") or "")
