"""Renovation candidates: score each housing project on explainable components. Pure (no database).

Every component is 0..1 and returned beside the score, so a leader can say why an estate ranks
where it does; the score is the weighted sum, weights from settings.RENOVATION_WEIGHTS:
- infra_rate: infrastructure complaints (INFRA_CATEGORIES) per 100 households over the period,
  divided by the highest rate among the estates scored together (1 = the worst estate);
- trend: the Mann-Kendall z of the monthly complaint rates (layers/analytics/emerging.py), rising
  only: 0 for flat or falling, 1 once the rise is significant at 5 % (z >= 1.96), linear between;
- repeat: share of those complaints that are 回头件 (marked is_repeat, or the later case of a
  related pair found by layers/services/related.py);
- unresolved: share of those complaints still open (not 办结/回访/结案, not 退单);
- age: years since build_year at the period's end over AGE_FULL_YEARS (1 at 50 years or more;
  0 when the year is unknown);
- ownership: the mean of three flags of complexity: several owner units (多产权), military
  property (军产), no owner unit on record (管理缺位: nobody answers for the estate);
- no_management: 1 when no property company serves the estate (no 物业).
Estates whose renovation is done are still scored, and listed after the candidates.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np

from layers.analytics.emerging import mann_kendall
from layers.planning.types import EstateScore

# 漏雨 (房屋修缮), 路面 (道路), 积水/排水, 管线 (公共服务水电气热), 供暖: codes of migration 0003.
INFRA_CATEGORIES = ("housing_repair", "roads", "drainage", "utilities", "heating")
COMPONENTS = ("infra_rate", "trend", "repeat", "unresolved", "age", "ownership", "no_management")
COMPONENT_LABELS = {
    "infra_rate": "基础设施诉求率 / infrastructure complaints per 100 households",
    "trend": "上升趋势 / rising trend",
    "repeat": "回头件占比 / share of repeat cases",
    "unresolved": "未办结占比 / share unresolved",
    "age": "房龄 / building age",
    "ownership": "产权复杂 / ownership complexity",
    "no_management": "无物业 / no property management",
}
AGE_FULL_YEARS = 50
Z_FULL = 1.959964  # two-sided 5 %
DONE = "done"


@dataclass(frozen=True)
class EstateEvidence:
    """What the database says about one estate for a period (layers/selectors/planning.py)."""

    id: int
    code: str
    name: str
    community_code: str
    households: int
    build_year: int | None
    ownership: str  # single / multi / private
    owner_units: int
    is_military_property: bool
    property_company: str
    renovation: str
    infra_count: int
    repeat_count: int
    unresolved_count: int
    # Infrastructure complaints per day in each calendar month of the period (months cut by the
    # period count only their days inside it), oldest first.
    monthly_rates: tuple[float, ...] = ()

    @property
    def infra_per_100(self) -> float:
        return self.infra_count * 100.0 / self.households if self.households else 0.0


def _share(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def ownership_complexity(e: EstateEvidence) -> float:
    multi = e.ownership == "multi" or e.owner_units >= 2
    return (float(multi) + float(e.is_military_property) + float(e.owner_units == 0)) / 3.0


def age_component(build_year: int | None, reference_year: int) -> float:
    if build_year is None:
        return 0.0
    return float(np.clip((reference_year - build_year) / AGE_FULL_YEARS, 0.0, 1.0))


def trend_components(evidence: Sequence[EstateEvidence]) -> np.ndarray:
    """Rising-trend component of each estate (one Mann-Kendall pass over all of them)."""
    periods = len(evidence[0].monthly_rates) if evidence else 0
    if periods < 3:
        # Two points make no trend (and Mann-Kendall's z is 0 for them anyway).
        return np.zeros(len(evidence))
    z, _p = mann_kendall(np.array([e.monthly_rates for e in evidence], dtype=float))
    return np.clip(z / Z_FULL, 0.0, 1.0)


def components_of(e: EstateEvidence, max_rate: float, trend: float, reference_year: int) -> dict[str, float]:
    return {
        "infra_rate": e.infra_per_100 / max_rate if max_rate > 0 else 0.0,
        "trend": float(trend),
        "repeat": _share(e.repeat_count, e.infra_count),
        "unresolved": _share(e.unresolved_count, e.infra_count),
        "age": age_component(e.build_year, reference_year),
        "ownership": ownership_complexity(e),
        "no_management": 0.0 if e.property_company.strip() else 1.0,
    }


def weighted_score(components: Mapping[str, float], weights: Mapping[str, float]) -> float:
    unknown = set(weights) - set(COMPONENTS)
    if unknown:
        raise ValueError(f"RENOVATION_WEIGHTS: unknown components {sorted(unknown)}; expected {list(COMPONENTS)}")
    return float(sum(weights.get(name, 0.0) * components[name] for name in COMPONENTS))


def score_estates(
    evidence: Sequence[EstateEvidence], weights: Mapping[str, float], period_end: date
) -> list[EstateScore]:
    """Score every estate; candidates first by score (highest first), then the renovated ones.

    Ties are broken by code so the order is stable from run to run.
    """
    if not evidence:
        return []
    max_rate = max(e.infra_per_100 for e in evidence)
    trends = trend_components(evidence)
    scored = []
    for e, trend in zip(evidence, trends, strict=True):
        parts = components_of(e, max_rate, trend, period_end.year)
        score = EstateScore(
            id=e.id,
            code=e.code,
            name=e.name,
            community_code=e.community_code,
            households=e.households,
            infra_count=e.infra_count,
            score=weighted_score(parts, weights),
            components=parts,
        )
        scored.append((e.renovation == DONE, -score.score, e.code, score))
    scored.sort(key=lambda item: item[:3])
    return [item[3] for item in scored]
