"""One backup = one dated folder: database.dump (pg_dump -Fc), media.tar (the photos) and
manifest.json (row counts of the dump's snapshot, SHA-256 of the dump, of the tar and of every
photo). The database is dumped before the photos are packed, so every photo the dump refers to is in
the tar (a photo added in between is an orphan, harmless). Photos are personal data: the folder
is readable by its owner only."""

import hashlib
import json
import shutil
import tarfile
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

from django.conf import settings

from . import database

PREFIX = "geo_gov-backup-"
MANIFEST, DUMP, MEDIA = "manifest.json", "database.dump", "media.tar"


class BackupError(Exception):
    pass


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def media_checksums(root: Path) -> dict[str, str]:
    if not root.exists():
        return {}
    return {p.relative_to(root).as_posix(): _sha256(p) for p in sorted(root.rglob("*")) if p.is_file()}


def _pack_media(root: Path, tar_path: Path) -> dict[str, str]:
    files = media_checksums(root)
    with tarfile.open(tar_path, "w") as tar:
        for name in files:
            tar.add(root / name, arcname=name)
    return files


def make_backup(out: Path | None = None) -> Path:
    """A new backup folder under `out` (settings.BACKUP_DIR); older ones pruned by the retention."""
    out = Path(out or settings.BACKUP_DIR)
    out.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC)
    folder = out / f"{PREFIX}{stamp:%Y%m%dT%H%M%S%fZ}"
    partial = out / f".{folder.name}.partial"
    partial.mkdir(mode=0o700)
    try:
        counts = database.dump(partial / DUMP)
        photos = _pack_media(Path(settings.MEDIA_ROOT), partial / MEDIA)
        manifest = {
            "created": stamp.isoformat(),
            "database": settings.DATABASES["default"]["NAME"],
            "rows": counts,
            "files": {DUMP: _sha256(partial / DUMP), MEDIA: _sha256(partial / MEDIA)},
            "media": photos,
        }
        (partial / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2))
        # A folder without ".partial" is complete: an interrupted backup never looks like one.
        partial.rename(folder)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    prune(out)
    return folder


def backups(out: Path) -> list[Path]:
    return sorted(p for p in Path(out).glob(f"{PREFIX}*") if p.is_dir())


def prune(out: Path) -> list[Path]:
    """Remove backups beyond the newest BACKUP_KEEP that are also older than BACKUP_KEEP_DAYS."""
    keep, days = settings.BACKUP_KEEP, settings.BACKUP_KEEP_DAYS
    cutoff = datetime.now(UTC) - timedelta(days=days)
    removed = []
    for folder in backups(out)[:-keep] if keep else []:
        created = datetime.fromisoformat(json.loads((folder / MANIFEST).read_text())["created"])
        if created < cutoff:
            shutil.rmtree(folder)
            removed.append(folder)
    return removed


def verify_backup(folder: Path) -> dict:
    """The manifest, after checking every checksum; BackupError naming the first file that differs."""
    folder = Path(folder)
    if not (folder / MANIFEST).is_file():
        raise BackupError(f"{folder}: no {MANIFEST}; not a backup folder (or an unfinished one)")
    manifest = json.loads((folder / MANIFEST).read_text())
    for name, expected in manifest["files"].items():
        if not (folder / name).is_file() or _sha256(folder / name) != expected:
            raise BackupError(f"{folder / name}: missing or its SHA-256 differs from the manifest")
    with tarfile.open(folder / MEDIA) as tar:
        packed = {m.name: hashlib.sha256(tar.extractfile(m).read()).hexdigest() for m in tar if m.isfile()}
    if packed != manifest["media"]:
        raise BackupError(f"{folder / MEDIA}: its photos differ from the manifest")
    return manifest


# Rows here mean real data: a freshly migrated database has rows elsewhere (migrations, categories).
DATA_TABLES = ("auth_user", "layers_subdistrict", "layers_community", "layers_complaint")


def _database_is_empty() -> bool:
    counts = database.current_counts()
    return not any(counts.get(table) for table in DATA_TABLES)


def restore_backup(folder: Path, force: bool = False) -> dict:
    """Check the backup, restore the database (one transaction) and the photos, then compare counts.

    A database with any row is refused unless `force` (its tables are then replaced)."""
    manifest = verify_backup(folder)
    if not force and not _database_is_empty():
        raise BackupError(
            f"database {settings.DATABASES['default']['NAME']} is not empty: restore would overwrite it; "
            "add --force to replace its tables"
        )
    with tempfile.TemporaryDirectory() as work:
        try:
            database.restore(Path(folder) / DUMP, Path(work), clean=True)
        except database.DatabaseError as error:
            raise BackupError(str(error)) from error
    media = Path(settings.MEDIA_ROOT)
    media.mkdir(parents=True, exist_ok=True)
    with tarfile.open(Path(folder) / MEDIA) as tar:
        tar.extractall(media, filter="data")
    counts = database.current_counts()
    differ = {t: (n, counts.get(t)) for t, n in manifest["rows"].items() if counts.get(t) != n}
    if differ:
        raise BackupError(f"restored row counts differ from the manifest: {differ}")
    restored = media_checksums(media)
    missing = {name for name, digest in manifest["media"].items() if restored.get(name) != digest}
    if missing:
        raise BackupError(f"restored photos differ from the manifest: {sorted(missing)[:5]}")
    return manifest
