"""Short walking tours through a few dozen stops: pure maths on coordinates in metres, no I/O.

Distances are straight lines in EPSG:4548 metres. The service has no road layer yet; when one is
loaded, pass its shortest-path distances as `distances` (any symmetric matrix works, the heuristics
never assume the triangle inequality) and the same code orders the stops over the roads.

The tour starts at a depot (the worker's start point, node 0) and either comes back to it (closed,
the default: a grid worker ends the day where the bag and the bike are) or ends at the last stop
(open). Heuristic: nearest neighbour, then 2-opt and or-opt (moving runs of 1-3 stops, either way
round) until neither improves; then a few seeded double-bridge kicks, each followed by the same local
search, the best tour kept (iterated local search). A 30-stop tour takes a few milliseconds.

networkx 3.6's `approximation.traveling_salesman_problem` was measured as the alternative
(bench/RESULTS.md, patrol plans): on the 40 largest tours of the district bench (16-20 stops)
christofides took ~28 ms a tour against ~17 ms here, and its tours were 9 % longer in total
(101.1 km against 92.6 km); its greedy and annealing variants were no shorter than greedy alone on
the seeded cases tried. So the heuristic here is both shorter and faster, and needs no graph objects.

`held_karp` is the exact dynamic programme (O(2^n n^2)); it is for tests of the heuristic on tiny
cases (n <= 10 nodes with the depot), never for planning.
"""

from dataclasses import dataclass

import numpy as np

# Seeded kicks after the first local optimum (iterated local search): 2-opt from one start can stall
# 5-10 % above the best; a handful of kicks makes that rare on tours of patrol size, and each costs
# a few moves rather than a whole new search.
RESTARTS = 4
MAX_EXACT_NODES = 10
_EPS = 1e-9


@dataclass(frozen=True)
class Tour:
    """Stops in visiting order (indices into the points passed in, depot excluded) and the length in
    metres, including the legs from the depot and, for a closed tour, back to it."""

    order: tuple[int, ...]
    length: float


def distance_matrix(xy) -> np.ndarray:
    """Straight-line distances (metres) between every pair of points (n x 2 array of metres)."""
    xy = np.asarray(xy, dtype=float).reshape(-1, 2)
    delta = xy[:, None, :] - xy[None, :, :]
    return np.sqrt((delta**2).sum(axis=2))


def path_length(nodes, d: np.ndarray, closed: bool) -> float:
    """Length of the walk through nodes in order (node indices into d), back to the first if closed."""
    nodes = np.asarray(nodes, dtype=int)
    if nodes.size < 2:
        return 0.0
    length = float(d[nodes[:-1], nodes[1:]].sum())
    return length + float(d[nodes[-1], nodes[0]]) if closed else length


def _with_end(d: np.ndarray, closed: bool) -> tuple[list[list[float]], int]:
    """The matrix as nested lists, with an end node: the depot again (closed), or a free node at
    distance 0 from everything (open), so one formula serves both. Lists, not numpy: on tours of a
    few dozen stops the per-call cost of numpy outweighs its speed (measured 5-8x slower)."""
    rows = np.asarray(d, dtype=float).tolist()
    if closed:
        return rows, 0
    n = len(rows)
    return [row + [0.0] for row in rows] + [[0.0] * (n + 1)], n


def two_opt(tour: list[int], d: list[list[float]], end: int) -> bool:
    """Reverse segments (in place) while one shortens the walk; tour[0] is the depot and stays first."""
    improved_any = False
    improved = True
    m = len(tour)
    while improved:
        improved = False
        for i in range(1, m - 1):
            a, b = tour[i - 1], tour[i]
            row_a, row_b, ab = d[a], d[b], d[a][b]
            best, best_j = _EPS, -1
            for j in range(i + 1, m):
                c = tour[j]
                e = tour[j + 1] if j + 1 < m else end
                gain = ab + d[c][e] - row_a[c] - row_b[e]
                if gain > best:
                    best, best_j = gain, j
            if best_j > 0:
                tour[i : best_j + 1] = tour[i : best_j + 1][::-1]
                improved = improved_any = True
    return improved_any


def _best_insertion(rest: list[int], first: int, last: int, d: list[list[float]], end: int) -> tuple[float, int, bool]:
    """Cheapest place to put a run (first..last) back into rest (after position k), as is or reversed."""
    best, best_k, best_reverse = float("inf"), 0, False
    row_first, row_last = d[first], d[last]
    both_ways = first != last
    for k, (prev, nxt) in enumerate(zip(rest, rest[1:] + [end], strict=True)):
        row_prev = d[prev]
        base = row_prev[nxt]
        forward = row_prev[first] + row_last[nxt] - base
        if forward < best:
            best, best_k, best_reverse = forward, k, False
        if both_ways:
            backward = row_prev[last] + row_first[nxt] - base
            if backward < best:
                best, best_k, best_reverse = backward, k, True
    return best, best_k, best_reverse


def or_opt(tour: list[int], d: list[list[float]], end: int) -> tuple[list[int], bool]:
    """Move runs of 1-3 stops elsewhere in the walk (either way round) while that shortens it."""
    improved_any = False
    improved = True
    m = len(tour)
    while improved:
        improved = False
        for size in (1, 2, 3):
            for i in range(1, m - size + 1):
                run = tour[i : i + size]
                after = tour[i + size] if i + size < m else end
                before = tour[i - 1]
                removed = d[before][run[0]] + d[run[-1]][after] - d[before][after]
                rest = tour[:i] + tour[i + size :]
                cost, k, reverse = _best_insertion(rest, run[0], run[-1], d, end)
                if removed - cost > _EPS:
                    tour = rest[: k + 1] + (run[::-1] if reverse else run) + rest[k + 1 :]
                    improved = improved_any = True
    return tour, improved_any


