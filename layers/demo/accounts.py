"""Demo organisation for `make demo`: departments, areas (片区) and one account per role, with
their 四包 assignments. Idempotent: existing accounts keep their passwords and assignments.
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction

from layers.models import Area, Building, Community, Department, GridCell, Role, StaffProfile

# Offices most Beijing streets have; the sub-district's own list is not published.
DEPARTMENTS = [
    ("CGB", "城市管理办公室", "Urban Management Office"),
    ("SQJS", "社区建设办公室", "Community Building Office"),
    ("PAJS", "平安建设办公室", "Public Safety Office"),
    ("MSBZ", "民生保障办公室", "Social Welfare Office"),
]
DEMO_COMMUNITY = "丰西路社区"
DEMO_ESTATE = "丰西路45号院"


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
        DemoAccount("gridworker", "demo-grid-2026", Role.GRID_WORKER, "丰西路网格员(演示)"),
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


@transaction.atomic
def ensure_demo_accounts() -> list[DemoAccount]:
    """Create what is missing; return the accounts with their (initial) passwords."""
    departments = [_department(code, name, name_en) for code, name, name_en in DEPARTMENTS]
    communities = list(Community.objects.order_by("code"))
    # 四包: departments take communities in turn, only where none is set yet.
    for i, community in enumerate(c for c in communities if c.department_id is None):
        community.department = departments[i % len(departments)]
        community.save(update_fields=["department"])
    home = next((c for c in communities if c.name == DEMO_COMMUNITY), communities[0] if communities else None)
    users = {a.role: _ensure_user(a, departments[0], home) for a in _accounts()}
    _ensure_areas(users[Role.LEADER], communities)
    if home is not None:
        GridCell.objects.filter(community=home, grid_worker__isnull=True).update(grid_worker=users[Role.GRID_WORKER])
        Building.objects.filter(estate__community=home, cadre__isnull=True).update(cadre=users[Role.CADRE])
    return _accounts()


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
