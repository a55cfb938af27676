"""Shared fixtures. Tests run on real PostGIS (pytest-django's test database)."""

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import caches
from django.db import connection

from layers.models import Community, Role, StaffProfile, Subdistrict
from tests.geometry import rect

# Fixture modules that test modules both import from and register with pytest_plugins: rewrite their
# asserts like a test's (registered here, before any test module imports them).
pytest.register_assert_rewrite(
    "tests.map_ui.dashboard_world", "tests.map_ui.dashboard_browser", "tests.map_ui.first_world"
)


# The trail's TRUNCATE trigger (migration 0014) would refuse the flush that empties the test database
# after every live-server test. In this throw-away database only, the owner switches it off;
# tests/layers/models/test_event_trail.py switches it on again inside its own transaction.
TRAIL_TRUNCATE_TRIGGER = "layers_complaintevent_no_truncate"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(f"ALTER TABLE layers_complaintevent DISABLE TRIGGER {TRAIL_TRUNCATE_TRIGGER}")


@pytest.fixture(autouse=True)
def _fresh_process_caches():
    """Request counts (geo_gov/throttling.py) start from zero in every test, and no test finds the
    tokens or Basic logins of another in the per-process cache (layers/api/auth.py: a rolled-back
    test also rolls back the access-version bump that would have emptied it)."""
    caches["throttle"].clear()
    caches["tokens"].clear()


@pytest.fixture
def make_user(db):
    """make_user(role, username=None, **profile) -> User with a StaffProfile of that role."""

    def _make(role: str, username: str | None = None, password: str = "pw-for-tests", **profile):
        user = get_user_model().objects.create_user(
            username or f"{role}-{get_user_model().objects.count()}", password=password
        )
        StaffProfile.objects.create(user=user, role=role, **profile)
        return user

    return _make


@pytest.fixture
def small_world(db):
    """A 1 km x 1 km sub-district split into two 500 m x 1 km communities (west A, east B)."""
    sub = Subdistrict.objects.create(code="110106021", name="测试街道", geom=rect(0, 0, 1000, 1000))
    west = Community.objects.create(code="110106021001", name="西社区", subdistrict=sub, geom=rect(0, 0, 500, 1000))
    east = Community.objects.create(code="110106021002", name="东社区", subdistrict=sub, geom=rect(500, 0, 1000, 1000))
    return {"subdistrict": sub, "west": west, "east": east}


ROLES = [r.value for r in Role]
