"""Photos of a case: type by content (JPEG/PNG/WebP), size and count limits, dimensions, scoping."""

import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from layers.models import ComplaintPhoto
from layers.services.complaint_photos import DEFAULT_MAX_BYTES
from tests.geometry import lonlat
from tests.layers.api.cases_world import (  # noqa: F401 (fixtures)
    WEST_POINT,
    cases_world_fixture,
    categories_fixture,
    client_for,
)


def image_bytes(kind: str, size=(64, 48)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 80, 40)).save(buffer, kind)
    return buffer.getvalue()


@pytest.fixture
def case(cases_world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    lon, lat = lonlat(*WEST_POINT)
    body = {"channel": "grid_patrol", "description": "井盖缺失", "category": "t_general", "lon": lon, "lat": lat}
    return client_for(cases_world["alice"]).post("/api/complaints/", body, format="json").json()["id"]


def upload(user, pk, content: bytes, name="photo.jpg", content_type="image/jpeg", **extra):
    file = SimpleUploadedFile(name, content, content_type=content_type)
    return client_for(user).post(f"/api/complaints/{pk}/photos/", {"image": file, **extra}, format="multipart")


def stored_files(root) -> list[Path]:
    return [path for path in Path(root).rglob("*") if path.is_file()]


@pytest.mark.parametrize("kind, content_type", [("JPEG", "image/jpeg"), ("PNG", "image/png"), ("WEBP", "image/webp")])
def test_accepted_formats_are_stored_with_their_dimensions(cases_world, case, settings, kind, content_type):
    content = image_bytes(kind, (64, 48))
    response = upload(cases_world["alice"], case, content, stage="response")
    assert response.status_code == 201, response.content
    data = response.json()
    assert (data["content_type"], data["width"], data["height"], data["size_bytes"]) == (
        content_type,
        64,
        48,
        len(content),
    )
    assert data["stage"] == "response"
    photo = ComplaintPhoto.objects.get()
    assert (photo.uploaded_by, photo.width, photo.height) == (cases_world["alice"], 64, 48)
    served = client_for(cases_world["alice"]).get(data["url"])
    assert served.status_code == 200
    assert served["Content-Type"] == content_type
    assert b"".join(served.streaming_content) == content
    detail = client_for(cases_world["alice"]).get(f"/api/complaints/{case}/").json()
    assert [p["id"] for p in detail["photos"]] == [photo.pk]


def test_type_comes_from_the_content_not_the_name(cases_world, case):
    response = upload(cases_world["alice"], case, image_bytes("PNG"), name="really.jpg", content_type="image/jpeg")
    assert response.status_code == 201
    assert response.json()["content_type"] == "image/png"
    assert ComplaintPhoto.objects.get().image.name.endswith(".png")


@pytest.mark.parametrize(
    "content, name",
    [
        ("这不是图片，只是文字。\n".encode() * 20, "notes.jpg"),
        (b"%PDF-1.4\n" + b"0" * 200, "scan.jpg"),
        (image_bytes("GIF"), "anim.jpg"),
        (image_bytes("BMP"), "old.jpg"),
        (image_bytes("PNG")[:40], "cut.png"),
    ],
)
def test_non_images_and_other_formats_are_refused_and_nothing_is_stored(cases_world, case, settings, content, name):
    response = upload(cases_world["alice"], case, content, name=name)
    assert response.status_code == 400, response.content
    assert "image" in response.json()
    assert ComplaintPhoto.objects.count() == 0
    assert stored_files(settings.MEDIA_ROOT) == []


def test_file_over_the_default_10_mb_is_refused(cases_world, case, settings):
    assert DEFAULT_MAX_BYTES == 10 * 1024 * 1024
    big = image_bytes("JPEG") + b"\0" * DEFAULT_MAX_BYTES
    response = upload(cases_world["alice"], case, big)
    assert response.status_code == 400
    assert "too large" in response.json()["image"][0]
    assert ComplaintPhoto.objects.count() == 0
    assert stored_files(settings.MEDIA_ROOT) == []


def test_size_limit_is_a_setting(cases_world, case, settings):
    content = image_bytes("PNG", (300, 300))
    settings.COMPLAINT_PHOTO_MAX_BYTES = len(content) - 1
    assert upload(cases_world["alice"], case, content).status_code == 400
    settings.COMPLAINT_PHOTO_MAX_BYTES = len(content)
    assert upload(cases_world["alice"], case, content).status_code == 201


def test_photos_per_case_are_limited(cases_world, case, settings):
    settings.COMPLAINT_PHOTO_MAX_PER_CASE = 2
    codes = [upload(cases_world["alice"], case, image_bytes("JPEG")).status_code for _ in range(3)]
    assert codes == [201, 201, 400]
    assert ComplaintPhoto.objects.count() == 2


def test_bad_stage_and_missing_file_are_refused(cases_world, case):
    assert upload(cases_world["alice"], case, image_bytes("JPEG"), stage="whenever").status_code == 400
    missing = client_for(cases_world["alice"]).post(f"/api/complaints/{case}/photos/", {}, format="multipart")
    assert missing.status_code == 400
    assert ComplaintPhoto.objects.count() == 0


def test_photos_follow_the_case_scope(cases_world, case):
    assert upload(cases_world["bob"], case, image_bytes("JPEG")).status_code == 404
    assert upload(cases_world["agency"], case, image_bytes("JPEG")).status_code == 403
    url = upload(cases_world["alice"], case, image_bytes("JPEG")).json()["url"]
    assert client_for(cases_world["bob"]).get(url).status_code == 404
    assert client_for(cases_world["leader"]).get(url).status_code == 200
    assert ComplaintPhoto.objects.count() == 1


def test_behind_nginx_the_file_is_handed_over_after_the_check(cases_world, case, settings):
    settings.MEDIA_ACCEL_PREFIX = "/_protected_media/"
    url = upload(cases_world["alice"], case, image_bytes("JPEG")).json()["url"]
    photo = ComplaintPhoto.objects.get()
    answer = client_for(cases_world["leader"]).get(url)
    assert answer.status_code == 200
    assert answer["X-Accel-Redirect"] == f"/_protected_media/{photo.image.name}"
    assert answer["Content-Type"] == "image/jpeg" and answer.content == b""
    refused = client_for(cases_world["bob"]).get(url)
    assert refused.status_code == 404 and "X-Accel-Redirect" not in refused
