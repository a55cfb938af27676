"""Admin smoke tests: every layers model is registered and its pages load for a superuser; the
event log cannot be edited there; geometry is drawn offline (no CDN, no remote tiles)."""

import io
import re
from datetime import date

import pytest
from django.apps import apps
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from layers.models import (
    Action,
    Area,
    CallbackRecord,
    Complaint,
    ComplaintEvent,
    ComplaintLink,
    ComplaintPhoto,
    Delivery,
    Department,
    Holiday,
    Meeting,
    Notification,
    NotifyCursor,
    OwnerUnit,
    Partner,
    Role,
    SavedFilter,
    SishiRule,
    Summons,
    Topic,
    TopicParticipant,
    VolunteerTeam,
)
from layers.services.complaints import complaint_create
from tests.geometry import lonlat

MODELS = list(apps.get_app_config("layers").get_models())


@pytest.fixture
def superuser_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("root", password="pw-for-tests")
    client.force_login(user)
    return client


@pytest.fixture
def case(world, categories):
    lon, lat = lonlat(60, 60)
    return complaint_create(
        actor=None, channel="grid_patrol", description="楼道漏水", category_code="t_urgent", lon=lon, lat=lat
    )[0]


@pytest.fixture
def every_model(case, make_user, settings, tmp_path):
    """At least one row of every layers model, so each change page is opened."""
    settings.MEDIA_ROOT = tmp_path
    department = Department.objects.create(code="D1", name="城管办")
    make_user(Role.CADRE, community=case.community, department=department)
    Area.objects.create(code="A1", name="一片").communities.add(case.community)
    OwnerUnit.objects.create(name="某局")
    Holiday.objects.create(date=date(2025, 10, 1), name="国庆节")
    other, _created = complaint_create(actor=None, channel="visit", description="楼道漏水", category_code="t_urgent")
    ComplaintLink.objects.create(primary=case, other=other, distance_m=None, days_apart=0)
    png = io.BytesIO()
    Image.new("RGB", (4, 3)).save(png, "PNG")
    ComplaintPhoto.objects.create(
        complaint=case, image=SimpleUploadedFile("a.png", png.getvalue()), content_type="image/png", size_bytes=70
    )
    Summons.objects.create(complaint=case, department=department)
    CallbackRecord.objects.create(complaint=case, reached=False, remark="无人接听")
    Partner.objects.create(name="驻区某部", kind="military", area=case.community.geom)
    VolunteerTeam.objects.create(name="志愿者一队")
    topic = Topic.objects.create(code="T1", title="停车位划线", kind="co_governance")
    TopicParticipant.objects.create(topic=topic, type="department", name="城管办", department=department)
    meeting = Meeting.objects.create(topic=topic, held_at=case.received_at)
    Action.objects.create(topic=topic, meeting=meeting, description="划线")
    notification = Notification.objects.create(
        recipient=case.assignee or make_user(Role.LEADER), kind="overdue", key="k"
    )
    Delivery.objects.create(notification=notification, channel="email")
    NotifyCursor.objects.create(source="events")
    SavedFilter.objects.create(owner=notification.recipient, name="我的超期", query="overdue=1")
    return case


def test_every_layers_model_is_registered():
    missing = [m.__name__ for m in MODELS if not admin.site.is_registered(m)]
    assert missing == []


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_each_changelist_loads(superuser_client, case, model):
    url = reverse(f"admin:layers_{model._meta.model_name}_changelist")
    assert superuser_client.get(url).status_code == 200


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_each_row_opens(superuser_client, every_model, model):
    row = model.objects.first()
    response = superuser_client.get(reverse(f"admin:layers_{model._meta.model_name}_change", args=[row.pk]))
    assert response.status_code == 200


def test_the_event_log_is_view_only(superuser_client, case):
    event = case.events.get()
    url = reverse("admin:layers_complaintevent_change", args=[event.pk])
    page = superuser_client.get(url).content.decode()
    assert 'name="_save"' not in page
    assert superuser_client.post(url, {"note": "改写"}).status_code == 403
    assert ComplaintEvent.objects.get(pk=event.pk).note == event.note
    assert superuser_client.get(reverse("admin:layers_complaintevent_add")).status_code == 403
    assert superuser_client.post(reverse("admin:layers_complaintevent_delete", args=[event.pk])).status_code == 403
    assert superuser_client.get(reverse("admin:layers_complaint_add")).status_code == 403


def test_rules_are_edited_in_the_admin(superuser_client, db):
    rule = SishiRule.objects.create(name="测试", kind="keyword", keywords=["燃气"], target_type="urgent")
    url = reverse("admin:layers_sishirule_change", args=[rule.pk])
    form = {"name": "测试", "kind": "keyword", "keywords": "燃气,煤气", "target_type": "urgent", "priority": 5}
    response = superuser_client.post(url, {**form, "active": "on", "note": ""})
    assert response.status_code == 302, response.content.decode()[:2000]
    rule.refresh_from_db()
    assert (rule.keywords, rule.priority) == (["燃气", "煤气"], 5)


def test_geometry_is_drawn_offline_and_not_editable(superuser_client, world):
    community = world["west"]
    url = reverse("admin:layers_community_change", args=[community.pk])
    page = superuser_client.get(url).content.decode()
    assert "vendor/leaflet/leaflet.js" in page and "layers/admin/geometry.js" in page
    assert re.findall(r"(?:src|href)=\"(https?:)?//", page) == []
    assert '"type": "MultiPolygon"' in page or "&quot;type&quot;: &quot;MultiPolygon&quot;" in page
    before = community.geom.wkt
    superuser_client.post(
        url,
        {"code": community.code, "name": "改名社区", "subdistrict": community.subdistrict_id, "households": 0,
         "residents": 0, "floating_population": 0, "geom": '{"type": "MultiPolygon", "coordinates": []}'},
    )  # fmt: skip
    community.refresh_from_db()
    assert (community.name, community.geom.wkt) == ("改名社区", before)


def test_complaint_pages_show_the_trail(superuser_client, case):
    page = superuser_client.get(reverse("admin:layers_complaint_change", args=[case.pk])).content.decode()
    assert "网格员巡查接诉" in page
    assert Complaint.objects.count() == 1


def test_the_admin_speaks_the_chosen_language_and_edits_english_names(superuser_client, categories, settings):
    index = superuser_client.get(reverse("admin:index")).content.decode()
    assert "诉求分类" in index and "五里店街道图层" in index

    superuser_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    index = superuser_client.get(reverse("admin:index")).content.decode()
    assert "Categories" in index and "Wulidian layers" in index and "诉求分类" not in index
    changelist = superuser_client.get(reverse("admin:layers_category_changelist")).content.decode()
    assert "English name" in changelist and 'name="form-0-name_en"' in changelist
