"""What every part of the generator shares: the marker on its rows, deterministic ids and
random streams, batched inserts and the progress line."""

from __future__ import annotations

import datetime as dt
import random
import sys
import time
import uuid
from collections.abc import Sequence
from typing import TextIO, TypeVar

from django.db import connection, models

# Every synthetic organisation, partnership and plan carries this in its name, and every
# synthetic user's username starts with USERNAME_PREFIX: that is how the guard tells
# synthetic rows from real ones.
MARKER = "(syntetisk)"
USERNAME_PREFIX = "synth."
BATCH = 2000

M = TypeVar("M", bound=models.Model)
T = TypeVar("T")


def stream(seed: int, name: str) -> random.Random:
    """An independent random stream per part, so that changing one part of the generator
    leaves the others' data as it was."""
    return random.Random(f"samvern-synthetic:{seed}:{name}")


def new_id(rng: random.Random) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def weekday_time(rng: random.Random, day: dt.date, *, start: int = 8, end: int = 16) -> dt.datetime:
    """A moment within working hours of `day`, in UTC."""
    seconds = rng.randint(start * 3600, end * 3600 - 1)
    return dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC) + dt.timedelta(
        seconds=seconds, microseconds=rng.randint(0, 999_999)
    )


def pick(rng: random.Random, values: Sequence[T]) -> T:
    return values[rng.randrange(len(values))]


class Progress:
    """One line per stage: what is being written and how far it has got."""

    def __init__(self, out: TextIO | None = None, *, enabled: bool = True) -> None:
        self.out = out or sys.stdout
        self.enabled = enabled
        self.started = time.monotonic()
        self._stage = ""
        self._total = 0
        self._done = 0
        self._shown = 0.0
        self.tty = bool(getattr(self.out, "isatty", lambda: False)())

    def stage(self, name: str, total: int) -> None:
        self._finish()
        self._stage, self._total, self._done, self._shown = name, total, 0, 0.0
        self._show(force=True)

    def advance(self, count: int) -> None:
        self._done += count
        self._show()

    def note(self, text: str) -> None:
        self._finish()
        if self.enabled:
            self.out.write(f"{text}\n")
            self.out.flush()

    def close(self) -> None:
        self._finish()

    def _show(self, *, force: bool = False) -> None:
        now = time.monotonic()
        if not self.enabled or (not force and now - self._shown < (0.5 if self.tty else 15)):
            return
        self._shown = now
        total = max(self._total, 1)
        width = 30
        filled = min(width, width * self._done // total)
        bar = "#" * filled + "-" * (width - filled)
        line = (
            f"{self._stage:<22} [{bar}] {self._done:>10,}/{self._total:,}"
            f"  {now - self.started:7.1f} s"
        )
        self.out.write(("\r" + line) if self.tty else (line + "\n"))
        self.out.flush()

    def _finish(self) -> None:
        if self._stage:
            self._show(force=True)
            if self.tty and self.enabled:
                self.out.write("\n")
            self._stage = ""


# Field types whose value goes to the database as the model holds it (their
# `get_db_prep_save` only checks the type): COPY sends those as they are, and everything
# else (times, JSON, decimals, addresses) through the field's own `get_db_prep_save`.
_AS_IS = frozenset(
    {
        "AutoField",
        "BigAutoField",
        "BigIntegerField",
        "BooleanField",
        "CharField",
        "DateField",
        "EmailField",
        "ForeignKey",
        "IntegerField",
        "OneToOneField",
        "PositiveIntegerField",
        "PositiveSmallIntegerField",
        "SlugField",
        "SmallIntegerField",
        "TextField",
        "URLField",
        "UUIDField",
    }
)


def _copy(model: type[models.Model], rows: Sequence[models.Model]) -> None:
    """PostgreSQL: the rows by COPY, each value prepared as Django would prepare it for
    an INSERT (`pre_save` for the automatic times, `get_db_prep_save` for the rest)."""
    fields = list(model._meta.concrete_fields)
    if rows and rows[0].pk is None:
        # Rows without ids (links of many-to-many fields, devices): the database numbers
        # them, as for an INSERT.
        fields = [f for f in fields if not f.primary_key]
    plain = [
        f.get_internal_type() in _AS_IS
        and not getattr(f, "auto_now", False)
        and not getattr(f, "auto_now_add", False)
        for f in fields
    ]
    names = [f.attname for f in fields]
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(str(f.column)) for f in fields)
    with connection.cursor() as wrapper:
        raw = wrapper.cursor
        with raw.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for obj in rows:
                copy.write_row(
                    [
                        getattr(obj, name)
                        if as_is
                        else field.get_db_prep_save(field.pre_save(obj, True), connection)
                        for field, name, as_is in zip(fields, names, plain, strict=True)
                    ]
                )


def insert(
    model: type[M], rows: list[M], progress: Progress | None = None, batch: int = BATCH
) -> None:
    """Insert `rows` in batches (their ids are already set), advancing the progress line:
    by COPY on PostgreSQL, by `bulk_create` elsewhere."""
    postgres = connection.vendor == "postgresql"
    size = batch * 10 if postgres else batch
    for start in range(0, len(rows), size):
        chunk = rows[start : start + size]
        if postgres:
            _copy(model, chunk)
        else:
            model._default_manager.bulk_create(chunk, batch_size=batch)
        if progress is not None:
            progress.advance(len(chunk))
