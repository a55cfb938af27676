"""Stored photos carry no EXIF (GPS, device, time) and still show upright."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image, ImageOps

from layers.models import Complaint
from layers.services.complaint_photos import complaint_photo_add

GPS_IFD = ExifTags.IFD.GPSInfo
ORIENTATION = ExifTags.Base.Orientation
RED, BLUE = (220, 20, 20), (20, 20, 220)


def phone_jpeg() -> bytes:
    """A 40 x 20 JPEG as a phone writes it: left half red, right half blue, stored sideways with
    Orientation 6 (turn 90° clockwise to view) and a GPS position, camera make and time."""
    image = Image.new("RGB", (40, 20), BLUE)
    image.paste(RED, (0, 0, 20, 20))
    exif = Image.Exif()
    exif[ORIENTATION] = 6
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif[ExifTags.Base.DateTime] = "2026:11:26 08:30:00"
    exif.get_ifd(GPS_IFD).update(
        {
            ExifTags.GPS.GPSLatitudeRef: "N",
            ExifTags.GPS.GPSLatitude: (39.0, 51.0, 42.5),
            ExifTags.GPS.GPSLongitudeRef: "E",
            ExifTags.GPS.GPSLongitude: (116.0, 16.0, 5.25),
        }
    )
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif, quality=95)
    return buffer.getvalue()


@pytest.fixture
def case(db, categories, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return Complaint.objects.create(
        channel="grid_patrol", description="井盖缺失", category=categories["t_general"], sishi_type="difficult"
    )


def test_the_fixture_really_carries_gps_and_orientation():
    with Image.open(io.BytesIO(phone_jpeg())) as image:
        exif = image.getexif()
        assert exif[ORIENTATION] == 6 and exif.get_ifd(GPS_IFD)[ExifTags.GPS.GPSLatitudeRef] == "N"


def test_gps_and_all_exif_are_stripped_and_the_photo_stays_upright(case):
    original = phone_jpeg()
    photo = complaint_photo_add(
        complaint=case, actor=None, upload=SimpleUploadedFile("p.jpg", original, content_type="image/jpeg")
    )
    stored = photo.image.read()
    assert b"PhoneMaker" not in stored and b"Exif" not in stored
    with Image.open(io.BytesIO(stored)) as image:
        assert image.format == "JPEG"
        assert not image.getexif() and not image.getexif().get_ifd(GPS_IFD)
        assert image.size == (20, 40)  # upright: the sideways 40 x 20 turned
        expected = ImageOps.exif_transpose(Image.open(io.BytesIO(original)))
        for point in ((10, 5), (10, 35)):
            got, want = image.convert("RGB").getpixel(point), expected.getpixel(point)
            assert all(abs(a - b) < 40 for a, b in zip(got, want, strict=True)), (point, got, want)
        top, bottom = image.convert("RGB").getpixel((10, 5)), image.convert("RGB").getpixel((10, 35))
        assert top[0] > 150 > top[2] and bottom[2] > 150 > bottom[0]  # red above, blue below
    assert (photo.width, photo.height, photo.size_bytes) == (20, 40, len(stored))


def test_a_png_text_chunk_is_stripped_and_a_plain_png_is_stored_as_sent(case):
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Comment", "张三家 3号楼2单元401")
    tagged, plain = io.BytesIO(), io.BytesIO()
    Image.new("RGB", (8, 8), RED).save(tagged, "PNG", pnginfo=info)
    Image.new("RGB", (8, 8), RED).save(plain, "PNG")
    secret = "张三家".encode()
    assert secret in tagged.getvalue()
    for content, same in ((tagged.getvalue(), False), (plain.getvalue(), True)):
        upload = SimpleUploadedFile("p.png", content, content_type="image/png")
        stored = complaint_photo_add(complaint=case, actor=None, upload=upload).image.read()
        assert secret not in stored
        assert (stored == content) is same
