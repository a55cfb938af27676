"""Photos of a case: the one write path (complaint_photo_add) with its type, size and count checks.

The type is decided by the file's content, read with Pillow, never by its name or the Content-Type
the client sent: a text file renamed .jpg is refused, a PNG named .jpg is stored as the PNG it is.
Limits are settings (defaults below): COMPLAINT_PHOTO_MAX_BYTES, COMPLAINT_PHOTO_MAX_PER_CASE,
COMPLAINT_PHOTO_MAX_PIXELS.

What a photo carries besides its pixels is not stored: a phone's EXIF holds the GPS position (often
the complainant's home), the device and the time. A photo with any metadata is re-encoded without
it, its EXIF orientation applied to the pixels first, so it still shows upright; the colour
profile is kept. A photo without metadata is stored byte for byte (no needless recompression).
"""

import io
import uuid
import warnings

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.db import transaction
from PIL import Image, ImageOps, UnidentifiedImageError

from layers.models import Complaint, ComplaintPhoto
from layers.services.complaint_input import check_choice

# Pillow format → (content type, file extension). JPEG, PNG and WebP are what phones and WeChat send.
ALLOWED_FORMATS = {"JPEG": ("image/jpeg", "jpg"), "PNG": ("image/png", "png"), "WEBP": ("image/webp", "webp")}
DEFAULT_MAX_BYTES = 10 * 1024 * 1024
DEFAULT_MAX_PER_CASE = 9  # a WeChat post carries at most nine pictures
# Decompression bombs: a small file that claims a huge canvas. 50 megapixels is beyond any phone.
DEFAULT_MAX_PIXELS = 50_000_000
# Image.info keys that describe the encoding, not the picture's circumstances: kept, and alone they
# do not make a photo be rewritten. Anything else (exif, xmp, comments, text chunks ...) does.
_TECHNICAL = {
    "dpi", "jfif", "jfif_version", "jfif_unit", "jfif_density", "icc_profile", "progressive", "progression",
    "adobe", "adobe_transform", "gamma", "srgb", "transparency", "loop", "duration", "background",
    "chromaticity", "lossless", "interlace", "aspect", "frame_count",
}  # fmt: skip
_REENCODE = {"JPEG": {"quality": 90, "optimize": True}, "PNG": {"optimize": True}, "WEBP": {"quality": 90}}


def _limit(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def _sniff(upload) -> tuple[str, int, int]:
    """(Pillow format, width, height) of an acceptable image, else ValidationError."""
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
    return kind, width, height


def _without_metadata(upload, kind: str) -> tuple[File, int, int] | None:
    """(file, width, height) of the photo re-encoded upright without metadata; None if it has none."""
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            if not image.getexif() and not set(image.info) - _TECHNICAL:
                return None
            upright = ImageOps.exif_transpose(image)
            options = dict(_REENCODE[kind])
            if "icc_profile" in image.info:
                options["icc_profile"] = image.info["icc_profile"]
            if kind == "WEBP" and image.info.get("lossless"):
                options = {"lossless": True} | {k: v for k, v in options.items() if k == "icc_profile"}
            buffer = io.BytesIO()
            # Pillow writes EXIF and XMP only when passed to save(): none are passed.
            upright.save(buffer, kind, **options)
            return ContentFile(buffer.getvalue()), upright.width, upright.height
    finally:
        upload.seek(0)


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
    kind, width, height = _sniff(upload)
    content_type, extension = ALLOWED_FORMATS[kind]
    stored, size = File(upload), upload.size
    clean = _without_metadata(upload, kind)
    if clean is not None:
        stored, width, height = clean
        size = stored.size
    max_count = _limit("COMPLAINT_PHOTO_MAX_PER_CASE", DEFAULT_MAX_PER_CASE)
    with transaction.atomic():
        list(Complaint.objects.select_for_update().filter(pk=complaint.pk).values_list("pk", flat=True))
        if ComplaintPhoto.objects.filter(complaint=complaint).count() >= max_count:
            raise ValidationError({"image": f"每件诉求最多 {max_count} 张图片 (at most {max_count} photos per case)"})
        photo = ComplaintPhoto(
            complaint=complaint,
            content_type=content_type,
            size_bytes=size,
            width=width,
            height=height,
            stage=stage,
            uploaded_by=actor,
        )
        # Our own file name: the client's name may lie about the type or carry a path.
        photo.image.save(f"{uuid.uuid4().hex}.{extension}", stored, save=False)
        # ImageField re-reads the dimensions from the stored file and finds none in an in-memory
        # file: the ones measured here are the stored image's.
        photo.width, photo.height = width, height
        try:
            photo.save()
        except Exception:
            # The row is rolled back; the file must not stay behind without it.
            photo.image.delete(save=False)
            raise
    return photo
