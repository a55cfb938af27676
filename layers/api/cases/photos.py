"""Photos of a case: POST /api/complaints/{id}/photos/ (multipart) and GET .../photos/{photo_id}/.

Photos are served through this view, not from /media/, so the same role scoping as the case
applies: whoever cannot read the case cannot load its pictures.
"""

from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import FileResponse, Http404, HttpResponse
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from layers.api.openapi import binary
from layers.models import ComplaintPhoto
from layers.permissions import may_handle
from layers.services.complaint_photos import ALLOWED_FORMATS, complaint_photo_add

from . import schema
from .serializers import photo_data

PHOTO_FIELDS = {"image", "stage"}
PHOTO_TYPES = [media_type for media_type, _extension in ALLOWED_FORMATS.values()]


class PhotoActions:
    """Mixed into ComplaintViewSet: get_object() there is already scoped to the user."""

    @extend_schema(request={"multipart/form-data": schema.PhotoIn}, responses={201: schema.Photo})
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def photos(self, request, pk=None):
        complaint = self.get_object()
        if not may_handle(request.user):
            raise PermissionDenied("此角色只读，不能上传图片 (this role is read-only and cannot add photos)")
        unknown = sorted(set(request.data) - PHOTO_FIELDS)
        if unknown:
            raise ValidationError({name: "未知字段 (unknown field); 可用 (expected) image, stage" for name in unknown})
        try:
            photo = complaint_photo_add(
                complaint=complaint,
                actor=request.user,
                upload=request.FILES.get("image"),
                stage=request.data.get("stage") or ComplaintPhoto.Stage.INTAKE,
            )
        except DjangoValidationError as exc:
            raise ValidationError(exc.message_dict) from None
        return Response(photo_data(complaint, photo), status=status.HTTP_201_CREATED)

    @extend_schema(responses=binary(PHOTO_TYPES, "图片 / the image"))
    @action(detail=True, methods=["get"], url_path=r"photos/(?P<photo_id>\d+)", url_name="photo-file")
    def photo_file(self, request, pk=None, photo_id=None):
        complaint = self.get_object()
        photo = ComplaintPhoto.objects.filter(complaint=complaint, pk=photo_id).first()
        if photo is None:
            raise Http404("no such photo")
        if settings.MEDIA_ACCEL_PREFIX:
            # Behind nginx: it sends the file from its internal location (geo_gov/deploy/), so a
            # worker is not held while a photo crosses a slow mobile network.
            response = HttpResponse(content_type=photo.content_type)
            response["X-Accel-Redirect"] = settings.MEDIA_ACCEL_PREFIX + quote(photo.image.name)
        else:
            response = FileResponse(photo.image.open("rb"), content_type=photo.content_type)
        # Stored files are sniffed images; nosniff stops a browser from second-guessing that.
        response["X-Content-Type-Options"] = "nosniff"
        return response
