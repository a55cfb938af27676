"""The dashboard's 在办/超期 and the weekly report's 未办结/超期 count the same cases for the same week.

Both ask ComplaintQuerySet (layers/models/complaint.py) what "unfinished" and "overdue" mean. They
used to keep their own status lists, and only the report's had the ledger: a 挂账 case was 未办结 in
the report but not 在办 on the dashboard, and it was 超期 in the report although its clock stops.

The two figures differ by design in what else they cover: the dashboard counts the cases received in
its window, as of now; the report the whole backlog, as of the week's end. So every case here is
received inside the week, and every deadline lies either inside the week or after now, where both
questions have the same answer.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from layers.analytics.reports import iso_week_window, weekly_report
from layers.models import Complaint, Role

Status = Complaint.Status
# Done for the sub-district (办结, 回访, 结案) or handed back to the 12345 centre (退单).
NOT_OURS_NOW = {Status.RESOLVED, Status.CALLBACK, Status.CLOSED, Status.RETURNED}
STATUSES = [
    Status.RECEIVED,
    Status.DISPATCHED,
    Status.RESPONDED,
    Status.IN_PROGRESS,
    Status.ESCALATED,
    Status.LEDGER,
    Status.RESOLVED,
    Status.CALLBACK,
    Status.CLOSED,
    Status.RETURNED,
]


@pytest.fixture
def week(new_complaint):
    """Three weeks ago (so the week has ended): every status twice, once past its deadline within the
    week and once due a month from now; plus an out-of-area case, which neither figure counts."""
    year, number, _ = (timezone.localdate() - timedelta(weeks=3)).isocalendar()
    code = f"{year}-W{number:02d}"
    start, end = iso_week_window(code)
    later = timezone.now() + timedelta(days=30)
    for i, status in enumerate(STATUSES):
        received = start + timedelta(hours=6 + i)
        new_complaint(100, 100, received, status=status, due_at=received + timedelta(days=1))
        new_complaint(800, 800, received, status=status, due_at=later)
    new_complaint(600, 600, start + timedelta(hours=3), status=Status.IN_PROGRESS, out_of_area=True, due_at=start)
    return code, start, end


def test_dashboard_and_weekly_report_agree_on_unfinished_and_overdue(client, make_user, week):
    code, start, end = week
    client.force_login(make_user(Role.LEADER))
    response = client.get("/api/dashboard/summary/", {"start": start.isoformat(), "end": end.isoformat()})
    assert response.status_code == 200, response.content
    dashboard = response.json()
    report = weekly_report(code)["outstanding"]
    assert (dashboard["open"], dashboard["overdue"]) == (report["open"], report["overdue"])

    # Both are the queryset's answer: the ledger is unfinished, but its clock does not run.
    unfinished = [s for s in STATUSES if s not in NOT_OURS_NOW]
    in_area = Complaint.objects.filter(out_of_area=False)
    assert report["open"] == in_area.unfinished().count() == 2 * len(unfinished)
    assert report["overdue"] == in_area.overdue(end).count() == len(unfinished) - 1
    ledger = in_area.filter(status=Status.LEDGER)
    assert ledger.unfinished().count() == 2 and not ledger.overdue(end).exists()
