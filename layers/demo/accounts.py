"""Demo organisation for `make demo`: departments, areas (片区) and one printed account per role,
then the staff that cover every cell, building, military zone and category (layers/demo/staff.py).
Idempotent: existing accounts keep their passwords and assignments.
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction

from layers.demo.organisation import DEPARTMENT_NAMES_EN, DEPARTMENTS
from layers.demo.staff import Coverage, ensure_staff
from layers.models import Area, Community, Department, Role, StaffProfile

DEMO_COMMUNITY = "丰西路社区"
DEMO_ESTATE = "丰西路45号院"
PRINTED_GRID_WORKER = "gridworker"


@dataclass
class DemoAccount:
    username: str
    password: str
    role: str
    display_name: str


def _accounts():
    return [
        DemoAccount("leader", "demo-leader-2026", Role.LEADER, "街道领导(演示)"),
        DemoAccount("dept", "demo-dept-2026", Role.DEPARTMENT, "城管办科员(演示)"),
        DemoAccount("cadre", "demo-cadre-2026", Role.CADRE, "丰西路社区干部(演示)"),
        DemoAccount(PRINTED_GRID_WORKER, "demo-grid-2026", Role.GRID_WORKER, "丰西路网格员(演示)"),
        DemoAccount("planner", "demo-planner-2026", Role.PLANNER, "规划人员(演示)"),
        DemoAccount("agency", "demo-agency-2026", Role.AGENCY, "区级部门(演示)"),
        DemoAccount("admin", "demo-admin-2026", Role.ADMIN, "系统管理员(演示)"),
    ]


def _department(code: str, name: str, name_en: str) -> Department:
    department = Department.objects.get_or_create(code=code, defaults={"name": name, "name_en": name_en})[0]
    # A demo loaded before departments had English names gets them; a name edited since stays.
    if not department.name_en:
        department.name_en = name_en
        department.save(update_fields=["name_en"])
    return department


@dataclass
class DemoOrganisation:
    accounts: list[DemoAccount]  # the printed ones, with their (initial) passwords
    coverage: Coverage


@transaction.atomic
def ensure_demo_accounts() -> DemoOrganisation:
    """Create what is missing; return the printed accounts and what the demo staff cover."""
    departments = [_department(code, name, DEPARTMENT_NAMES_EN[code]) for code, name in DEPARTMENTS]
    communities = list(Community.objects.order_by("code"))
    # 四包: departments take communities in turn, only where none is set yet.
    for i, community in enumerate(c for c in communities if c.department_id is None):
        community.department = departments[i % len(departments)]
        community.save(update_fields=["department"])
    home = next((c for c in communities if c.name == DEMO_COMMUNITY), communities[0] if communities else None)
    users = {a.role: _ensure_user(a, departments[0], home) for a in _accounts()}
    _ensure_areas(users[Role.LEADER], communities)
    coverage = ensure_staff(home, users[Role.GRID_WORKER], users[Role.CADRE], DEMO_ESTATE, departments[0])
    return DemoOrganisation(_accounts(), coverage)


def _ensure_user(account: DemoAccount, department, community):
    user_model = get_user_model()
    user = user_model.objects.filter(username=account.username).first()
    if user is None:
        user = user_model.objects.create_user(account.username, password=account.password)
        if account.role == Role.ADMIN:
            user.is_staff = user.is_superuser = True
            user.save(update_fields=["is_staff", "is_superuser"])
    profile = {"role": account.role, "display_name": account.display_name}
    if account.role == Role.DEPARTMENT:
        profile["department"] = department
    if account.role in (Role.CADRE, Role.GRID_WORKER):
        profile["community"] = community
    StaffProfile.objects.get_or_create(user=user, defaults=profile)
    return user


def _ensure_areas(leader, communities):
    """Three 片区 of consecutive communities; the demo leader takes the first."""
    if not communities or Area.objects.exists():
        return
    third = -(-len(communities) // 3)
    for i, name in enumerate(["西片区", "中片区", "东片区"]):
        area = Area.objects.create(code=f"A{i + 1}", name=name, leader=leader if i == 0 else None)
        area.communities.set(communities[i * third : (i + 1) * third])
