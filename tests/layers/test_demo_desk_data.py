"""What the demo shows on the pages built since the demo year (issue 15 part 7): 回访 records behind
every rated case, the review queue with the 12345 vocabulary, content in the printed accounts'
inboxes after `make demo`'s notify pass, and last month's 考评 and last week's report."""

import io
import os
import subprocess
import sys
from collections import defaultdict
from datetime import date, datetime, timedelta

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db.models import Count
from django.utils import timezone

from layers.analytics.monthly import monthly_report
from layers.analytics.reports import weekly_report
from layers.demo.accounts import DEMO_ESTATE, PRINTED_GRID_WORKER
from layers.demo.clock import year_ending
from layers.demo.complaint_load import client_uuid
from layers.demo.complaint_text import SHEET_NAMES, TEMPLATES, template_of
from layers.demo.complaints import DEFAULT_SEED, generate
from layers.demo.home import HOME_INDEX, HOMES
from layers.demo.sheet import ADDRESS_RECENT, RECENT, UNKNOWN_NAMES
from layers.models import (
    CallbackRecord,
    Category,
    CategoryMapping,
    Complaint,
    ComplaintEvent,
    Delivery,
    Notification,
    Role,
)
from layers.services import reference
from layers.services.category_match import match_category
from layers.services.deadlines import BEIJING
from layers.services.reclassify import reclassify_cases
from layers.validation.trails import trail_problems
from tests.layers.test_demo_complaints import deadline_in_days, demo_places_for

END = date(2026, 6, 30)  # a past day: the whole last day done
AS_OF = datetime(2026, 7, 1, 0, 0, tzinfo=BEIJING)
OPEN = {"received", "dispatched", "responded", "in_progress"}
PRINTED = ["leader", "dept", "cadre", "gridworker", "planner", "agency", "admin"]


