"""Cases in the admin: categories, holidays and 四事四办 rules are edited here (data, not code);
cases and everything attached to them are written by the services and only shown here."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from layers.models import (
    CallbackRecord,
    Category,
    CategoryMapping,
    Complaint,
    ComplaintEvent,
    ComplaintLink,
    ComplaintPhoto,
    Holiday,
    SavedFilter,
    SishiRule,
    Summons,
)
from layers.services.reclassify import reclassify_cases

from .base import GeoAdmin, ReadOnlyMixin


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = (
        "code",
        "name",
        "name_en",
        "default_sishi_type",
        "time_limit_amount",
        "time_limit_base",
        "department",
        "duplicate_radius_m",
        "duplicate_window_days",
    )
    list_editable = ("name_en", "default_sishi_type", "time_limit_amount", "time_limit_base", "department")
    list_select_related = ("department",)
    search_fields = ("code", "name", "name_en", "mappings__name")


@admin.register(CategoryMapping)
class CategoryMappingAdmin(admin.ModelAdmin):
    """The 12345 names our categories stand for. After adding the names a sheet brought, the action
    moves the cases that waited under 其他 (the same service as `manage.py reclassify_cases`)."""

    list_display = ("name", "category", "note", "updated_at")
    list_filter = ("category",)
    list_select_related = ("category",)
    search_fields = ("name", "note")
    # Select all rows (the header checkbox) to apply every mapping at once.
    actions = ("reclassify_selected",)

    def _reclassify(self, request, mapping_names):
        try:
            result = reclassify_cases(actor=request.user, mapping_names=mapping_names)
        except PermissionDenied as exc:
            self.message_user(request, str(exc), messages.ERROR)
            return
        self.message_user(request, result.summary(), messages.SUCCESS if result.changed else messages.INFO)

    @admin.action(description=_("按所选映射重新分类暂归“其他”的诉求"))
    def reclassify_selected(self, request, queryset):
        self._reclassify(request, list(queryset.values_list("name", flat=True)))


@admin.register(Holiday)
class HolidayAdmin(admin.ModelAdmin):
    list_display = ("date", "name", "is_workday")
    list_filter = ("is_workday",)
    date_hierarchy = "date"


@admin.register(SishiRule)
class SishiRuleAdmin(admin.ModelAdmin):
    list_display = ("priority", "name", "kind", "target_type", "threshold", "window_days", "active")
    list_display_links = ("name",)
    list_editable = ("priority", "active")
    list_filter = ("kind", "target_type", "active")
    filter_horizontal = ("departments",)


class EventInline(ReadOnlyMixin, admin.TabularInline):
    model = ComplaintEvent
    fields = ("at", "actor", "from_status", "to_status", "note", "assignee", "department")
    extra = 0


class PhotoInline(ReadOnlyMixin, admin.TabularInline):
    model = ComplaintPhoto
    fields = ("stage", "image", "content_type", "size_bytes", "width", "height", "uploaded_by", "uploaded_at")
    extra = 0


class CallbackInline(ReadOnlyMixin, admin.TabularInline):
    model = CallbackRecord
    fields = ("called_at", "caller", "reached", "satisfaction", "remark")
    extra = 0


class SummonsInline(ReadOnlyMixin, admin.TabularInline):
    model = Summons
    fields = ("department", "summoned_at", "due_at", "reported_at", "action")
    extra = 0


@admin.register(Complaint)
class ComplaintAdmin(ReadOnlyMixin, GeoAdmin):
    list_display = (
        "__str__",
        "received_at",
        "channel",
        "category",
        "status",
        "sishi_type",
        "community",
        "assigned_department",
        "assignee",
        "due_at",
        "needs_review",
    )
    list_filter = ("status", "sishi_type", "channel", "category", "needs_review", "out_of_area", "is_repeat")
    list_select_related = ("category", "community", "assigned_department", "assignee")
    search_fields = ("ticket_no", "description", "address", "source_category")
    inlines = (EventInline, CallbackInline, SummonsInline, PhotoInline)


@admin.register(ComplaintEvent)
class ComplaintEventAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("complaint", "at", "actor", "from_status", "to_status", "note", "assignee", "department")
    list_filter = ("to_status",)
    list_select_related = ("complaint", "actor", "assignee", "department")
    search_fields = ("complaint__ticket_no", "note")
    show_full_result_count = False


@admin.register(CallbackRecord)
class CallbackRecordAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """Call-back attempts are recorded through the case (POST /api/complaints/{id}/callbacks/), which
    also moves the case and its satisfaction; here they are only shown."""

    list_display = ("complaint", "called_at", "caller", "reached", "satisfaction", "remark")
    list_filter = ("reached", "satisfaction")
    list_select_related = ("complaint", "caller")
    search_fields = ("complaint__ticket_no", "remark")


@admin.register(SavedFilter)
class SavedFilterAdmin(admin.ModelAdmin):
    """The desk's 常用筛选: shown so an admin can answer "where did my filter go" and remove a filter
    a departed user left; each user saves and deletes their own on /desk/."""

    list_display = ("name", "owner", "query", "created_at")
    list_select_related = ("owner",)
    search_fields = ("name", "owner__username", "query")
    readonly_fields = ("created_at",)


@admin.register(ComplaintLink)
class ComplaintLinkAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("primary", "other", "kind", "distance_m", "days_apart", "confirmed_by", "confirmed_at")
    list_filter = ("kind",)
    list_select_related = ("primary", "other", "confirmed_by")


@admin.register(ComplaintPhoto)
class ComplaintPhotoAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("complaint", "stage", "content_type", "size_bytes", "width", "height", "uploaded_at")
    list_filter = ("stage", "content_type")
    list_select_related = ("complaint",)


@admin.register(Summons)
class SummonsAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("department", "complaint", "topic_ref", "summoned_at", "due_at", "reported_at")
    list_filter = ("department",)
    list_select_related = ("department", "complaint")
