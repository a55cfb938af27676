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

from django.contrib.auth import get_user_model

from layers.models import Category, Community, HousingProject
from layers.services.routing_place import Person, Place, Unit, attach_place, light_instance


@dataclass(frozen=True)
class Route:
    """Where a case goes: department and assignee ids (either may be None) and the reason (Chinese).

    department and person are the objects behind the ids, when routing had them at hand."""

    department_id: int | None
    assignee_id: int | None
    reason: str
    department: object = None
    person: Person | None = None


def _route(department, person: Person | None, reason: str) -> Route:
    return Route(_id(department), _id(person), reason, department, person)


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


def _military_place(complaint, estate: HousingProject | None, place: Place):
    """(where, liaison) for a case on military land, (None, None) elsewhere."""
    on_property = estate is not None and estate.is_military_property
    zone, liaison = complaint.military_zone, place.zone_liaison
    if zone is None and on_property:
        # A military-property estate may reach beyond the mapped zone polygons: any zone it
        # overlaps is its zone.
        zone, liaison = place.estate_zone, place.estate_zone_liaison
    if zone is None and not on_property:
        return None, None
    where = f"军产小区{estate.name}" if on_property else f"涉军单位{zone.name}"
    if liaison is None and estate is not None:
        unit = next((u for u in place.estate_units if u.kind == "military" and u.liaison is not None), None)
        liaison = unit.liaison if unit is not None else None
    return where, liaison


def _owner_units(complaint, place: Place) -> tuple[Unit, ...]:
    # A building's own owner units are more precise than the estate's (同一楼栋分属不同产权单位).
    if complaint.building_id is not None and place.building_units:
        return place.building_units
    return place.estate_units


def _owner_gap(estate: HousingProject | None, place: Place) -> str:
    if estate is not None and not estate.property_company and not place.estate_units:
        return f"{estate.name}无产权单位和物业（管理缺位），属地兜底；"
    return ""


def _property_note(estate: HousingProject) -> str:
    if estate.property_company:
        return f"物业服务企业{estate.property_company}应履行物业服务责任；"
    return ""


def _owner(complaint, estate, place: Place, department, department_note: str) -> Route | None:
    if estate is None:
        return None
    units = _owner_units(complaint, place)
    with_liaison = [unit for unit in units if unit.liaison is not None]
    if not with_liaison:
        return None
    unit = with_liaison[0]
    names = "、".join(u.name for u in units)
    return _route(
        department,
        unit.liaison,
        f"位于{estate.name}（产权单位：{names}），转产权单位{unit.name}联络人{unit.liaison.name}；"
        f"{_property_note(estate)}{department_note}跟踪督办。",
    )


def _four_contracts(complaint, estate, place: Place, department, department_note: str) -> Route | None:
    cell, building = complaint.grid_cell, complaint.building
    if cell is not None and place.grid_worker is not None:
        who, how = place.grid_worker, f"网格{cell.code}网格员"
    elif building is not None and place.building_cadre is not None:
        who, how = place.building_cadre, f"{place.building_label}包楼干部"
    else:
        return None
    owner_note = _owner_gap(estate, place)
    if estate is not None and not owner_note:
        owner_note = f"位于{estate.name}，{_property_note(estate)}"
    return _route(department, who, f"{owner_note}按四包由{department_note}承办，{how}{who.name}负责。")


def _territorial(complaint, estate, place: Place, category: Category) -> Route:
    community: Community | None = complaint.community
    no_owner = _owner_gap(estate, place).removesuffix("属地兜底；")
    if community is not None:
        cadre = place.community_cadre
        department = community.department or category.department
        unit = department.name if department is not None else "（未设科室）"
        person = f"，社区干部{cadre.name}" if cadre is not None else "，社区未设干部"
        return _route(department, cadre, f"{no_owner}属地兜底：由{community.name}承接（{unit}{person}）。")
    return _route(
        category.department,
        None,
        f"{no_owner}属地兜底：不在任何社区范围内，由街道承接"
        f"（{category.department.name if category.department else '未设责任科室'}）。",
    )


def route(complaint, place: Place | None = None) -> Route:
    """Choose department, person and reason for a located (or unlocated) complaint; nothing is saved.

    Uses the assignment already made by layers/services/assignment.py (community, grid cell,
    estate, building, military zone) and the complaint's category; the facts of the place are read
    in one query (routing_place.attach_place) unless given.
    """
    category = complaint.category
    if complaint.out_of_area:
        return Route(None, None, "位于本街道辖区外（非本辖区），不派单，待退单。")
    if complaint.location is None:
        department = category.department
        unit = department.name if department is not None else "街道"
        return _route(department, None, f"位置不明，暂由{unit}按分类「{category.name}」接收，待核定位置后派单。")
    if complaint.subdistrict_id is None:
        return Route(None, None, "位置未落入街道范围，待人工核定。")
    place = place or attach_place(complaint)
    estate: HousingProject | None = complaint.housing_project
    department, department_note = _department_of(category, complaint.community)
    where, liaison = _military_place(complaint, estate, place)
    if liaison is not None:
        return _route(department, liaison, f"位于{where}，转驻区部队联络人{liaison.name}；{department_note}跟踪督办。")
    found = (
        _owner(complaint, estate, place, department, department_note)
        or _four_contracts(complaint, estate, place, department, department_note)
        or _territorial(complaint, estate, place, category)
    )
    if where is not None:
        return Route(
            found.department_id,
            found.assignee_id,
            f"位于{where}，未设驻区部队联络人；{found.reason}",
            found.department,
            found.person,
        )
    return found


def apply_route(complaint, place: Place | None = None) -> Route:
    """Set assigned_department, assignee and routing_reason on the complaint (not saved)."""
    found = route(complaint, place)
    complaint.assigned_department_id = found.department_id
    complaint.assignee_id = found.assignee_id
    complaint.routing_reason = found.reason
    # The objects routing already holds, so the answer to the intake needs no query for them.
    if found.department is not None:
        complaint.assigned_department = found.department
    if found.person is not None:
        complaint.assignee = light_instance(
            get_user_model(), {"id": found.person.id, "username": found.person.username}
        )
    return found
