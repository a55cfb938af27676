"""Demo staff beyond the seven printed accounts, so that routing finds a person everywhere (四包):

- every grid cell a grid worker of its community, a few neighbouring cells each (codes run west
  to east, north to south, so consecutive codes lie together);
- every building a cadre of its community, whole estates per cadre, balanced by buildings;
- every military zone a 驻区部队 liaison: one per compound (涉军单位), each also liaison of one
  military owner unit (营房管理处); a 军产小区 zone takes the liaison of its estate's military
  owner, else of the nearest compound;
- every category its office (organisation.CATEGORY_DEPARTMENTS), and one clerk in each office.
The printed accounts come first: `gridworker` takes the first cells of 丰西路社区, `cadre` the
buildings of 丰西路45号院. Generated accounts have no usable password (an admin sets one when
someone needs to sign in as them). Only what is unassigned is assigned: an assignment made in the
admin stays, and a second run changes nothing.
"""

from dataclasses import dataclass
from math import ceil

from django.contrib.auth import get_user_model
from django.contrib.gis.db.models.functions import Distance
from django.db.models import Count, Q

from layers.demo.organisation import CATEGORY_DEPARTMENTS
from layers.models import (
    Building,
    Category,
    Community,
    Department,
    GridCell,
    HousingProject,
    MilitaryZone,
    OwnerUnit,
    Role,
    StaffProfile,
)
from layers.services import reference

CELLS_PER_WORKER = 6
BUILDINGS_PER_CADRE = 12
# The layer files name owner units without a kind; the demo's invented names say it.
OWNER_KINDS = [
    ("驻区部队", OwnerUnit.Kind.MILITARY),
    ("个人产权", OwnerUnit.Kind.PRIVATE),
    ("房屋管理", OwnerUnit.Kind.HOUSING_AUTHORITY),
    ("机关事务", OwnerUnit.Kind.GOVERNMENT),
    ("公司", OwnerUnit.Kind.ENTERPRISE),
    ("厂", OwnerUnit.Kind.ENTERPRISE),
]


@dataclass
class Coverage:
    """What the demo staff cover, for the load's report: (covered, total) per kind."""

    cells: tuple[int, int]
    buildings: tuple[int, int]
    zones: tuple[int, int]
    categories: tuple[int, int]
    staff: dict[str, int]  # role -> generated accounts


def _user(username: str, role: str, display_name: str, **unit):
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        user = get_user_model().objects.create_user(username, password=None)  # unusable password
        StaffProfile.objects.create(user=user, role=role, display_name=display_name, **unit)
    return user


def _chunks(items: list, parts: int) -> list[list]:
    size = ceil(len(items) / parts)
    return [items[i * size : (i + 1) * size] for i in range(parts)]


def _grid_workers(community: Community, first) -> int:
    cells = list(GridCell.objects.filter(community=community).order_by("code"))
    if not cells:
        return 0
    workers = [first] if first is not None else []
    needed = ceil(len(cells) / CELLS_PER_WORKER)
    seq = community.code[-3:]
    workers += [
        _user(f"grid-{seq}-{n:02d}", Role.GRID_WORKER, f"{community.name}网格员{n}号(演示)", community=community)
        for n in range(len(workers) + 1, needed + 1)
    ]
    changed = []
    for worker, chunk in zip(workers, _chunks(cells, len(workers)), strict=False):
        for cell in chunk:
            if cell.grid_worker_id is None:
                cell.grid_worker = worker
                changed.append(cell)
    GridCell.objects.bulk_update(changed, ["grid_worker"])
    return len(workers) - (first is not None)


def _cadres(community: Community, first, first_estate: str) -> int:
    estates = list(HousingProject.objects.filter(community=community).annotate(n=Count("buildings")).order_by("code"))
    # The printed cadre's estate first, so the greedy split below gives it to that cadre.
    estates.sort(key=lambda e: e.name != first_estate)
    total = sum(e.n for e in estates)
    cadres = [first] if first is not None else []
    seq = community.code[-3:]
    cadres += [
        _user(f"cadre-{seq}-{n:02d}", Role.CADRE, f"{community.name}社区干部{n}号(演示)", community=community)
        for n in range(len(cadres) + 1, max(2, ceil(total / BUILDINGS_PER_CADRE)) + 1)
    ]
    load = [0] * len(cadres)
    for estate in estates:
        i = load.index(min(load))
        load[i] += estate.n
        Building.objects.filter(estate=estate, cadre__isnull=True).update(cadre=cadres[i])
    return len(cadres) - (first is not None)


