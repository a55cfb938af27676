"""Backups (layers/backups/, manage.py backup / restore): the restore drill — back up, destroy the
data and the photos, restore, and find the same row counts and photo checksums; a backup is checked
before anything is touched; a database with data is not overwritten without --force; retention."""

import hashlib
import json
from datetime import UTC, datetime, timedelta

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from layers.backups import archive, database
from layers.models import Complaint, ComplaintEvent, ComplaintPhoto
from layers.services.complaint_photos import complaint_photo_add
from layers.services.complaints import complaint_create, complaint_transition
from tests.geometry import lonlat
from tests.layers.api.cases_world import cases_world_fixture, categories_fixture  # noqa: F401 (fixtures)
from tests.layers.api.test_photos import image_bytes


@pytest.fixture
def world(transactional_db, cases_world, settings, tmp_path):
    """Committed cases with photos (pg_dump is another process: it sees committed rows only)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.BACKUP_DIR = tmp_path / "backups"
    from django.core.files.uploadedfile import SimpleUploadedFile

    lon, lat = lonlat(60, 60)
    for n in range(3):
        case, _created = complaint_create(
            actor=cases_world["leader"], channel="grid_patrol", description=f"楼道漏水{n}", category_code="t_general",
            lon=lon, lat=lat,
        )  # fmt: skip
        complaint_transition(complaint=case, actor=cases_world["leader"], to_status="dispatched")
        upload = SimpleUploadedFile(f"p{n}.png", image_bytes("PNG", size=(40 + n, 30)), content_type="image/png")
        complaint_photo_add(complaint=case, actor=cases_world["alice"], upload=upload, stage="intake")
    return cases_world


def _photos(media):
    return {
        p.relative_to(media).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in media.rglob("*")
        if p.is_file()
    }


def _destroy():
    """Drop every table (the trail's triggers do not stop DROP): what a lost disk or a bad hand leaves."""
    with connection.cursor() as cursor:
        cursor.execute(database.TABLES_SQL)
        tables = ", ".join(connection.ops.quote_name(name) for (name,) in cursor.fetchall())
        cursor.execute(f"DROP TABLE {tables} CASCADE")


def test_restore_drill(world, settings, capsys):
    before_counts = database.current_counts()
    before_photos = _photos(settings.MEDIA_ROOT)
    assert before_counts["layers_complaint"] == 3 and len(before_photos) == 3

    call_command("backup")
    folder = archive.backups(settings.BACKUP_DIR)[-1]
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["rows"] == before_counts
    assert manifest["media"] == before_photos
    assert oct(folder.stat().st_mode & 0o777) == "0o700"

    _destroy()
    for photo in settings.MEDIA_ROOT.rglob("*.png"):
        photo.unlink()
    assert database.current_counts() == {}

    call_command("restore", str(folder))
    assert "行数与校验和一致" in capsys.readouterr().out
    assert database.current_counts() == before_counts
    assert _photos(settings.MEDIA_ROOT) == before_photos
    # The restored database works: the trail is whole and still append-only.
    assert ComplaintEvent.objects.count() == before_counts["layers_complaintevent"]
    assert ComplaintPhoto.objects.count() == 3
    with pytest.raises(Exception, match="append-only"), connection.cursor() as cursor:
        cursor.execute("DELETE FROM layers_complaintevent")


def test_a_database_with_data_is_not_overwritten_without_force(world, settings):
    folder = archive.make_backup()
    complaint_create(
        actor=world["leader"], channel="grid_patrol", description="备份之后", category_code="t_general",
        lon=lonlat(60, 60)[0], lat=lonlat(60, 60)[1],
    )  # fmt: skip
    with pytest.raises(CommandError, match="is not empty: restore would overwrite it; add --force"):
        call_command("restore", str(folder))
    assert Complaint.objects.filter(description="备份之后").exists()
    call_command("restore", str(folder), "--force")
    assert not Complaint.objects.filter(description="备份之后").exists()
    assert Complaint.objects.count() == 3


def test_a_damaged_backup_is_refused_before_anything_changes(world, settings):
    folder = archive.make_backup()
    dump = folder / "database.dump"
    dump.write_bytes(dump.read_bytes()[:-10])
    with pytest.raises(CommandError, match="database.dump: missing or its SHA-256 differs"):
        call_command("restore", str(folder), "--force")
    assert Complaint.objects.count() == 3


def test_retention_keeps_the_newest(world, settings):
    settings.BACKUP_KEEP = 2
    made = [archive.make_backup() for _ in range(3)]
    assert archive.backups(settings.BACKUP_DIR) == made[1:]
    # With a minimum age too, a young backup outside the count is kept.
    settings.BACKUP_KEEP, settings.BACKUP_KEEP_DAYS = 1, 1
    archive.make_backup()
    assert len(archive.backups(settings.BACKUP_DIR)) == 3
    manifest = made[1] / "manifest.json"
    old = json.loads(manifest.read_text()) | {"created": (datetime.now(UTC) - timedelta(days=2)).isoformat()}
    manifest.write_text(json.dumps(old))
    archive.prune(settings.BACKUP_DIR)
    assert made[1] not in archive.backups(settings.BACKUP_DIR) and len(archive.backups(settings.BACKUP_DIR)) == 2
