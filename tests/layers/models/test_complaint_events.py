"""The event log is append-only: the database triggers refuse UPDATE, DELETE and TRUNCATE, and so do the models."""

import pytest
from django.db import DatabaseError, connection, transaction
from django.db.models import ProtectedError

from layers.models import Category, Complaint, ComplaintEvent
from tests.conftest import TRAIL_TRUNCATE_TRIGGER


@pytest.fixture
def event(db):
    category = Category.objects.create(code="t", name="t", time_limit_amount=7, time_limit_base="natural_days")
    complaint = Complaint.objects.create(channel="other", description="d", category=category, sishi_type="hoped")
    return ComplaintEvent.objects.create(complaint=complaint, to_status="received", note="接诉")


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE layers_complaintevent SET note = 'rewritten' WHERE id = %s",
        "DELETE FROM layers_complaintevent WHERE id = %s",
    ],
)
def test_trigger_refuses_raw_sql(event, sql):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, [event.id])
    assert ComplaintEvent.objects.get(id=event.id).note == "接诉"


@pytest.mark.parametrize(
    "sql",
    [
        "TRUNCATE layers_complaintevent",
        "TRUNCATE layers_complaint CASCADE",
        "TRUNCATE layers_complaintevent RESTART IDENTITY CASCADE",
    ],
)
def test_trigger_refuses_truncate(event, sql):
    with connection.cursor() as cursor:
        # The test database runs with this trigger off (tests/conftest.py); on again, in this test's
        # transaction only (ALTER TABLE is transactional, so the rollback after the test undoes it).
        # The fixture's deferred foreign-key checks run first: ALTER TABLE refuses pending ones.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(f"ALTER TABLE layers_complaintevent ENABLE TRIGGER {TRAIL_TRUNCATE_TRIGGER}")
        with pytest.raises(DatabaseError, match="append-only: TRUNCATE refused"), transaction.atomic():
            cursor.execute(sql)
    assert ComplaintEvent.objects.filter(id=event.id, note="接诉").exists()
    assert Complaint.objects.filter(id=event.complaint_id).exists()


def test_trigger_refuses_queryset_update_and_delete(event):
    # QuerySet.update() and delete() skip Model.save/delete: only the trigger stands in the way.
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        ComplaintEvent.objects.filter(id=event.id).update(note="rewritten")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        ComplaintEvent.objects.filter(id=event.id).delete()
    assert ComplaintEvent.objects.filter(id=event.id, note="接诉").exists()


def test_model_refuses_to_save_or_delete_an_existing_event(event):
    event.note = "rewritten"
    with pytest.raises(ValueError, match="append-only"):
        event.save()
    with pytest.raises(ValueError, match="append-only"):
        event.delete()
    assert ComplaintEvent.objects.get(id=event.id).note == "接诉"


def test_new_events_are_appended(event):
    ComplaintEvent.objects.create(complaint=event.complaint, from_status="received", to_status="dispatched")
    assert list(event.complaint.events.values_list("to_status", flat=True)) == ["received", "dispatched"]


def test_complaint_with_events_cannot_be_deleted(event):
    # Deleting the case would take its trail with it; PROTECT refuses before the trigger must.
    with pytest.raises(ProtectedError):
        event.complaint.delete()
