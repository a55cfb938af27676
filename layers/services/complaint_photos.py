"""Photos of a case: the one write path (complaint_photo_add) with its type, size and count checks.

The type is decided by the file's content, read with Pillow, never by its name or the Content-Type
the client sent: a text file renamed .jpg is refused, a PNG named .jpg is stored as the PNG it is.
Limits are settings (defaults below): COMPLAINT_PHOTO_MAX_BYTES, COMPLAINT_PHOTO_MAX_PER_CASE,
COMPLAINT_PHOTO_MAX_PIXELS.
"""

import uuid
import warnings

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.db import transaction
from PIL import Image, UnidentifiedImageError

from layers.models import Complaint, ComplaintPhoto
from layers.services.complaint_input import check_choice

# Pillow format → (content type, file extension). JPEG, PNG and WebP are what phones and WeChat send.
ALLOWED_FORMATS = {"JPEG": ("image/jpeg", "jpg"), "PNG": ("image/png", "png"), "WEBP": ("image/webp", "webp")}
DEFAULT_MAX_BYTES = 10 * 1024 * 1024
DEFAULT_MAX_PER_CASE = 9  # a WeChat post carries at most nine pictures
# Decompression bombs: a small file that claims a huge canvas. 50 megapixels is beyond any phone.
DEFAULT_MAX_PIXELS = 50_000_000


def _limit(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def _sniff(upload) -> tuple[str, str, int, int]:
    """(content type, extension, width, height) of an acceptable image, else ValidationError."""
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                kind, (width, height) = image.format, image.size
                if width * height > _limit("COMPLAINT_PHOTO_MAX_PIXELS", DEFAULT_MAX_PIXELS):
                    raise ValidationError({"image": f"图片像素过多 (too many pixels): {width}x{height}"})
                image.verify()
    except (UnidentifiedImageError, Image.DecompressionBombError, Image.DecompressionBombWarning, OSError, SyntaxError):
        raise ValidationError(
            {"image": "不是可识别的图片 (not a readable image); 只接受 JPEG、PNG、WebP (only JPEG, PNG or WebP)"}
        ) from None
    finally:
        upload.seek(0)
    if kind not in ALLOWED_FORMATS:
        raise ValidationError({"image": f"不支持的图片格式 {kind} (unsupported format); 只接受 JPEG、PNG、WebP"})
    content_type, extension = ALLOWED_FORMATS[kind]
    return content_type, extension, width, height


def complaint_photo_add(*, complaint: Complaint, actor, upload, stage=ComplaintPhoto.Stage.INTAKE) -> ComplaintPhoto:
    """Check and store one photo of `complaint`; on any refusal nothing is stored.

    Raises ValidationError for an empty, oversized or non-image file (JPEG, PNG and WebP only, by
    content), an unknown stage, or a case that already has its maximum number of photos. The case
    row is locked while counting, so parallel uploads cannot pass the limit together.
    """
    stage = check_choice(stage, "stage", ComplaintPhoto.Stage)
    max_bytes = _limit("COMPLAINT_PHOTO_MAX_BYTES", DEFAULT_MAX_BYTES)
    if upload is None or not upload.size:
        raise ValidationError({"image": "缺少图片文件 (no image file)"})
    if upload.size > max_bytes:
        raise ValidationError(
            {"image": f"图片过大 (too large): {upload.size} 字节 (bytes), 上限 (at most) {max_bytes}"}
        )
    content_type, extension, width, height = _sniff(upload)
    max_count = _limit("COMPLAINT_PHOTO_MAX_PER_CASE", DEFAULT_MAX_PER_CASE)
    with transaction.atomic():
        list(Complaint.objects.select_for_update().filter(pk=complaint.pk).values_list("pk", flat=True))
        if ComplaintPhoto.objects.filter(complaint=complaint).count() >= max_count:
            raise ValidationError({"image": f"每件诉求最多 {max_count} 张图片 (at most {max_count} photos per case)"})
        photo = ComplaintPhoto(
            complaint=complaint,
            content_type=content_type,
            size_bytes=upload.size,
            width=width,
            height=height,
            stage=stage,
            uploaded_by=actor,
        )
        # Our own file name: the client's name may lie about the type or carry a path.
        photo.image.save(f"{uuid.uuid4().hex}.{extension}", File(upload), save=False)
        try:
            photo.save()
        except Exception:
            # The row is rolled back; the file must not stay behind without it.
            photo.image.delete(save=False)
            raise
    return photo
