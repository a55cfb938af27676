"""layers/planning/routing.py: the heuristic against the exact optimum (Held-Karp) on small cases."""

import itertools

import numpy as np
import pytest

from layers.planning import routing


def _brute_force(d: np.ndarray, closed: bool) -> float:
    n = d.shape[0]
    return min(routing.path_length((0, *p), d, closed) for p in itertools.permutations(range(1, n)))


@pytest.mark.parametrize("closed", [True, False])
def test_held_karp_equals_brute_force(closed):
    # The exact solver is itself checked before it judges the heuristic.
    for seed in range(30):
        rng = np.random.default_rng(seed)
        d = routing.distance_matrix(rng.uniform(0, 1000, (int(rng.integers(2, 8)), 2)))
        order, length = routing.held_karp(d, closed)
        assert sorted(order) == list(range(d.shape[0])) and order[0] == 0
        assert length == pytest.approx(routing.path_length(order, d, closed))
        assert length == pytest.approx(_brute_force(d, closed))


def test_held_karp_refuses_large_cases():
    with pytest.raises(ValueError, match="at most 10 nodes, not 11"):
        routing.held_karp(np.zeros((11, 11)))


@pytest.mark.parametrize("closed", [True, False])
def test_heuristic_within_10_percent_of_optimum_on_small_random_cases(closed):
    ratios = []
    for seed in range(250):
        rng = np.random.default_rng(1000 + seed)
        n = int(rng.integers(3, 10))  # stops, plus the depot: up to 10 nodes
        xy = rng.uniform(0, 1500, (n, 2))
        depot = rng.uniform(0, 1500, 2)
        tour = routing.plan_tour(xy, depot, closed=closed)
        assert sorted(tour.order) == list(range(n)), f"seed {seed}: every stop exactly once"
        d = routing.distance_matrix(np.vstack([depot, xy]))
        assert tour.length == pytest.approx(routing.path_length((0, *(i + 1 for i in tour.order)), d, closed))
        _order, optimum = routing.held_karp(d, closed)
        ratios.append(tour.length / optimum)
    assert max(ratios) <= 1.1
    # Not only within the bound: on cases this small the heuristic should nearly always be optimal.
    assert np.mean(np.isclose(ratios, 1.0)) >= 0.95


def test_clustered_cases_within_10_percent():
    # Stops in tight clusters far apart (blocks of a community): where greedy orders go wrong.
    for seed in range(60):
        rng = np.random.default_rng(seed)
        centres = rng.uniform(0, 2000, (3, 2))
        xy = np.vstack([c + rng.normal(0, 40, (3, 2)) for c in centres])
        tour = routing.plan_tour(xy, (1000.0, 1000.0))
        _order, optimum = routing.held_karp(routing.distance_matrix(np.vstack([[1000.0, 1000.0], xy])))
        assert tour.length <= 1.1 * optimum + 1e-9


def test_collinear_stops_are_walked_out_and_back():
    xy = [(300.0, 0.0), (100.0, 0.0), (200.0, 0.0)]
    closed = routing.plan_tour(xy, (0.0, 0.0), closed=True)
    assert closed.order in ((1, 2, 0), (0, 2, 1)) and closed.length == pytest.approx(600.0)
    open_tour = routing.plan_tour(xy, (0.0, 0.0), closed=False)
    assert open_tour.order == (1, 2, 0) and open_tour.length == pytest.approx(300.0)


def test_degenerate_tours():
    assert routing.plan_tour(np.empty((0, 2)), (0, 0)) == routing.Tour(order=(), length=0.0)
    one = routing.plan_tour([(30.0, 40.0)], (0, 0))
    assert one.order == (0,) and one.length == pytest.approx(100.0)
    # Two stops on top of each other still both visited.
    same = routing.plan_tour([(10.0, 0.0), (10.0, 0.0)], (0, 0), closed=False)
    assert sorted(same.order) == [0, 1] and same.length == pytest.approx(10.0)


def test_a_given_distance_matrix_is_used_instead_of_straight_lines():
    # A road network where going 0 -> 2 directly is very long (a river between): the tour follows it.
    d = np.array(
        [
            [0, 1, 100, 50],
            [1, 0, 1, 50],
            [100, 1, 0, 1],
            [50, 50, 1, 0],
        ],
        dtype=float,
    )
    tour = routing.plan_tour(np.zeros((3, 2)), (0, 0), closed=True, distances=d)
    # Either way round the same loop; straight lines (all stops at the depot) would say length 0.
    assert tour.order in ((0, 1, 2), (2, 1, 0)) and tour.length == pytest.approx(53.0)


def test_forty_stops_improve_on_nearest_neighbour_quickly():
    rng = np.random.default_rng(3)
    xy = rng.uniform(0, 2000, (41, 2))
    d = routing.distance_matrix(xy)
    greedy = routing.path_length(routing.nearest_neighbour(d), d, True)
    nodes = routing.solve_matrix(d)
    assert sorted(nodes) == list(range(41)) and nodes[0] == 0
    assert routing.path_length(nodes, d, True) < greedy
