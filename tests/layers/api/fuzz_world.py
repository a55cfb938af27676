"""The world the API fuzz run (test_api_fuzz.py) works in, and the real objects its paths name.

The demo's own loaders make it, as `make demo` does at a small volume: 16 communities, their grid
cells, estates, buildings and military zones, every role's account, a hundredth of the demo year's
cases (about 230), the co-governance topics, partners, teams and summonses; then a photo and a
notification of the leader's own, so that the photo and mark-read paths have something to find.
"""

import io
import math
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone
from PIL import Image

from layers.exporters import LAYERS
from layers.models import (
    Action,
    Building,
    Category,
    Community,
    Complaint,
    GridCell,
    HousingProject,
    MilitaryZone,
    Notification,
    Partner,
    Subdistrict,
    Summons,
    Topic,
    VolunteerTeam,
)
from layers.services.complaint_photos import complaint_photo_add

SAMPLES = 3  # real objects per path: with the generated values, what each operation is tried on
# Base layer paths of /api/layers/<name>/{code}/ → their model.
LAYER_MODELS = {
    "subdistrict": Subdistrict,
    "communities": Community,
    "housing-projects": HousingProject,
    "buildings": Building,
    "military-zones": MilitaryZone,
    "grid-cells": GridCell,
}


def build_world() -> dict:
    """Load the demo world; returns the leader and the objects the paths refer to."""
    for command, *args in (("load_demo",), ("load_demo_complaints", "--volume", "0.01"), ("load_demo_cogov",)):
        call_command(command, *args, stdout=io.StringIO())
    leader = get_user_model().objects.get(username="leader")
    case = Complaint.objects.filter(location__isnull=False).order_by("-received_at").first()
    buffer = io.BytesIO()
    Image.new("RGB", (32, 24), (200, 80, 40)).save(buffer, "JPEG")
    upload = SimpleUploadedFile("photo.jpg", buffer.getvalue(), content_type="image/jpeg")
    photo = complaint_photo_add(complaint=case, actor=case.assignee or leader, upload=upload)
    # Leaders are told of nothing (layers/notify/derive.py): a 督办 notice of the case, made theirs.
    note = {"case": case.ticket_no or str(case.pk), "note": "请加快办理"}
    mine = Notification.objects.create(recipient=leader, kind=Notification.Kind.ESCALATED, complaint=case, data=note)
    return {"leader": leader, "case": case, "photo": photo, "notification": mine}


def _ids(queryset, field="id") -> list:
    return list(queryset.order_by(field).values_list(field, flat=True)[:SAMPLES])


def _tile(lon: float, lat: float, z: int) -> dict:
    """The web-mercator tile holding (lon, lat) at zoom z."""
    n = 2**z
    x = int((lon + 180) / 360 * n)
    y = int((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n)
    return {"z": z, "x": x, "y": y}


def _topic_actions() -> list[dict]:
    return [
        {"code": code, "action_id": pk}
        for code, pk in Action.objects.order_by("id").values_list("topic__code", "id")[:SAMPLES]
    ]


def real_path_parameters(world) -> dict[str, list[dict]]:
    """For each path with parameters, path parameters that name real objects of the world."""
    case, photo = world["case"], world["photo"]
    cases = [{"id": pk} for pk in [case.pk, *_ids(Complaint.objects.exclude(pk=case.pk))]]
    point = case.location
    tiles = [{"layer": layer, **_tile(point.x, point.y, z)} for layer in ("complaints", "grid-cells") for z in (14, 16)]
    week = timezone.localdate().isocalendar()
    last_week = (timezone.localdate() - timedelta(weeks=1)).isocalendar()
    table = {
        "/api/complaints/{id}/photos/{photo_id}/": [{"id": case.pk, "photo_id": photo.pk}],
        "/api/notifications/{id}/read/": [{"id": world["notification"].pk}],
        "/api/partners/{id}/": [{"id": pk} for pk in _ids(Partner.objects)],
        "/api/volunteer-teams/{id}/": [{"id": pk} for pk in _ids(VolunteerTeam.objects)],
        "/api/topics/{code}/": [{"code": code} for code in _ids(Topic.objects, "code")],
        "/api/topics/{code}/actions/{action_id}/complete/": _topic_actions(),
        "/api/stats/weekly/{week}/": [{"week": f"{w.year}-W{w.week:02d}"} for w in (week, last_week)],
        "/ogcapi/collections/{collection_id}": [{"collection_id": name} for name in LAYERS],
        "/ogcapi/collections/{collection_id}/items": [{"collection_id": name} for name in LAYERS],
        "/ogcapi/collections/{collection_id}/items/{feature_id}": [
            {"collection_id": name, "feature_id": str(layer.model_ids()[0])} for name, layer in LAYERS.items()
        ],
        "/open311/v2/requests/{service_request_id}.{fmt}": [
            {"service_request_id": str(pk), "fmt": fmt} for pk in _ids(Complaint.objects) for fmt in ("json", "xml")
        ],
        "/open311/v2/services/{service_code}.{fmt}": [
            {"service_code": code, "fmt": "json"} for code in _ids(Category.objects, "code")
        ],
        "/open311/v2/tokens/{token}.{fmt}": [
            {"token": str(key), "fmt": "json"}
            for key in _ids(Complaint.objects.exclude(client_uuid=None), "client_uuid")
        ],
        "/tiles/{layer}/{z}/{x}/{y}.pbf": tiles,
    }
    for path in ("", "callbacks/", "confirm-duplicate/", "photos/", "relocate/", "sishi/", "transition/"):
        table[f"/api/complaints/{{id}}/{path}"] = cases
    table["/api/summons/{id}/"] = table["/api/summons/{id}/report/"] = [{"id": pk} for pk in _ids(Summons.objects)]
    for name, model in LAYER_MODELS.items():
        table[f"/api/layers/{name}/{{code}}/"] = [{"code": code} for code in _ids(model.objects, "code")]
    return table
