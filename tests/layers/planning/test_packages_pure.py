"""form_packages (layers/planning/packages.py) on a hand-built layout and on seeded random layouts.

The hand-built layout (metres east/north of the anchor; every estate a 100 m square unless noted):

    C (0,150)     G (150,150)    E (300,150)          H (600,0) 1200 households
    A (0,0)       B (150,0)      D (300,0)            F (1000,0) far away
                  I (150,-150)

estate  infra  score  households
A       10     0.9    300
B        8     0.8    300
C        6     0.7    450
D        9     0.6    200
E        7     0.5    500
F        1     0.1    100
G        0     0.4    100     no evidence
H        5     0.3   1200     bigger than the household cap on its own
I        4     0.2    400

Edge-to-edge distances at most 150 m (side by side 50 m, corner to corner sqrt(50²+50²) = 70.7 m):
A-B 50, A-C 50, A-I 70.7, B-C 70.7, B-D 50, B-E 70.7, B-G 50, B-I 50, A-G 70.7, C-G 50, D-E 50,
D-G 70.7, D-I 70.7, E-G 50. Everything else is 200 m or more apart (A-D 200, C-D 206, C-I 200...).

Caps 150 m, 4 estates, 1000 households; total_infra 60 (complaints off the estates included).
By hand, candidates by evidence: A10, D9, B8, E7, C6, H5, I4, F1 (G has none; H is over the cap).
- Seed A; within reach of A: B, C, I. Add B (8): 600 households; reach of A and B: C, I.
  C (6) would make 1050 > 1000, I (4) makes exactly 1000: add I. Reach of A, B, I: C is 200 m from I,
  so nothing. Package A B I: infra 22, households 1000, score 1.9.
- Seed D; free within reach: E (B and I are taken; G has no evidence). Add E: D E, infra 16, 700 hh, 1.1.
- Seed C; its neighbours A and B are taken, G has no evidence: C alone, infra 6.
- Seed F: alone, infra 1. H never appears, nor G.
Ranked: 1 A B I (22/60), 2 D E (16/60), 3 C (6/60), 4 F (1/60).
With max_estates 2 instead: A B (18), D E (16), C (6), I (4, its neighbours A B D all taken), F (1).
"""

import math
import random

import pytest
from shapely.geometry import box

from layers.planning.packages import form_packages
from layers.planning.types import EstateScore

# code: (west, south, east, north) metres, infra_count, score, households
LAYOUT = {
    "A": ((0, 0, 100, 100), 10, 0.9, 300),
    "B": ((150, 0, 250, 100), 8, 0.8, 300),
    "C": ((0, 150, 100, 250), 6, 0.7, 450),
    "D": ((300, 0, 400, 100), 9, 0.6, 200),
    "E": ((300, 150, 400, 250), 7, 0.5, 500),
    "F": ((1000, 0, 1100, 100), 1, 0.1, 100),
    "G": ((150, 150, 250, 250), 0, 0.4, 100),
    "H": ((600, 0, 700, 100), 5, 0.3, 1200),
    "I": ((150, -150, 250, -50), 4, 0.2, 400),
}
CAPS = {"max_distance_m": 150.0, "max_estates": 4, "max_households": 1000, "total_infra": 60}
DIAGONAL = math.hypot(50, 50)
# The pairs within 150 m, written out by hand from the sketch in the docstring.
HAND_DISTANCES = {
    ("A", "B"): 50,
    ("A", "C"): 50,
    ("A", "I"): DIAGONAL,
    ("B", "C"): DIAGONAL,
    ("B", "D"): 50,
    ("B", "E"): DIAGONAL,
    ("B", "G"): 50,
    ("B", "I"): 50,
    ("A", "G"): DIAGONAL,
    ("C", "G"): 50,
    ("D", "E"): 50,
    ("D", "G"): DIAGONAL,
    ("D", "I"): DIAGONAL,
    ("E", "G"): 50,
}
EXPECTED = [(("A", "B", "I"), 22, 1000), (("D", "E"), 16, 700), (("C",), 6, 450), (("F",), 1, 100)]
EXPECTED_TWO = [("A", "B"), ("D", "E"), ("C",), ("I",), ("F",)]


def hand_scores() -> list[EstateScore]:
    return [
        EstateScore(id=i, code=code, name=f"{code}院", community_code="C1", households=hh, infra_count=n, score=s)
        for i, (code, (_, n, s, hh)) in enumerate(sorted(LAYOUT.items()), start=1)
    ]


def by_id(distances_by_code: dict) -> dict[tuple[int, int], float]:
    ids = {s.code: s.id for s in hand_scores()}
    return {tuple(sorted((ids[a], ids[b]))): metres for (a, b), metres in distances_by_code.items()}


def test_hand_distances_are_the_geometry():
    for a in LAYOUT:
        for b in LAYOUT:
            if a < b:
                metres = box(*LAYOUT[a][0]).distance(box(*LAYOUT[b][0]))
                key = (a, b) if (a, b) in HAND_DISTANCES else (b, a)
                assert (metres <= 150) == (key in HAND_DISTANCES), (a, b, metres)
                if metres <= 150:
                    assert metres == pytest.approx(HAND_DISTANCES[key])


