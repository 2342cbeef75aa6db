"""The catalogue of training topics: a versioned data file (`catalogues/topics.yaml`), read
once, with titles in bokmål and English and how long a course lasts before it should be
refreshed. Events and competence records keep the topic's key and the catalogue version
they were registered under."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml
from django.utils.translation import get_language

CATALOGUE_FILE = Path(__file__).resolve().parent / "catalogues" / "topics.yaml"
SCHEMA = "samvern.training-topic-catalogue"


class CatalogueError(ValueError):
    pass


@dataclass(frozen=True)
class Topic:
    key: str
    title_text: dict[str, str]
    refresh_months: int | None

    @property
    def title(self) -> str:
        language = (get_language() or "nb")[:2]
        return self.title_text.get(language) or self.title_text["nb"]

    def refresh_due(self, completed_on: dt.date) -> dt.date | None:
        if self.refresh_months is None:
            return None
        from samvern.directory.selectors import months_before

        return months_before(completed_on, -self.refresh_months)


@dataclass(frozen=True)
class Catalogue:
    version: int
    topics: tuple[Topic, ...]

    def get(self, key: str) -> Topic | None:
        return next((topic for topic in self.topics if topic.key == key), None)


def parse(text: str, *, source: str = "topics.yaml") -> Catalogue:
    data = yaml.safe_load(text)
    if not isinstance(data, dict) or data.get("schema") != SCHEMA:
        raise CatalogueError(f"{source}: not a training topic catalogue")
    version = data.get("version")
    if not isinstance(version, int) or version < 1:
        raise CatalogueError(f"{source}: version must be a positive whole number")
    items = data.get("items")
    if not isinstance(items, list) or not items:
        raise CatalogueError(f"{source}: items must be a non-empty list")
    topics: list[Topic] = []
    seen: set[str] = set()
    for index, item in enumerate(items):
        where = f"{source}: items[{index}]"
        if not isinstance(item, dict):
            raise CatalogueError(f"{where}: must be a mapping")
        key, title, months = item.get("key"), item.get("title"), item.get("refresh_months")
        if not isinstance(key, str) or not key or key in seen:
            raise CatalogueError(f"{where}: key missing or repeated")
        if not isinstance(title, dict) or not isinstance(title.get("nb"), str):
            raise CatalogueError(f"{where}: title needs a bokmål text (nb)")
        if months is not None and (not isinstance(months, int) or months < 1):
            raise CatalogueError(f"{where}: refresh_months must be a positive number or null")
        seen.add(key)
        topics.append(
            Topic(key=key, title_text={k: str(v) for k, v in title.items()}, refresh_months=months)
        )
    return Catalogue(version=version, topics=tuple(topics))


@cache
def catalogue() -> Catalogue:
    return parse(CATALOGUE_FILE.read_text(encoding="utf-8"), source=str(CATALOGUE_FILE.name))


def topic_choices() -> list[tuple[str, str]]:
    return [(topic.key, topic.title) for topic in catalogue().topics]


def topic_title(key: str) -> str:
    topic = catalogue().get(key)
    return topic.title if topic is not None else key
