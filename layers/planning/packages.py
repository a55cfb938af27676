"""成片 renovation packages: group neighbouring candidate estates so the works are done together.

Pure: takes the estates' scores and the edge-to-edge distances between neighbours, returns packages.
No database, so the rule can be checked by hand and on random layouts.

The rule, as a planner would state it (greedy, complete linkage):
1. Order the candidates by evidence: infrastructure complaints in the period (infra_count), then
   score, then code (so ties always break the same way).
2. The best estate not yet in a package seeds a new one.
3. Repeatedly add the estate that adds most evidence among those within max_distance_m of EVERY
   member (adjacent estates are 0 m apart) and that keep the package within max_estates and
   max_households. Stop when none is left.
4. Back to 2 until no candidate with evidence remains. Each estate is in at most one package.
5. Rank the packages by the evidence they cover: infra_count, then score (the sum of the members'
   scores), then the seed's code.

Why this rule and not an optimum: covering the most complaints with disjoint capped cliques is a
weighted clique-packing problem (NP-hard), and an optimum that moves the worst estate into a second
package to gain two complaints elsewhere is hard to defend. The greedy rule is the one a leader can
repeat: "the estate with most complaints anchors a package, its closest-ranked neighbours join it".
Complete linkage (within the distance of all members, not just one) keeps a package compact: a
chain of estates each 300 m from the next would otherwise stretch across the sub-district.

Only estates with infrastructure complaints in the period (infra_count > 0) enter packages: a
package is justified by the complaints it addresses, and an estate without any would spend the
household cap on nothing the evidence shows. An estate larger than max_households on its own cannot
be in any package (the cap is never exceeded); it is left for a decision of its own.

networkx is not used: the neighbour graph is a dict of sets, and the only graph operation needed
(estates within reach of every member) is a set intersection, which is faster without the wrapper.
"""

from collections.abc import Mapping, Sequence

from layers.planning.types import EstateScore, Package


def _evidence(estate: EstateScore) -> tuple:
    # Sort key, best first when ascending: most complaints, then highest score, then code.
    return (-estate.infra_count, -estate.score, estate.code)


def _neighbours(
    ids: set[int], distances: Mapping[tuple[int, int], float], max_distance_m: float
) -> dict[int, set[int]]:
    """Adjacency among the candidates; pairs farther than max_distance_m are dropped even if given."""
    graph: dict[int, set[int]] = {i: set() for i in ids}
    for (a, b), metres in distances.items():
        if a != b and a in graph and b in graph and metres <= max_distance_m:
            graph[a].add(b)
            graph[b].add(a)
    return graph


def _validate(scores: Sequence[EstateScore], max_distance_m, max_estates, max_households, total_infra) -> None:
    if max_distance_m is None or not max_distance_m >= 0:
        raise ValueError(f"max_distance_m 应为不小于 0 的米数 / expected metres >= 0, got {max_distance_m!r}")
    if isinstance(max_estates, bool) or not isinstance(max_estates, int) or max_estates < 1:
        raise ValueError(f"max_estates 应为不小于 1 的整数 / expected an integer >= 1, got {max_estates!r}")
    if isinstance(max_households, bool) or not isinstance(max_households, int) or max_households < 1:
        raise ValueError(f"max_households 应为不小于 1 的整数 / expected an integer >= 1, got {max_households!r}")
    seen: set[int] = set()
    for estate in scores:
        if estate.id in seen:
            raise ValueError(f"住宅项目 {estate.code} (id {estate.id}) 重复 / estate listed twice")
        seen.add(estate.id)
        if estate.infra_count < 0 or estate.households < 0:
            raise ValueError(f"住宅项目 {estate.code}: infra_count 与 households 不能为负 / must not be negative")
    covered = sum(e.infra_count for e in scores)
    if isinstance(total_infra, bool) or not isinstance(total_infra, int) or total_infra < covered:
        raise ValueError(
            f"total_infra 应为整数且不小于各小区之和 {covered} / expected an integer >= the estates' sum, "
            f"got {total_infra!r}"
        )


def _grow(
    seed: EstateScore,
    free: dict[int, EstateScore],
    graph: dict[int, set[int]],
    max_estates: int,
    max_households: int,
) -> list[EstateScore]:
    """Members of the package seeded by `seed`, in the order they joined."""
    members = [seed]
    households = seed.households
    # Estates within reach of every member so far: shrinks by intersection as members join.
    reach = {i for i in graph[seed.id] if i in free}
    while reach and len(members) < max_estates:
        fits = [free[i] for i in reach if households + free[i].households <= max_households]
        if not fits:
            break
        best = min(fits, key=_evidence)
        members.append(best)
        households += best.households
        reach &= graph[best.id]
        reach.discard(best.id)
    return members


def form_packages(
    scores: Sequence[EstateScore],
    distances: Mapping[tuple[int, int], float],
    *,
    max_distance_m: float,
    max_estates: int,
    max_households: int,
    total_infra: int,
) -> list[Package]:
    """Group candidate estates into ranked 成片 renovation packages (rule in the module docstring).

    distances[(a, b)] is the edge-to-edge distance in metres between estates a and b (a < b by
    convention; either order is read); pairs absent are farther apart than max_distance_m.
    total_infra is the period's infrastructure complaints in the whole sub-district, the base of
    infra_share. Raises ValueError naming the argument when an input is out of range.
    """
    _validate(scores, max_distance_m, max_estates, max_households, total_infra)
    eligible = [e for e in scores if e.infra_count > 0 and e.households <= max_households]
    free = {e.id: e for e in eligible}
    graph = _neighbours(set(free), distances, max_distance_m)
    groups = []
    for seed in sorted(eligible, key=_evidence):
        if seed.id not in free:
            continue
        del free[seed.id]
        members = _grow(seed, free, graph, max_estates, max_households)
        for member in members[1:]:
            del free[member.id]
        groups.append(members)
    return _ranked(groups, total_infra)


def _ranked(groups: list[list[EstateScore]], total_infra: int) -> list[Package]:
    totals = [
        (sum(e.infra_count for e in members), round(sum(e.score for e in members), 6), members) for members in groups
    ]
    totals.sort(key=lambda t: (-t[0], -t[1], t[2][0].code))
    return [
        Package(
            rank=rank,
            estate_ids=tuple(e.id for e in members),
            estate_codes=tuple(e.code for e in members),
            households=sum(e.households for e in members),
            infra_count=infra,
            infra_share=infra / total_infra if total_infra else 0.0,
            score=score,
        )
        for rank, (infra, score, members) in enumerate(totals, start=1)
    ]
