"""Notifications and their deliveries: written by the notify worker, looked at here (why did a
message not arrive? its delivery row has the attempts and the last error)."""

from django.contrib import admin

from layers.models import Delivery, Notification, NotifyCursor

from .base import ReadOnlyMixin


class DeliveryInline(ReadOnlyMixin, admin.TabularInline):
    model = Delivery
    fields = ("channel", "attempts", "next_attempt_at", "delivered_at", "abandoned_at", "last_error")
    extra = 0


@admin.register(Notification)
class NotificationAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("id", "created_at", "recipient", "kind", "complaint", "key", "read_at")
    list_filter = ("kind",)
    list_select_related = ("recipient", "complaint")
    search_fields = ("recipient__username", "complaint__ticket_no", "key")
    show_full_result_count = False
    inlines = (DeliveryInline,)


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("id", "notification", "channel", "attempts", "next_attempt_at", "delivered_at", "abandoned_at")
    list_filter = ("channel",)
    search_fields = ("last_error",)
    show_full_result_count = False


@admin.register(NotifyCursor)
class NotifyCursorAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("source", "low", "checkpoint", "checkpoint_at")
