"""Risk personas and helpers.

Case-role users read the instruments: *carl* (case worker, police) and *cora* (conference
coordinator); *dag* is the police's data protection officer. The root personas *bob*
(plan reader) and *dora* (organisation administrator) hold no case role and see nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from samvern.accounts.models import OrganisationKind
from samvern.accounts.tests import personas
from samvern.risk import catalogue
from samvern.risk.tests.builders import BASE_YAML


@pytest.fixture(autouse=True)
def fresh_catalogue() -> Iterator[None]:
    catalogue.clear_cache()
    yield
    catalogue.clear_cache()


@pytest.fixture
def police_org(db):
    from samvern.accounts.tests.factories import OrganisationFactory

    return OrganisationFactory(name="Vest politidistrikt", kind=OrganisationKind.POLICE)


@pytest.fixture
def carl(police_org):
    return personas.make_persona(personas.CARL, police_org)


@pytest.fixture
def cora(police_org):
    return personas.make_persona(personas.CORA, police_org)


@pytest.fixture
def dag(police_org):
    return personas.make_persona(personas.DAG, police_org)


@pytest.fixture
def write_file(tmp_path: Path) -> Callable[..., Path]:
    """Write an instrument file into tmp_path; returns its path."""

    def _write(content: str | bytes = BASE_YAML, name: str = "instrument.yaml") -> Path:
        path = tmp_path / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    return _write
