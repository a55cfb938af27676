"""/api/notifications/: my inbox (paginated, ?unread=1), mark one or all read, the unread count.

Every query starts from the requesting user's own notifications (selectors.notifications.inbox):
another user's notification answers 404, as if it did not exist.
"""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from layers.models import Notification
from layers.notify.texts import notification_data
from layers.selectors.notifications import inbox, unread_count
from layers.services.notifications import notifications_mark_all_read, notifications_mark_read

_TRUE, _FALSE = {"1", "true", "yes"}, {"", "0", "false", "no"}


def unread_only(params) -> bool:
    value = str(params.get("unread", "")).strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ValidationError({"unread": gettext("应为 1 或 0，收到 %(value)r") % {"value": value}})


class NotificationCase(serializers.Serializer):
    id = serializers.IntegerField()
    ticket_no = serializers.CharField(allow_null=True)
    url = serializers.CharField(help_text="where the case is read")


class NotificationOut(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=Notification.Kind.choices)
    kind_label = serializers.CharField()
    text = serializers.CharField()
    case = NotificationCase(allow_null=True)
    summons = serializers.IntegerField(allow_null=True)
    created_at = serializers.DateTimeField()
    read_at = serializers.DateTimeField(allow_null=True)

    class Meta:
        ref_name = "Notification"


class UnreadCount(serializers.Serializer):
    unread = serializers.IntegerField()


class Marked(serializers.Serializer):
    marked = serializers.IntegerField(help_text="newly marked read")


class NotificationPagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        response.data["unread"] = unread_count(self.request.user)
        return response

    def get_paginated_response_schema(self, schema):
        paged = super().get_paginated_response_schema(schema)
        paged["properties"]["unread"] = {"type": "integer", "description": "未读数 / unread, all pages"}
        paged["required"] = [*paged.get("required", []), "unread"]
        return paged


class NotificationViewSet(viewsets.GenericViewSet):
    pagination_class = NotificationPagination
    # Ids are numbers: anything else is no notification (404), never a query to fail on.
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        return inbox(self.request.user)

    @extend_schema(
        parameters=[
            OpenApiParameter("unread", {"type": "string", "enum": sorted(_TRUE | _FALSE)}, description="1: 只看未读"),
            OpenApiParameter("page", {"type": "integer", "minimum": 1}),
            OpenApiParameter("page_size", {"type": "integer", "minimum": 1, "maximum": 200}, description="默认 50"),
        ],
        responses=NotificationOut,
        description="我的通知，最新在前；附未读数 / my notifications, newest first, with the unread count",
    )
    def list(self, request):
        page = self.paginate_queryset(inbox(request.user, unread_only(request.query_params)))
        return self.get_paginated_response([notification_data(n) for n in page])

    @extend_schema(
        request=None,
        responses=NotificationOut,
        parameters=[OpenApiParameter("id", int, OpenApiParameter.PATH)],
        description="标为已读 / mark read",
    )
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        notification = get_object_or_404(inbox(request.user), pk=pk)
        # An agency's refusal (django's PermissionDenied) is answered 403 by DRF's exception handler.
        notifications_mark_read(user=request.user, ids=[notification.pk])
        notification.refresh_from_db(fields=["read_at"])
        return Response(notification_data(notification))

    @extend_schema(request=None, responses=Marked, description="全部标为已读 / mark all read")
    @action(detail=False, methods=["post"], url_path="read-all")
    def read_all(self, request):
        return Response({"marked": notifications_mark_all_read(user=request.user)})

    @extend_schema(responses=UnreadCount, description="未读数（页眉）/ unread count for headers")
    @action(detail=False, methods=["get"], url_path="unread-count")
    def count_unread(self, request):
        return Response({"unread": unread_count(request.user)})
