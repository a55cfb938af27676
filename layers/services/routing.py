"""Routing (派单): which department and which person take a case, and why, in words staff can check.

The order follows how the sub-district actually hands work out (DOMAIN.md, 四包 and ownership):
1. outside the sub-district (非本辖区): nobody; the case waits for return (退单);
2. military land (涉军单位 or 军产小区): the 驻区部队 liaison of the zone, or of the estate's
   military owner unit;
3. an estate or building with owner units (产权单位): the owner unit's liaison; the property
   company, if any, is named in the reason;
4. otherwise by 四包: the category's responsible department (else the community's 包片 department)
   and the grid worker of the cell, else the cadre of the building, else a cadre of the community;
5. 属地兜底 where no owner is clear and nobody above is found: the community, then the sub-district.
The department always stays set where one is known: it follows the case up even when a liaison or
an owner unit does the work.
"""

from dataclasses import dataclass

from layers.models import Building, Category, Community, GridCell, HousingProject, MilitaryZone, Role, StaffProfile


@dataclass(frozen=True)
class Route:
    """Where a case goes: department and assignee ids (either may be None) and the reason (Chinese)."""

    department_id: int | None
    assignee_id: int | None
    reason: str


def person_name(user) -> str:
    """How a staff member is named in reasons and lists: display name, else the login name."""
    if user is None:
        return "（未指定）"
    profile = getattr(user, "staff", None)
    return (profile.display_name if profile else "") or user.get_username()


def _department_of(category: Category, community: Community | None):
    # The category's department is the professional owner; the community's 包片 department is the
    # territorial one, used when the category names none.
    if category.department_id is not None:
        return category.department, f"分类「{category.name}」责任科室{category.department.name}"
    if community is not None and community.department_id is not None:
        return community.department, f"{community.name}包片科室{community.department.name}"
    return None, "未设责任科室"


def _id(obj):
    return obj.id if obj is not None else None


def _military_place(complaint, estate: HousingProject | None):
    """(where, liaison) for a case on military land, (None, None) elsewhere."""
    on_property = estate is not None and estate.is_military_property
    zone = complaint.military_zone
    if zone is None and on_property:
        # A military-property estate may reach beyond the mapped zone polygons: any zone it
        # overlaps is its zone.
        zone = MilitaryZone.objects.filter(geom__intersects=estate.geom).order_by("kind", "code").first()
    if zone is None and not on_property:
        return None, None
    where = f"军产小区{estate.name}" if on_property else f"涉军单位{zone.name}"
    liaison = zone.liaison if zone is not None else None
    if liaison is None and estate is not None:
        unit = estate.owner_units.filter(kind="military", liaison__isnull=False).order_by("name").first()
        liaison = unit.liaison if unit is not None else None
    return where, liaison


def _owner_units(complaint, estate: HousingProject):
    # A building's own owner units are more precise than the estate's (同一楼栋分属不同产权单位).
    building = complaint.building
    if building is not None:
        units = list(building.owner_units.select_related("liaison").order_by("name"))
        if units:
            return units
    return list(estate.owner_units.select_related("liaison").order_by("name"))


def _owner_gap(estate: HousingProject | None) -> str:
    if estate is not None and not estate.property_company and not estate.owner_units.exists():
        return f"{estate.name}无产权单位和物业（管理缺位），属地兜底；"
    return ""


def _property_note(estate: HousingProject) -> str:
    if estate.property_company:
        return f"物业服务企业{estate.property_company}应履行物业服务责任；"
    return ""


def _owner(complaint, estate: HousingProject | None, department, department_note: str) -> Route | None:
    if estate is None:
        return None
    units = _owner_units(complaint, estate)
    with_liaison = [unit for unit in units if unit.liaison_id is not None]
    if not with_liaison:
        return None
    unit = with_liaison[0]
    names = "、".join(u.name for u in units)
    return Route(
        _id(department),
        unit.liaison_id,
        f"位于{estate.name}（产权单位：{names}），转产权单位{unit.name}联络人{person_name(unit.liaison)}；"
        f"{_property_note(estate)}{department_note}跟踪督办。",
    )


def _community_cadre(community: Community):
    profile = (
        StaffProfile.objects.filter(role=Role.CADRE, community=community).select_related("user").order_by("id").first()
    )
    return profile.user if profile is not None else None


def _four_contracts(complaint, estate, department, department_note: str) -> Route | None:
    cell: GridCell | None = complaint.grid_cell
    building: Building | None = complaint.building
    if cell is not None and cell.grid_worker_id is not None:
        who, how = cell.grid_worker, f"网格{cell.code}网格员"
    elif building is not None and building.cadre_id is not None:
        who, how = building.cadre, f"{building}包楼干部"
    else:
        return None
    owner_note = _owner_gap(estate)
    if estate is not None and not owner_note:
        owner_note = f"位于{estate.name}，{_property_note(estate)}"
    return Route(_id(department), who.id, f"{owner_note}按四包由{department_note}承办，{how}{person_name(who)}负责。")


def _territorial(complaint, estate, category: Category) -> Route:
    community: Community | None = complaint.community
    no_owner = _owner_gap(estate).removesuffix("属地兜底；")
    if community is not None:
        cadre = _community_cadre(community)
        department = community.department or category.department
        unit = department.name if department is not None else "（未设科室）"
        person = f"，社区干部{person_name(cadre)}" if cadre is not None else "，社区未设干部"
        return Route(_id(department), _id(cadre), f"{no_owner}属地兜底：由{community.name}承接（{unit}{person}）。")
    return Route(
        _id(category.department),
        None,
        f"{no_owner}属地兜底：不在任何社区范围内，由街道承接"
        f"（{category.department.name if category.department else '未设责任科室'}）。",
    )


def route(complaint) -> Route:
    """Choose department, person and reason for a located (or unlocated) complaint; nothing is saved.

    Uses the assignment already made by layers/services/assignment.py (community, grid cell,
    estate, building, military zone) and the complaint's category.
    """
    category = complaint.category
    if complaint.out_of_area:
        return Route(None, None, "位于本街道辖区外（非本辖区），不派单，待退单。")
    if complaint.location is None:
        department = category.department
        unit = department.name if department is not None else "街道"
        return Route(_id(department), None, f"位置不明，暂由{unit}按分类「{category.name}」接收，待核定位置后派单。")
    if complaint.subdistrict_id is None:
        return Route(None, None, "位置未落入街道范围，待人工核定。")
    estate: HousingProject | None = complaint.housing_project
    department, department_note = _department_of(category, complaint.community)
    where, liaison = _military_place(complaint, estate)
    if liaison is not None:
        return Route(
            _id(department),
            liaison.id,
            f"位于{where}，转驻区部队联络人{person_name(liaison)}；{department_note}跟踪督办。",
        )
    found = (
        _owner(complaint, estate, department, department_note)
        or _four_contracts(complaint, estate, department, department_note)
        or _territorial(complaint, estate, category)
    )
    if where is not None:
        return Route(found.department_id, found.assignee_id, f"位于{where}，未设驻区部队联络人；{found.reason}")
    return found


def apply_route(complaint) -> Route:
    """Set assigned_department, assignee and routing_reason on the complaint (not saved)."""
    found = route(complaint)
    complaint.assigned_department_id = found.department_id
    complaint.assignee_id = found.assignee_id
    complaint.routing_reason = found.reason
    return found