def test_hand_built_layout_gives_the_hand_computed_packages():
    packages = form_packages(hand_scores(), by_id(HAND_DISTANCES), **CAPS)
    got = [(p.estate_codes, p.infra_count, p.households) for p in packages]
    assert got == EXPECTED
    assert [p.rank for p in packages] == [1, 2, 3, 4]
    assert [p.infra_share for p in packages] == pytest.approx([22 / 60, 16 / 60, 6 / 60, 1 / 60])
    assert [p.score for p in packages] == pytest.approx([1.9, 1.1, 0.7, 0.1])
    ids = {s.code: s.id for s in hand_scores()}
    assert packages[0].estate_ids == (ids["A"], ids["B"], ids["I"])


def test_estate_cap_on_the_hand_built_layout():
    packages = form_packages(hand_scores(), by_id(HAND_DISTANCES), **{**CAPS, "max_estates": 2})
    assert [p.estate_codes for p in packages] == EXPECTED_TWO


def test_pairs_beyond_the_distance_are_ignored_even_if_given():
    far = {**HAND_DISTANCES, ("A", "D"): 200.0, ("C", "I"): 200.0}
    packages = form_packages(hand_scores(), by_id(far), **CAPS)
    assert [p.estate_codes for p in packages] == [e[0] for e in EXPECTED]


def test_no_evidence_no_packages_and_share_without_total():
    quiet = [EstateScore(1, "Q1", "静", "C1", 100, 0, 0.5), EstateScore(2, "Q2", "静", "C1", 100, 0, 0.4)]
    assert form_packages(quiet, {(1, 2): 0.0}, **{**CAPS, "total_infra": 0}) == []
    one = [EstateScore(1, "Q1", "静", "C1", 100, 3, 0.5)]
    assert form_packages(one, {}, **{**CAPS, "total_infra": 3})[0].infra_share == 1.0


@pytest.mark.parametrize(
    ("change", "named"),
    [
        ({"max_distance_m": -1}, "max_distance_m"),
        ({"max_distance_m": float("nan")}, "max_distance_m"),
        ({"max_estates": 0}, "max_estates"),
        ({"max_estates": 2.5}, "max_estates"),
        ({"max_households": 0}, "max_households"),
        ({"total_infra": 10}, "total_infra"),
    ],
)
def test_bad_arguments_are_named(change, named):
    with pytest.raises(ValueError, match=named):
        form_packages(hand_scores(), by_id(HAND_DISTANCES), **{**CAPS, **change})


def test_an_estate_listed_twice_is_refused():
    scores = hand_scores()
    with pytest.raises(ValueError, match="A"):
        form_packages([*scores, scores[0]], {}, **CAPS)


def random_layout(seed: int, n: int = 80):
    """n random rectangles (20-120 m a side) in a 1.5 km square, with random evidence and households."""
    rng = random.Random(seed)
    shapes, scores = {}, []
    for i in range(1, n + 1):
        x, y = rng.uniform(0, 1500), rng.uniform(0, 1500)
        shapes[i] = box(x, y, x + rng.uniform(20, 120), y + rng.uniform(20, 120))
        infra = rng.choice([0, 0, 1, 2, 3, 5, 8, 13, 20])
        scores.append(EstateScore(i, f"R{i:03d}", f"R{i}", f"C{i % 4}", rng.randint(50, 900), infra, rng.random()))
    return shapes, scores


@pytest.mark.parametrize("seed", range(40))
def test_random_layouts_keep_every_invariant(seed):
    shapes, scores = random_layout(seed)
    rng = random.Random(1000 + seed)
    caps = {
        "max_distance_m": rng.choice([0.0, 50.0, 150.0, 300.0]),
        "max_estates": rng.randint(1, 9),
        "max_households": rng.choice([600, 1500, 6000]),
    }
    distances = {}
    for a in shapes:
        for b in shapes:
            if a < b and shapes[a].distance(shapes[b]) <= caps["max_distance_m"]:
                distances[(a, b)] = shapes[a].distance(shapes[b])
    total = sum(s.infra_count for s in scores) + rng.randint(0, 50)
    packages = form_packages(scores, distances, **caps, total_infra=total)
    assert_invariants(packages, scores, shapes, caps, total)


def assert_invariants(packages, scores, shapes, caps, total):
    by_id_ = {s.id: s for s in scores}
    placed = [i for p in packages for i in p.estate_ids]
    assert len(placed) == len(set(placed)), "an estate in two packages"
    for p in packages:
        members = [by_id_[i] for i in p.estate_ids]
        assert len(members) <= caps["max_estates"]
        assert p.households == sum(m.households for m in members) <= caps["max_households"]
        assert p.infra_count == sum(m.infra_count for m in members)
        assert p.infra_share == pytest.approx(p.infra_count / total)
        assert all(m.infra_count > 0 for m in members)
        assert p.estate_codes == tuple(m.code for m in members)
        for i, a in enumerate(p.estate_ids):
            for b in p.estate_ids[i + 1 :]:
                assert shapes[a].distance(shapes[b]) <= caps["max_distance_m"] + 1e-9, (p.rank, a, b)
        # The seed is the package's best estate: nobody joins ahead of a better-evidenced candidate.
        assert min(members, key=lambda m: (-m.infra_count, -m.score, m.code)) is members[0]
    keys = [(-p.infra_count, -p.score) for p in packages]
    assert keys == sorted(keys)
    assert [p.rank for p in packages] == list(range(1, len(packages) + 1))
    # Every estate with evidence that fits the household cap on its own is in exactly one package.
    expected = {s.id for s in scores if s.infra_count > 0 and s.households <= caps["max_households"]}
    assert set(placed) == expected
