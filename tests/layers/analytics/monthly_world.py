"""A month to assess (2026-11) and the month before it, over grid_world's two communities.

November, judged at 1 Dec 00:00:
- west (西社区, 城市管理办公室 D1): 12 parking cases handled perfectly (2 of them 回头件), plus 2
  perfect cases assigned to a third department D3 (too few to rank): 14 cases, score 100.
- east (东社区, 社区建设办公室 D2): 10 leaks (24 h limit). 4 answered in 1 h, resolved in 10 h,
  satisfied (one a 回头件); 3 never touched (超期); 2 answered and put on the ledger after 12 h
  (挂账, in time: not overdue); 1 answered, resolved after 30 h (超期), dissatisfied.
  By hand: 响应 7/10 = 70 %, 解决 5/10 = 50 %, 满意 4/5 = 80 %,
  composite 0.30·70 + 0.35·50 + 0.35·80 = 66.5; 超期 4, 挂账 2, 回头件 1.
October: west 10 noise cases never touched (score 0), east 10 handled perfectly (100): the ranks swap.
December: one west case on the 2nd and one "received" on the 10th (a wrong clock, after `now`).
"""

from datetime import date, timedelta

import pytest

from layers.models import Department
from tests.layers.analytics.conftest import at

H = timedelta(hours=1)


def perfect(received):
    return {
        "status": "closed",
        "responded_at": received + H,
        "resolved_at": received + 24 * H,
        "closed_at": received + 48 * H,
        "satisfaction": "satisfied",
        "is_repeat": False,
    }


def _east_november(new_complaint):
    for i in range(10):
        received = at(16 + i // 2, 9)
        history = {"is_repeat": i == 0}
        if i < 4:
            history |= {
                "status": "closed",
                "responded_at": received + H,
                "resolved_at": received + 10 * H,
                "satisfaction": "satisfied",
            }
        elif i in (7, 8):
            history |= {
                "status": "ledger",
                "responded_at": received + H,
                "ledger_at": received + 12 * H,
                "ledger_owner": "房管所",
                "ledger_target_date": date(2026, 12, 31),
            }
        elif i == 9:
            history |= {
                "status": "closed",
                "responded_at": received + H,
                "resolved_at": received + 30 * H,
                "satisfaction": "dissatisfied",
            }
        new_complaint(800, 800, received, category="a_leak", description="屋顶漏雨", **history)


@pytest.fixture(name="kaoping")
def kaoping_fixture(grid_world, new_complaint):
    d3 = Department.objects.create(code="D3", name="平安建设办公室")
    for i in range(12):
        received = at(2 + i)
        new_complaint(100, 100, received, category="a_parking", **perfect(received) | {"is_repeat": i < 2})
    for i in range(2):
        received = at(20 + i)
        new_complaint(120, 120, received, category="a_parking", assigned_department=d3, **perfect(received))
    _east_november(new_complaint)
    for i in range(10):
        new_complaint(100, 100, at(5 + i, month=10), is_repeat=False)
        new_complaint(800, 800, at(5 + i, month=10), **perfect(at(5 + i, month=10)))
    new_complaint(100, 100, at(2, month=12), is_repeat=False)
    new_complaint(100, 100, at(10, month=12), is_repeat=False)
    return {**grid_world, "d3": d3}
