"""The spatial units analytics works on, and the complaint dimensions it breaks counts down by."""

from dataclasses import dataclass

from django.db import models

from layers.models import Community, Complaint, GridCell, HousingProject


@dataclass(frozen=True)
class Level:
    """A spatial unit: its model, the Complaint foreign key pointing at it, and whether it has households."""

    key: str
    model: type[models.Model]
    fk: str
    label: str
    has_households: bool

    @property
    def table(self) -> str:
        return self.model._meta.db_table

    @property
    def fk_column(self) -> str:
        return Complaint._meta.get_field(self.fk).column


LEVELS = {
    "grid-cells": Level("grid-cells", GridCell, "grid_cell", "网格 / grid cell", False),
    "housing-projects": Level("housing-projects", HousingProject, "housing_project", "住宅项目 / estate", True),
    "communities": Level("communities", Community, "community", "社区 / community", True),
}

# Non-spatial breakdowns: complaint field (or path) -> label.
DIMENSIONS = {
    "grid_cell": "grid_cell__code",
    "housing_project": "housing_project__code",
    "community": "community__code",
    "category": "category__code",
    "channel": "channel",
    "sishi_type": "sishi_type",
    "status": "status",
}


def level(key: str) -> Level:
    """The Level named key; a clear error listing the accepted names otherwise."""
    try:
        return LEVELS[key]
    except KeyError:
        raise ValueError(f"level must be one of {', '.join(LEVELS)}, not {key!r}") from None
