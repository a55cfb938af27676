"""Cases for the office desk's tests: cases_world (two communities, staff of every kind) plus a
second department and five cases with known texts, phones, tickets, handlers and deadlines.

Imported by the test modules that need it (the functions carry a _fixture suffix so the import does
not shadow the tests' arguments). Cases are written directly, not through intake: the desk reads
what any intake path stores, and these tests are about the desk.

- west_leak   (west, sw cell) T001, 138 0013 8000, 屋顶漏雨, dispatched to alice (D1), overdue by 1 day
- east_parking (east, se cell) T002, 010-6383 1234, 停车, received, nobody, due in 5 days
- west_noise  (west, sw cell) no ticket, 138 0013 8000 again, 噪音, closed 40 days ago
- east_heating (east, ne cell) T004, 暖气不热, in progress with bob (D2), due in 2 hours
- east_taken  (east, se cell) taken in by the department user (outside D1's communities), 139 1234 5678
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from layers.models import Complaint, ComplaintEvent, Department, Role
from tests.geometry import point
from tests.layers.api.cases_world import cases_world_fixture, categories_fixture  # noqa: F401 (re-exported fixtures)


@pytest.fixture(name="desk_world")
def desk_world_fixture(cases_world, categories, make_user):
    now = timezone.now()
    housing = Department.objects.create(code="D2", name="房管科")
    users = {
        "dept2": make_user(Role.DEPARTMENT, "dept2", department=housing, display_name="房管小周"),
        "cadre_west": make_user(Role.CADRE, "cadre_west", community=cases_world["west"]),
        "admin": make_user(Role.ADMIN, "admin"),
    }
    cells, general, urgent = cases_world["cells"], categories["t_general"], categories["t_urgent"]

    def case(cell, actor=None, **fields):
        values = {
            "channel": "hotline_12345",
            "category": general,
            "sishi_type": "difficult",
            "community": cell.community,
            "grid_cell": cell,
            "subdistrict": cases_world["subdistrict"],
            "location": point(*cell.geom.centroid.coords),
        }
        complaint = Complaint.objects.create(**(values | fields))
        ComplaintEvent.objects.create(complaint=complaint, actor=actor, to_status="received", note="接诉")
        return complaint

    cases = {
        "west_leak": case(
            cells["sw"],
            ticket_no="T001",
            complainant_name="张三",
            complainant_phone="13800138000",
            description="丰西路45号院3号楼屋顶漏雨严重",
            address="丰西路45号院3号楼2单元301",
            status="dispatched",
            assignee=cases_world["alice"],
            assigned_department=cases_world["department"],
            received_at=now - timedelta(days=2),
            due_at=now - timedelta(days=1),
        ),
        "east_parking": case(
            cells["se"],
            ticket_no="T002",
            complainant_phone="010-6383 1234",
            description="小区停车难，车辆乱停",
            address="东安街12号",
            sishi_type="hoped",
            received_at=now - timedelta(days=1),
            due_at=now + timedelta(days=5),
        ),
        "west_noise": case(
            cells["sw"],
            channel="wechat_group",
            complainant_phone="+86 138 0013 8000",
            description="夜间施工噪音扰民",
            address="丰西路45号院",
            status="closed",
            received_at=now - timedelta(days=40),
            due_at=now - timedelta(days=33),
        ),
        "east_heating": case(
            cells["ne"],
            ticket_no="T004",
            category=urgent,
            sishi_type="urgent",
            description="暖气不热，家有老人",
            status="in_progress",
            assignee=cases_world["bob"],
            assigned_department=housing,
            received_at=now - timedelta(hours=20),
            due_at=now + timedelta(hours=2),
        ),
        "east_taken": case(
            cells["se"],
            actor=cases_world["dept"],
            channel="visit",
            complainant_name="李四",
            complainant_phone="139 1234 5678",
            description="楼道堆放杂物",
            received_at=now - timedelta(hours=3),
            due_at=now + timedelta(days=7),
        ),
    }
    return {**cases_world, **users, "housing": housing, "cases": cases, "now": now}
