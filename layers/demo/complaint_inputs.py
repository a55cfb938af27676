"""What the demo's case generator is given from the database: the places, the time limits over the
stored holiday calendar, the 12345 names of the mapping table, and the printed accounts' place for
today's work (layers/demo/home.py). Reads only; complaint_load.py stores what comes out.
"""

import shapely

from layers.demo.accounts import DEMO_ESTATE, PRINTED_GRID_WORKER
from layers.demo.clock import Span
from layers.demo.complaints import Case, Place
from layers.demo.home import home_cases
from layers.models import Building, GridCell, HousingProject, Subdistrict
from layers.services import reference
from layers.services.deadlines import due_at


def places() -> tuple[list[Place], object]:
    """Estates with their buildings and the sub-district outline, as shapely geometry in WGS84."""
    buildings: dict[int, list] = {}
    for estate_id, number, geom in Building.objects.values_list("estate_id", "number", "geom"):
        buildings.setdefault(estate_id, []).append((number, shapely.from_wkb(bytes(geom.wkb))))
    estates = [
        Place(
            e.code,
            e.name,
            shapely.from_wkb(bytes(e.geom.wkb)),
            e.households,
            e.is_old_estate,
            e.renovation,
            buildings.get(e.id, []),
            e.renovation_start,
            e.renovation_end,
        )
        for e in HousingProject.objects.order_by("code")
    ]
    subdistrict = Subdistrict.objects.order_by("code").first()
    if subdistrict is None or not estates:
        raise ValueError("演示图层未加载 (demo layers missing): run `python manage.py load_demo` first")
    return estates, shapely.from_wkb(bytes(subdistrict.geom.wkb))


def home(estates: list[Place], span: Span, seed: int, deadline) -> list[Case]:
    """Today's cases at the printed accounts' estate, the patrol find in the printed grid worker's cells."""
    place = next((e for e in estates if e.name == DEMO_ESTATE), None)
    cells = [
        shapely.from_wkb(bytes(g.wkb))
        for g in GridCell.objects.filter(grid_worker__username=PRINTED_GRID_WORKER).values_list("geom", flat=True)
    ]
    return home_cases(place, shapely.union_all(cells) if cells else None, span.as_of, seed, deadline)


def deadline_rule(known: reference.Reference):
    """The 办理时限 of a demo case: due_at over its category's limit and the stored holiday calendar."""
    holidays, workdays = set(known.holidays), set(known.workdays)

    def deadline(case: Case):
        category = known.categories[case.category]
        return due_at(case.received_at, category.time_limit_amount, category.time_limit_base, holidays, workdays)

    return deadline


def city_names(known: reference.Reference) -> dict[str, list[str]]:
    """Our category code -> the names a 12345 sheet may give it: the mapping table's and our own."""
    names = {code: {category.name} for code, category in known.categories.items()}
    for name, category in known.mappings.items():
        names.setdefault(category.code, set()).add(name)
    return {code: sorted(found) for code, found in names.items()}
