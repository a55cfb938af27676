"""Co-governance (盼事 topics, meetings, actions) in the admin: partners and volunteer teams are
reference data edited here; topics and their meetings and actions are written by
layers/services/cogovernance*.py and only shown."""

from django.contrib import admin

from layers.models import Action, Meeting, Partner, Topic, TopicParticipant, VolunteerTeam

from .base import GeoAdmin, ReadOnlyMixin


@admin.register(Partner)
class PartnerAdmin(GeoAdmin):
    list_display = ("name", "kind", "contact_role", "contact")
    list_filter = ("kind",)
    search_fields = ("name",)


@admin.register(VolunteerTeam)
class VolunteerTeamAdmin(GeoAdmin):
    list_display = ("name", "leader_role", "contact", "members")
    search_fields = ("name",)


@admin.register(Topic)
class TopicAdmin(ReadOnlyMixin, GeoAdmin):
    list_display = ("code", "title", "kind", "status", "opened_at", "done_at")
    list_filter = ("kind", "status")
    search_fields = ("code", "title")


@admin.register(TopicParticipant)
class TopicParticipantAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("topic", "type", "name")
    list_filter = ("type",)
    list_select_related = ("topic",)


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("topic", "held_at", "place")
    list_select_related = ("topic",)


@admin.register(Action)
class ActionAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("topic", "description", "owner_name", "owner_department", "due_date", "completed_at")
    list_select_related = ("topic", "owner_department")
