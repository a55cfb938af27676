"""The cases world (tests/layers/api/cases_world.py) with e-mail addresses, and helpers to make and
move cases through the one write path (complaint_create, complaint_transition)."""

import pytest

from layers.models import Complaint
from layers.services.complaints import complaint_create, complaint_transition
from tests.geometry import lonlat
from tests.layers.api.cases_world import (  # noqa: F401 (fixtures)
    EAST_POINT,
    WEST_POINT,
    cases_world_fixture,
    categories_fixture,
)


@pytest.fixture
def world(cases_world):
    for name in ("alice", "leader"):
        user = cases_world[name]
        user.email = f"{name}@wulidian.invalid"
        user.save(update_fields=["email"])
    return cases_world


@pytest.fixture
def new_case(world):
    """new_case(point=WEST_POINT, category="t_general", **fields) -> a case taken in by the office
    (actor None, like the 12345 import): in the west it goes to alice and 城管科 (D1)."""

    def _make(point=WEST_POINT, category="t_general", **fields):
        lon, lat = lonlat(*point)
        arguments = {"channel": Complaint.Channel.HOTLINE_12345, "description": "楼道漏水", "lon": lon, "lat": lat}
        return complaint_create(actor=None, category_code=category, **(arguments | fields))[0]

    return _make


@pytest.fixture
def dispatch(world):
    """dispatch(case) -> the case dispatched (派单) by the leader."""

    def _dispatch(case):
        return complaint_transition(complaint=case, actor=world["leader"], to_status="dispatched")

    return _dispatch
