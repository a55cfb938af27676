"""Models added for routing, 四事四办, related cases and 吹哨报到 (migrations 0005 and 0006)."""

import importlib

import pytest
from django.apps import apps
from django.db import IntegrityError, transaction

from layers.models import Category, Complaint, ComplaintLink, Department, SishiRule, SishiType, Summons

rules_migration = importlib.import_module("layers.migrations.0006_sishi_rules")


@pytest.fixture
def two_cases(db):
    category = Category.objects.create(code="t", name="t", time_limit_amount=7, time_limit_base="natural_days")

    def make():
        return Complaint.objects.create(channel="other", description="d", category=category, sishi_type="urgent")

    return make(), make()


def test_default_sishi_rules_load_idempotently_and_keep_edits(db):
    SishiRule.objects.all().delete()
    rules_migration.load_rules(apps, None)
    rules_migration.load_rules(apps, None)
    assert SishiRule.objects.count() == 4
    assert {r.target_type for r in SishiRule.objects.all()} == set(SishiType.values)
    urgent = SishiRule.objects.get(kind="keyword")
    assert {"燃气", "漏水", "断电", "停水", "火", "坠落", "煤气", "触电"} <= set(urgent.keywords)
    repeat = SishiRule.objects.get(kind="repeat")
    assert (repeat.threshold, repeat.window_days, repeat.target_type) == (3, 30, "difficult")
    repeat.threshold = 5
    repeat.save()
    rules_migration.load_rules(apps, None)
    assert SishiRule.objects.get(kind="repeat").threshold == 5


def test_a_link_is_one_row_per_pair_whichever_way_round(two_cases):
    a, b = two_cases
    ComplaintLink.objects.create(primary=a, other=b, distance_m=3, days_apart=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        ComplaintLink.objects.create(primary=b, other=a, distance_m=3, days_apart=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        ComplaintLink.objects.create(primary=a, other=a, distance_m=0, days_apart=0)


def test_a_case_cannot_duplicate_itself(two_cases):
    a, _b = two_cases
    with pytest.raises(IntegrityError), transaction.atomic():
        Complaint.objects.filter(pk=a.pk).update(duplicate_of=a)


def test_a_summons_is_once_per_case_and_department_and_needs_a_subject(two_cases):
    a, _b = two_cases
    department = Department.objects.create(code="d1", name="城管办")
    Summons.objects.create(complaint=a, department=department)
    with pytest.raises(IntegrityError), transaction.atomic():
        Summons.objects.create(complaint=a, department=department)
    with pytest.raises(IntegrityError), transaction.atomic():
        Summons.objects.create(department=department)
    # Topics (issue 8) summon without a case, as often as needed.
    Summons.objects.create(department=department, topic_ref="topic:1")
    Summons.objects.create(department=department, topic_ref="topic:1")
    assert Summons.objects.count() == 3