def _owner_kinds() -> None:
    for word, kind in OWNER_KINDS:
        OwnerUnit.objects.filter(kind=OwnerUnit.Kind.OTHER, name__contains=word).update(kind=kind)


def _liaisons() -> int:
    compounds = list(MilitaryZone.objects.filter(kind=MilitaryZone.Kind.UNIT).order_by("code"))
    liaisons = [
        _user(f"liaison-{i}", Role.DEPARTMENT, f"{zone.name}联络员(演示)") for i, zone in enumerate(compounds, 1)
    ]
    if not liaisons:
        return 0
    for zone, liaison in zip(compounds, liaisons, strict=True):
        MilitaryZone.objects.filter(pk=zone.pk, liaison__isnull=True).update(liaison=liaison)
    for i, unit in enumerate(OwnerUnit.objects.filter(kind=OwnerUnit.Kind.MILITARY).order_by("name")):
        OwnerUnit.objects.filter(pk=unit.pk, liaison__isnull=True).update(liaison=liaisons[i % len(liaisons)])
    for zone in MilitaryZone.objects.filter(liaison__isnull=True):
        zone.liaison_id = _zone_liaison(zone)
        zone.save(update_fields=["liaison"])
    return len(liaisons)


def _zone_liaison(zone: MilitaryZone) -> int:
    """A 军产小区's liaison: its estate's military owner unit's, else the nearest compound's."""
    owners = OwnerUnit.objects.filter(
        kind=OwnerUnit.Kind.MILITARY, liaison__isnull=False, housing_projects__geom__intersects=zone.geom
    )
    unit = owners.order_by("name").first()
    if unit is not None:
        return unit.liaison_id
    compounds = MilitaryZone.objects.filter(kind=MilitaryZone.Kind.UNIT, liaison__isnull=False)
    return compounds.annotate(d=Distance("geom", zone.geom)).order_by("d", "code").first().liaison_id


def _departments(printed_office: Department) -> int:
    departments = {d.code: d for d in Department.objects.all()}
    for code, department_code in CATEGORY_DEPARTMENTS.items():
        department = departments.get(department_code)
        if department is not None:
            Category.objects.filter(code=code, department__isnull=True).update(department=department)
    reference.clear()  # QuerySet.update sends no signal: the cached categories must not outlive it
    # One clerk per office besides the printed `dept` account's own office.
    clerks = [d for d in departments.values() if d.pk != printed_office.pk]
    for department in clerks:
        _user(f"dept-{department.code.lower()}", Role.DEPARTMENT, f"{department.name}科员(演示)", department=department)
    return len(clerks)


def ensure_staff(home: Community | None, gridworker, cadre, home_estate: str, office: Department) -> Coverage:
    """Assign what is unassigned (module docstring); the printed accounts work in `home`."""
    staff = {Role.GRID_WORKER: 0, Role.CADRE: 0}
    for community in Community.objects.order_by("code"):
        is_home = home is not None and community.pk == home.pk
        staff[Role.GRID_WORKER] += _grid_workers(community, gridworker if is_home else None)
        staff[Role.CADRE] += _cadres(community, cadre if is_home else None, home_estate)
    _owner_kinds()
    staff["liaison"] = _liaisons()
    staff[Role.DEPARTMENT] = _departments(office)
    return Coverage(
        cells=_covered(GridCell.objects, "grid_worker"),
        buildings=_covered(Building.objects, "cadre"),
        zones=_covered(MilitaryZone.objects, "liaison"),
        categories=_covered(Category.objects, "department"),
        staff=staff,
    )


def _covered(manager, field: str) -> tuple[int, int]:
    counts = manager.aggregate(total=Count("id"), covered=Count("id", filter=Q(**{f"{field}__isnull": False})))
    return counts["covered"], counts["total"]
