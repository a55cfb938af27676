"""挂账 (ledger) in the workflow: owner and target date required on entry, 销账 recorded on leaving."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from layers.models import Complaint, Role
from layers.services.complaints import complaint_create, complaint_transition


@pytest.fixture
def responded(categories, make_user):
    office, worker = make_user(Role.DEPARTMENT), make_user(Role.GRID_WORKER)
    c, _created = complaint_create(actor=None, channel="visit", description="屋顶漏雨需大修", category_code="t_general")
    complaint_transition(complaint=c, actor=office, to_status="dispatched")
    complaint_transition(complaint=c, actor=worker, to_status="responded")
    return c


def test_a_ledger_entry_records_owner_and_target_and_leaving_it_is_cleared(responded, make_user):
    leader = make_user(Role.LEADER)
    target = timezone.localdate() + timedelta(days=90)
    complaint_transition(
        complaint=responded, actor=leader, to_status="ledger", note="需纳入综合整治", ledger_owner="房管所",
        ledger_target_date=target.isoformat(),
    )  # fmt: skip
    assert (responded.status, responded.ledger_owner, responded.ledger_target_date) == ("ledger", "房管所", target)
    assert responded.ledger_at is not None and responded.ledger_cleared_at is None
    complaint_transition(complaint=responded, actor=leader, to_status="in_progress", note="整治开工")
    assert responded.ledger_cleared_at is not None
    assert responded.ledger_owner == "房管所"  # kept: who carried it stays on record


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"ledger_target_date": "2099-01-01"}, "ledger_owner"),
        ({"ledger_owner": "房管所"}, "ledger_target_date"),
        ({"ledger_owner": "房管所", "ledger_target_date": "2000-01-01"}, "ledger_target_date"),
        ({"ledger_owner": "房管所", "ledger_target_date": "明年"}, "ledger_target_date"),
    ],
)
def test_an_incomplete_ledger_entry_is_refused_and_changes_nothing(responded, make_user, extra, field):
    before = Complaint.objects.values().get(pk=responded.pk)
    with pytest.raises(ValidationError) as caught:
        complaint_transition(
            complaint=responded, actor=make_user(Role.LEADER), to_status="ledger", note="原因", **extra
        )
    assert field in caught.value.message_dict
    assert Complaint.objects.values().get(pk=responded.pk) == before


def test_ledger_fields_belong_to_the_ledger_transition_only(responded, make_user):
    with pytest.raises(ValidationError, match="only for 挂账"):
        complaint_transition(
            complaint=responded, actor=make_user(Role.LEADER), to_status="in_progress", ledger_owner="房管所"
        )
