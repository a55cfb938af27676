"""CallbackRecord: append-only through the ORM, and the database keeps satisfaction to reached calls."""

import pytest
from django.db import IntegrityError, transaction

from layers.models import CallbackRecord, Category, Complaint


@pytest.fixture
def case(db):
    category = Category.objects.create(code="t", name="t", time_limit_amount=7, time_limit_base="natural_days")
    return Complaint.objects.create(channel="visit", description="d", category=category, sishi_type="difficult")


def test_a_record_is_never_changed_or_deleted(case):
    record = CallbackRecord.objects.create(complaint=case, reached=False, remark="无人接听")
    record.remark = "改写"
    with pytest.raises(ValueError, match="append-only"):
        record.save()
    with pytest.raises(ValueError, match="append-only"):
        record.delete()
    assert CallbackRecord.objects.get().remark == "无人接听"


@pytest.mark.parametrize(("reached", "satisfaction"), [(True, ""), (False, "satisfied")])
def test_satisfaction_goes_with_a_reached_call_only(case, reached, satisfaction):
    with pytest.raises(IntegrityError), transaction.atomic():
        CallbackRecord.objects.create(complaint=case, reached=reached, satisfaction=satisfaction)
