"""三率 per staff member (承办人) on a hand-built month, through the function and the API."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model

from layers.analytics.rates import month_window, sanlv
from layers.models import Role
from tests.layers.analytics.conftest import at

H = timedelta(hours=1)
AS_OF = at(30, 18)


@pytest.fixture
def staff_month(grid_world, new_complaint, make_user):
    """November 2026, cases by assignee (as_of 30 Nov 18:00, default policy, minimum sample 10):

    王芳 (wang), 10 assessed cases received 2-11 Nov:
      response: 0-8 within 5 h, 9 after 30 h (limit 24 h)          -> 9/10  = 90 %
      resolution: 0-6 resolved; 7 on the ledger; 8 inside its limit
        (not judged); 9 overdue                                     -> 7/9   = 77.78 %
      satisfaction: 0-3 满意, 4-5 基本满意 (weight 1), 6 不满意, 7-9 none -> 6/7 = 85.71 %
      composite = 0.30·90 + 0.35·700/9 + 0.35·600/7 = 27 + 27.2222 + 30 = 84.2222
    李强 (li), 10 cases, each answered in 1 h, resolved in 5 h, 满意      -> 100, 100, 100; composite 100
    zhao (no display name), 3 perfect cases                           -> composite 100, below the minimum: unranked
    Not assessed: wang's returned case, wang's duplicate, wang's October case; an unassigned case
    belongs to no staff member. Ranks: li 1, wang 2, zhao none (listed last).
    """
    wang = make_user(Role.GRID_WORKER, "wang", display_name="王芳")
    li = make_user(Role.GRID_WORKER, "li", display_name="李强")
    zhao = make_user(Role.GRID_WORKER, "zhao")
    made = []
    for i in range(10):
        received = at(2 + i)
        history = {"assignee": wang, "due_at": received + 7 * 24 * H}
        history["responded_at"] = received + (30 * H if i == 9 else 5 * H)
        if i <= 6:
            history["resolved_at"] = received + 48 * H
        elif i == 7:
            history["ledger_at"] = received + 72 * H
        elif i == 8:
            history["due_at"] = AS_OF + 24 * H
        else:
            history["due_at"] = received + 24 * H
        history["satisfaction"] = (["satisfied"] * 4 + ["basically_satisfied"] * 2 + ["dissatisfied"] + [""] * 3)[i]
        made.append(new_complaint(100, 100, received, **history))
    new_complaint(120, 130, at(3), assignee=wang, returned_at=at(3, 12))
    new_complaint(120, 140, at(4), assignee=wang, duplicate_of=made[0])
    new_complaint(120, 150, at(28, month=10), assignee=wang)
    new_complaint(120, 160, at(5), responded_at=at(5, 11))
    for user, n in ((li, 10), (zhao, 3)):
        for i in range(n):
            received = at(5 + i)
            new_complaint(
                800,
                800,
                received,
                assignee=user,
                responded_at=received + H,
                resolved_at=received + 5 * H,
                satisfaction="satisfied",
            )
    return {"wang": wang, "li": li, "zhao": zhao}


def test_staff_rates_equal_the_hand_computed_values(staff_month):
    result = sanlv("staff", *month_window("2026-11"), as_of=AS_OF)
    rows = {r["key"]: r for r in result["rows"]}
    assert set(rows) == {"wang", "li", "zhao"}
    wang = rows["wang"]
    assert wang["name"] == "王芳"
    assert (wang["n"], wang["responded"], wang["resolved"], wang["finished"], wang["rated"]) == (10, 9, 7, 9, 7)
    assert wang["response_rate"] == pytest.approx(90.0)
    assert wang["resolution_rate"] == pytest.approx(700 / 9)
    assert wang["satisfaction_rate"] == pytest.approx(600 / 7)
    assert wang["composite"] == pytest.approx(27 + 0.35 * 700 / 9 + 30)
    assert rows["li"]["composite"] == pytest.approx(100.0) and rows["li"]["name"] == "李强"
    # No display name: the user name stands in, so the row is never blank.
    assert rows["zhao"]["name"] == "zhao" and rows["zhao"]["n"] == 3
    assert [(r["key"], r["rank"]) for r in result["rows"]] == [("li", 1), ("wang", 2), ("zhao", None)]


def test_staff_ties_share_a_rank_and_a_staff_member_without_profile_is_listed(staff_month, settings, new_complaint):
    settings.SANLV_MIN_SAMPLE = 3
    # A user without a StaffProfile (e.g. an admin account) who handled cases is listed by user name.
    admin = get_user_model().objects.create_user("admin-noprofile")
    for i in range(3):
        new_complaint(
            820,
            820,
            at(12 + i),
            assignee=admin,
            responded_at=at(12 + i, 11),
            due_at=AS_OF + H,
            satisfaction="satisfied",
        )
    rows = sanlv("staff", *month_window("2026-11"), as_of=AS_OF)["rows"]
    ranks = {r["key"]: r["rank"] for r in rows}
    # The admin's cases are all inside their limit (due after as_of), so resolution has no
    # denominator and the composite uses response and satisfaction: 100. Four-way tie at 100 for
    # admin, li, zhao (rank 1 each), then wang (84.2) is 4th, not 2nd: ties share a rank (1, 1, 1, 4).
    assert ranks == {"admin-noprofile": 1, "li": 1, "zhao": 1, "wang": 4}
    assert next(r for r in rows if r["key"] == "admin-noprofile")["resolution_rate"] is None


def test_staff_rates_through_the_api(staff_month, client, make_user):
    client.force_login(make_user(Role.LEADER))
    r = client.get("/api/stats/rates/", {"unit": "staff", "start": "2026-11-01", "end": "2026-12-01"})
    assert r.status_code == 200, r.content
    rows = {row["key"]: row for row in r.json()["rows"]}
    assert rows["wang"]["n"] == 10 and rows["wang"]["response_rate"] == pytest.approx(90.0)
    assert rows["zhao"]["rank"] is None
