"""Records passed between the planning steps: the evidence scorer, the package builder and the outputs."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class EstateScore:
    """One housing project's renovation score with every component that made it (each 0..1 before weighting)."""

    id: int
    code: str
    name: str
    community_code: str
    households: int
    # Infrastructure complaints (漏雨, 路面, 积水/排水, 管线, 供暖) in the period: packages add these up.
    infra_count: int
    score: float
    components: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Package:
    """A 成片 renovation package: neighbouring candidates done together, ranked by the evidence they cover."""

    rank: int
    estate_ids: tuple[int, ...]
    estate_codes: tuple[str, ...]
    households: int
    infra_count: int
    # Share of all the period's infrastructure complaints in the sub-district that these estates carry.
    infra_share: float
    score: float
