"""Packages from PostGIS: estate_distance_pairs, total_infra_count and renovation_packages on the
hand-built layout (tests/layers/planning/packages_world.py), checked with PostGIS's own distances."""

import pytest
from django.db import connection

from layers.selectors.planning_packages import estate_distance_pairs, renovation_packages, total_infra_count
from tests.layers.planning.packages_world import HAND_TOTAL_INFRA, PERIOD, packages_world  # noqa: F401
from tests.layers.planning.test_packages_pure import EXPECTED, EXPECTED_TWO, HAND_DISTANCES

pytestmark = pytest.mark.django_db


def codes(package) -> tuple[str, ...]:
    return tuple(c.removeprefix("T-") for c in package.estate_codes)


def test_distance_pairs_are_the_hand_computed_ones(packages_world):  # noqa: F811
    ids = {e.id: code for code, e in packages_world.items() if code != "J"}
    pairs = estate_distance_pairs(ids, 150)
    got = {tuple(sorted((ids[a], ids[b]))): metres for (a, b), metres in pairs.items()}
    assert set(got) == {tuple(sorted(k)) for k in HAND_DISTANCES}
    for key, metres in HAND_DISTANCES.items():
        assert got[tuple(sorted(key))] == pytest.approx(metres, abs=0.05)
    assert all(a < b for a, b in pairs)


def test_distance_pairs_only_among_the_ids_given(packages_world):  # noqa: F811
    a, b, d = packages_world["A"].id, packages_world["B"].id, packages_world["D"].id
    assert set(estate_distance_pairs([a, d], 150)) == set()
    assert set(estate_distance_pairs([a, b, d], 60)) == {tuple(sorted((a, b))), tuple(sorted((b, d)))}
    assert estate_distance_pairs([], 150) == {}


def test_total_infra_counts_the_period_only(packages_world):  # noqa: F811
    assert total_infra_count(*PERIOD) == HAND_TOTAL_INFRA
    with pytest.raises(ValueError, match="before start"):
        total_infra_count(PERIOD[1], PERIOD[0])


def test_hand_built_estates_give_the_hand_computed_packages(packages_world):  # noqa: F811
    packages = renovation_packages(*PERIOD, max_distance_m=150, max_estates=4, max_households=1000)
    assert [(codes(p), p.infra_count, p.households) for p in packages] == EXPECTED
    assert [p.infra_share for p in packages] == pytest.approx([n / HAND_TOTAL_INFRA for _, n, _ in EXPECTED])
    two = renovation_packages(*PERIOD, max_distance_m=150, max_estates=2, max_households=1000)
    assert [codes(p) for p in two] == EXPECTED_TWO


def test_defaults_come_from_settings(packages_world, settings):  # noqa: F811
    settings.RENOVATION_PACKAGE_MAX_DISTANCE_M = 150
    settings.RENOVATION_PACKAGE_MAX_ESTATES = 4
    settings.RENOVATION_PACKAGE_MAX_HOUSEHOLDS = 1000
    assert [codes(p) for p in renovation_packages(*PERIOD)] == [e[0] for e in EXPECTED]


# Within each package: the farthest pair and the estate and household totals, from PostGIS.
_CHECK_SQL = """
SELECT max(ST_Distance(ST_Transform(a.geom, 4548), ST_Transform(b.geom, 4548))),
       (SELECT count(*) FROM layers_housingproject WHERE id = ANY(%(ids)s)),
       (SELECT sum(households) FROM layers_housingproject WHERE id = ANY(%(ids)s))
FROM layers_housingproject a JOIN layers_housingproject b ON a.id < b.id
WHERE a.id = ANY(%(ids)s) AND b.id = ANY(%(ids)s)
"""


@pytest.mark.parametrize(
    ("distance", "estates", "households"),
    [(0, 9, 6000), (50, 9, 6000), (60, 9, 6000), (100, 3, 6000), (150, 9, 800), (300, 9, 6000), (300, 5, 1500)],
)
def test_a_package_never_joins_estates_farther_apart_than_the_distance(packages_world, distance, estates, households):  # noqa: F811
    packages = renovation_packages(*PERIOD, max_distance_m=distance, max_estates=estates, max_households=households)
    assert packages
    with connection.cursor() as cursor:
        for p in packages:
            cursor.execute(_CHECK_SQL, {"ids": list(p.estate_ids)})
            farthest, count, total = cursor.fetchone()
            assert farthest is None or farthest <= distance + 1e-6, (p.estate_codes, farthest)
            assert count == len(p.estate_ids) <= estates
            assert total == p.households <= households
    assert packages_world["J"].id not in {i for p in packages for i in p.estate_ids}