def command(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.fixture
def past_year(db):
    command("load_demo", "--end", END.isoformat())
    return command("load_demo_complaints", "--volume", "0.05")


def calls_by_case() -> dict[int, list[CallbackRecord]]:
    calls = defaultdict(list)
    for record in CallbackRecord.objects.order_by("called_at", "id"):
        calls[record.complaint_id].append(record)
    return calls


def test_every_rated_case_has_its_last_reached_call_some_after_an_unreached_one(past_year):
    assert "回访记录 (call-backs)" in past_year
    calls = calls_by_case()
    rated = list(Complaint.objects.filter(status__in=["callback", "closed"]).exclude(satisfaction=""))
    assert len(rated) > 500
    tried_first = 0
    for case in rated:
        records = calls[case.pk]
        reached = [r for r in records if r.reached]
        # The case's satisfaction is its last reached call's, made when it moved to 回访.
        assert reached and reached[-1].satisfaction == case.satisfaction, case.pk
        assert records[-1] is reached[-1] and reached[-1].called_at == case.callback_at, case.pk
        for miss in records[:-1]:
            assert not miss.reached and miss.satisfaction == "" and case.resolved_at < miss.called_at < case.callback_at
        tried_first += not records[0].reached
    assert 0.05 * len(rated) < tried_first < 0.4 * len(rated)
    # Nothing called before 办结; a resolved case waiting for its call has at most an unreached try.
    assert not CallbackRecord.objects.filter(complaint__resolved_at__isnull=True).exists()
    waiting = CallbackRecord.objects.filter(complaint__status="resolved")
    assert not waiting.filter(reached=True).exists()
    assert not CallbackRecord.objects.exclude(complaint__status__in=["resolved", "callback", "closed"]).exists()
    # Called by the offices' clerks, each attempt in the trail as the call-back service writes it.
    callers = CallbackRecord.objects.values_list("caller__staff__role", "caller__staff__department")
    assert {role for role, _ in callers} == {Role.DEPARTMENT} and None not in {office for _, office in callers}
    misses = CallbackRecord.objects.filter(reached=False)
    assert misses.count() == ComplaintEvent.objects.filter(note__contains="回访：未接通").count() > 0
    assert trail_problems() == []


def test_12345_cases_name_the_city_category_and_some_wait_for_review(past_year):
    names = dict(CategoryMapping.objects.values_list("name", "category_id"))
    names |= {name: pk for pk, name in Category.objects.values_list("id", "name")}
    hotline = Complaint.objects.filter(channel="hotline_12345")
    assert not hotline.filter(source_category="").exists()
    assert not Complaint.objects.exclude(channel="hotline_12345").exclude(source_category="").exists()
    other = Category.objects.get(code="other")
    known = hotline.filter(source_category__in=list(names))
    assert known.count() > 0.95 * hotline.count()
    for case in known.order_by("?")[:200]:
        assert names[case.source_category] == case.category_id, case.source_category
    assert len(set(known.values_list("source_category", flat=True))) > 25  # the table's words, not ours

    by_category = hotline.filter(review_items__contains=[{"code": "category"}])
    assert by_category.exists() and set(by_category.values_list("source_category", flat=True)) <= set(
        UNKNOWN_NAMES.values()
    )
    for case in by_category:
        assert case.category_id == other.pk and case.needs_review and case.status in OPEN
        assert AS_OF - case.received_at <= RECENT
    by_address = hotline.filter(review_items__contains=[{"code": "address"}])
    assert by_address.exists()
    for case in by_address:
        assert case.location is None and case.match_level == "none" and case.community_id is None
        assert case.status == "received" and AS_OF - case.received_at <= ADDRESS_RECENT
        assert "待核定位置" in case.routing_reason
    assert set(hotline.filter(needs_review=True)) == set(by_category) | set(by_address)

    # The office's work: add the name to the table, re-classify in one action.
    case = by_category.first()
    code = next(code for code, name in UNKNOWN_NAMES.items() if name == case.source_category)
    CategoryMapping.objects.create(name=case.source_category, category=Category.objects.get(code=code))
    reclassify_cases(actor=get_user_model().objects.get(username="admin"))
    case.refresh_from_db()
    assert case.category.code == code and "category" not in {item["code"] for item in case.review_items}


def test_today_at_the_printed_accounts_estate_the_grid_worker_and_the_cadre_have_a_case(past_year):
    keys = [client_uuid(DEFAULT_SEED, END, HOME_INDEX + i) for i in range(len(HOMES))]
    home = Complaint.objects.filter(client_uuid__in=keys).select_related("assignee", "housing_project")
    assert {(c.channel, c.assignee.username, c.housing_project.name, c.status) for c in home} == {
        ("grid_patrol", PRINTED_GRID_WORKER, DEMO_ESTATE, "dispatched"),
        ("hotline_12345", "cadre", DEMO_ESTATE, "dispatched"),
    }
    assert all(AS_OF - timedelta(hours=8) < c.received_at < AS_OF for c in home)
    assert "指定楼栋包联干部" in home.get(channel="hotline_12345").routing_reason
    # The dispatch names who the case went to, as the service's does: what the inbox announces.
    dispatched = ComplaintEvent.objects.filter(complaint__in=home, to_status="dispatched")
    assert {e.assignee.username for e in dispatched} == {PRINTED_GRID_WORKER, "cadre"}


def test_every_text_has_12345_names_the_seeded_table_maps_to_its_category(db):
    known = reference.current()
    for category, templates in TEMPLATES.items():
        for template in templates:
            assert template_of(category, template.format(p=DEMO_ESTATE)) == template
            for name in SHEET_NAMES[template]:
                assert match_category(name, known).category.code == category, name
    for category, name in UNKNOWN_NAMES.items():
        assert match_category(name, known).category is None, name
        limit, fallback = known.categories[category], known.categories["other"]
        assert (limit.time_limit_amount, limit.time_limit_base) == (
            fallback.time_limit_amount,
            fallback.time_limit_base,
        )


def test_the_words_and_calls_leave_the_year_as_it_was():
    span = year_ending(date(2027, 3, 10), datetime(2027, 3, 10, 15, 0, tzinfo=BEIJING))
    places = demo_places_for(span)
    plain = generate(*places, span, volume=0.05, deadline=deadline_in_days(7))
    worded = generate(*places, span, volume=0.05, deadline=deadline_in_days(7), city_names={"roads": ["道路破损"]})
    assert [(c.received_at, c.category, c.satisfaction) for c in plain] == [
        (c.received_at, c.category, c.satisfaction) for c in worded
    ]
    assert [c.stages for c in plain] == [c.stages for c in worded]
    assert {c.sheet_category for c in worded if c.category == "roads" and c.channel == "hotline_12345"} == {"道路破损"}
    assert not any(c.sheet_category for c in worded if c.channel != "hotline_12345")


def last_complete_week(today: date) -> str:
    year, week, _ = (today - timedelta(days=7)).isocalendar()
    return f"{year}-W{week:02d}"


def test_a_demo_ending_today_fills_the_inboxes_the_month_and_the_week(db):
    command("load_demo")
    # Enough cases that the last days' open 12345 cases always hold review work, whatever today is.
    command("load_demo_complaints", "--volume", "0.15")
    first = command("notify", "--once")
    assert "通知 0 条" not in first
    inbox = dict(
        Notification.objects.filter(recipient__username__in=PRINTED)
        .values_list("recipient__username")
        .annotate(n=Count("id"))
    )
    # Everyone printed who handles cases; leader, planner and agency are told nothing by design.
    assert all(inbox.get(name, 0) > 0 for name in ("dept", "cadre", "gridworker", "admin")), inbox
    # Idempotent and silent: a second pass adds nothing; no channel is configured, nothing is sent.
    assert "通知 0 条" in command("notify", "--once")
    assert not Delivery.objects.exists()
    today = timezone.localdate()
    month = f"{today.replace(day=1) - timedelta(days=1):%Y-%m}"
    report = monthly_report(month)
    assert report["complete"] and report["totals"]["n"] > 50
    assert any(row["rank"] is not None for row in report["units"]["department"])
    assert weekly_report(last_complete_week(today))["totals"]["count"] > 10


def test_notification_channels_are_off_unless_configured():
    """`make demo`'s notify pass reaches no network: without NOTIFY_EMAIL / NOTIFY_WEBHOOK_URL there
    is no channel, and mail would go to the console anyway."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NOTIFY_", "EMAIL_"))}
    env["DJANGO_SETTINGS_MODULE"] = "geo_gov.settings"
    code = "from django.conf import settings; print(settings.NOTIFY_CHANNELS, settings.EMAIL_BACKEND)"
    shown = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert shown.strip().endswith("{} django.core.mail.backends.console.EmailBackend")