def improve(tour, d: np.ndarray, closed: bool = True) -> np.ndarray:
    """2-opt and or-opt alternately until or-opt finds nothing; the depot (tour[0]) stays first."""
    rows, end = _with_end(d, closed)
    tour = [int(i) for i in tour]
    moved = True
    while moved:
        two_opt(tour, rows, end)
        tour, moved = or_opt(tour, rows, end)
    return np.array(tour, dtype=int)


def double_bridge(tour: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Cut the walk after the depot into four runs A B C D and rejoin them as A C B D: a change
    2-opt and or-opt cannot undo in one move, so the search leaves its local optimum."""
    m = tour.size
    if m < 5:
        return np.concatenate([[tour[0]], rng.permutation(tour[1:])])
    cut = np.sort(rng.choice(np.arange(2, m), size=3, replace=False))
    p, q, r = cut
    return np.concatenate([tour[:p], tour[q:r], tour[p:q], tour[r:]])


def nearest_neighbour(d: np.ndarray, start: int = 0) -> np.ndarray:
    """Greedy walk: always on to the closest stop not yet visited."""
    n = d.shape[0]
    visited = np.zeros(n, dtype=bool)
    tour = [start]
    visited[start] = True
    for _ in range(n - 1):
        row = np.where(visited, np.inf, d[tour[-1]])
        nxt = int(np.argmin(row))
        tour.append(nxt)
        visited[nxt] = True
    return np.array(tour, dtype=int)


def solve_matrix(d: np.ndarray, closed: bool = True, restarts: int = RESTARTS, seed: int = 0) -> np.ndarray:
    """Node order starting at node 0 (the depot) through every node of d: nearest neighbour, local
    search, then `restarts` kicks (double bridge) each followed by local search; the best is kept."""
    d = np.asarray(d, dtype=float)
    n = d.shape[0]
    if n <= 2:
        return np.arange(n)
    best = improve(nearest_neighbour(d), d, closed)
    best_length = path_length(best, d, closed)
    if n <= 3:
        return best
    rng = np.random.default_rng(seed)
    for _ in range(restarts):
        candidate = improve(double_bridge(best, rng), d, closed)
        length = path_length(candidate, d, closed)
        if length < best_length - _EPS:
            best, best_length = candidate, length
    return best


def plan_tour(xy, depot, closed: bool = True, distances: np.ndarray | None = None) -> Tour:
    """Order the points (n x 2 metres) into a short tour from depot (x, y metres).

    distances, when given, is the (n+1) x (n+1) matrix with the depot first (a road network's);
    otherwise straight lines are used.
    """
    xy = np.asarray(xy, dtype=float).reshape(-1, 2)
    if xy.shape[0] == 0:
        return Tour(order=(), length=0.0)
    if distances is None:
        distances = distance_matrix(np.vstack([np.asarray(depot, dtype=float).reshape(1, 2), xy]))
    nodes = solve_matrix(distances, closed)
    return Tour(order=tuple(int(i) - 1 for i in nodes[1:]), length=path_length(nodes, distances, closed))


def _held_karp_table(d: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """cost[S, j]: shortest walk from node 0 through the stop set S (bit j = node j + 1) ending at
    node j + 1; parent[S, j]: the stop before it."""
    n = d.shape[0]
    full = 1 << (n - 1)
    cost = np.full((full, n - 1), np.inf)
    parent = np.full((full, n - 1), -1, dtype=int)
    for j in range(n - 1):
        cost[1 << j, j] = d[0, j + 1]
    for subset in range(1, full):
        for j in (j for j in range(n - 1) if subset & (1 << j)):
            for k in (k for k in range(n - 1) if not subset & (1 << k)):
                candidate = cost[subset, j] + d[j + 1, k + 1]
                if candidate < cost[subset | (1 << k), k]:
                    cost[subset | (1 << k), k], parent[subset | (1 << k), k] = candidate, j
    return cost, parent


def held_karp(d: np.ndarray, closed: bool = True) -> tuple[tuple[int, ...], float]:
    """The exact shortest walk from node 0 through every node (back to 0 if closed); for tests only.

    Bellman-Held-Karp dynamic programme over subsets, O(2^n n^2): refuses more than MAX_EXACT_NODES
    nodes. Returns the node order (starting with 0) and its length.
    """
    d = np.asarray(d, dtype=float)
    n = d.shape[0]
    if n > MAX_EXACT_NODES:
        raise ValueError(f"held_karp is exact and exponential: at most {MAX_EXACT_NODES} nodes, not {n}")
    if n == 1:
        return (0,), 0.0
    cost, parent = _held_karp_table(d)
    everything = (1 << (n - 1)) - 1
    closing = d[1:, 0] if closed else np.zeros(n - 1)
    last = int(np.argmin(cost[everything] + closing))
    length = float(cost[everything, last] + closing[last])
    order, subset, j = [], everything, last
    while j >= 0:
        order.append(j + 1)
        subset, j = subset ^ (1 << j), parent[subset, j]
    return (0, *order[::-1]), length
