"""A partnership with training records and the personas of the access matrix: the same
world as the directory tests (see there for who is who). Dates are fixed: membership
from 2020, courses in 2025."""

from __future__ import annotations

from samvern.directory.tests.conftest import (  # noqa: F401 (fixtures used by the tests)
    JOINED,
    admin,
    coord,
    demo_partnership,
    member,
    outsider,
    partnership,
    police,
    shelter,
    stranger_org,
)
