"""Sheets uploaded through the office's page (/desk/import/), kept on the server between the dry run
and the commit, so the commit imports exactly the file that was previewed.

Each upload is stored under HOTLINE_UPLOAD_DIR (default MEDIA_ROOT/hotline_uploads, never served
as a static or media URL) as <token><suffix>, with <token>.json holding who uploaded it, its name,
its SHA-256 and what happened to it. The token is random (secrets), and only its uploader may open
it. At commit the file's SHA-256 is checked against the one taken at upload, and the plan against
the one previewed (HotlineImport.run(expected_plan=...)): a changed file or a changed database is
refused, not imported blind. Uploads older than KEEP_DAYS are removed at the next upload.
"""

import hashlib
import json
import re
import secrets
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError

from layers.importers.hotline.sheet import SUFFIXES

MAX_BYTES = 20 * 1024 * 1024  # a month's sheet of a busy street is well under 1 MB
KEEP_DAYS = 30
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


@dataclass
class Upload:
    token: str
    name: str  # the file name as uploaded (shown, never used as a path)
    suffix: str
    sha256: str
    user_id: int
    uploaded_at: float
    plan: str = ""  # the digest of the plan last previewed
    committed: bool = False
    created: int = 0

    @property
    def path(self) -> Path:
        return upload_dir() / f"{self.token}{self.suffix}"

    @property
    def rejects_path(self) -> Path:
        return upload_dir() / f"{self.token}.rejects.csv"


def upload_dir() -> Path:
    directory = Path(getattr(settings, "HOTLINE_UPLOAD_DIR", None) or Path(settings.MEDIA_ROOT) / "hotline_uploads")
    directory.mkdir(parents=True, exist_ok=True)
    return directory


def _meta_path(token: str) -> Path:
    return upload_dir() / f"{token}.json"


def save(upload: Upload) -> None:
    _meta_path(upload.token).write_text(json.dumps(asdict(upload), ensure_ascii=False), encoding="utf-8")


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def _clean_old() -> None:
    limit = time.time() - KEEP_DAYS * 86400
    for path in upload_dir().iterdir():
        if path.is_file() and path.stat().st_mtime < limit:
            path.unlink(missing_ok=True)


def store(uploaded, user) -> Upload:
    """Keep an uploaded sheet (a Django UploadedFile) for its preview and commit.

    Raises ValidationError naming the file for a type other than .xlsx/.csv, an empty file or one
    over MAX_BYTES."""
    name = Path(uploaded.name or "").name
    suffix = Path(name).suffix.lower()
    if suffix not in SUFFIXES:
        raise ValidationError({"sheet": f"{name}: 请上传 .xlsx 或 .csv 文件 (expected .xlsx or .csv)"})
    if not uploaded.size:
        raise ValidationError({"sheet": f"{name}: 文件为空 (the file is empty)"})
    if uploaded.size > MAX_BYTES:
        raise ValidationError({"sheet": f"{name}: 文件超过 {MAX_BYTES // (1024 * 1024)} MB (file too large)"})
    _clean_old()
    token = secrets.token_urlsafe(24)
    path = upload_dir() / f"{token}{suffix}"
    with path.open("wb") as handle:
        for chunk in uploaded.chunks():
            handle.write(chunk)
    upload = Upload(token, name, suffix, sha256_of(path), user.pk, time.time())
    save(upload)
    return upload


def load(token: str, user) -> Upload:
    """The upload behind a token, for its uploader only. Raises LookupError when there is none
    (or it expired), PermissionDenied for another user's upload."""
    if not _TOKEN.match(token or ""):
        raise LookupError(token)
    meta = _meta_path(token)
    if not meta.is_file():
        raise LookupError(token)
    upload = Upload(**json.loads(meta.read_text(encoding="utf-8")))
    if upload.user_id != user.pk:
        raise PermissionDenied("这不是您上传的文件 (this upload is someone else's)")
    if not upload.path.is_file():
        raise LookupError(token)
    return upload


def unchanged(upload: Upload) -> bool:
    """Whether the stored file is still the one uploaded (byte for byte)."""
    return sha256_of(upload.path) == upload.sha256
