"""The map layers and the people of 四包: editable attributes, geometry shown on an offline map."""

from django.contrib import admin

from layers.models import (
    Area,
    Building,
    Community,
    Department,
    GridCell,
    HousingProject,
    MilitaryZone,
    OwnerUnit,
    StaffProfile,
    Subdistrict,
)

from .base import GeoAdmin


@admin.register(Subdistrict)
class SubdistrictAdmin(GeoAdmin):
    list_display = ("code", "name")
    search_fields = ("code", "name")


@admin.register(Community)
class CommunityAdmin(GeoAdmin):
    list_display = ("code", "name", "name_is_placeholder", "department", "households", "residents")
    list_filter = ("department", "name_is_placeholder")
    list_select_related = ("department",)
    search_fields = ("code", "name")


@admin.register(GridCell)
class GridCellAdmin(GeoAdmin):
    list_display = ("code", "community", "grid_worker", "responsible_party")
    list_filter = ("community",)
    list_select_related = ("community", "grid_worker")
    search_fields = ("code", "responsible_party")
    autocomplete_fields = ("grid_worker",)


@admin.register(HousingProject)
class HousingProjectAdmin(GeoAdmin):
    list_display = (
        "code",
        "name",
        "community",
        "ownership",
        "property_company",
        "is_old_estate",
        "is_military_property",
    )
    list_filter = ("community", "ownership", "is_old_estate", "is_military_property", "renovation")
    list_select_related = ("community",)
    search_fields = ("code", "name", "address", "property_company")
    filter_horizontal = ("owner_units",)


@admin.register(Building)
class BuildingAdmin(GeoAdmin):
    list_display = ("code", "estate", "number", "households", "cadre")
    list_select_related = ("estate", "cadre")
    search_fields = ("code", "estate__name")
    filter_horizontal = ("owner_units",)
    autocomplete_fields = ("cadre",)


@admin.register(MilitaryZone)
class MilitaryZoneAdmin(GeoAdmin):
    list_display = ("code", "name", "kind", "liaison")
    list_filter = ("kind",)
    list_select_related = ("liaison",)
    search_fields = ("code", "name")
    autocomplete_fields = ("liaison",)


@admin.register(OwnerUnit)
class OwnerUnitAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "contact", "liaison")
    list_filter = ("kind",)
    list_select_related = ("liaison",)
    search_fields = ("name",)
    autocomplete_fields = ("liaison",)


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "name_en")
    search_fields = ("code", "name", "name_en")


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "leader")
    list_select_related = ("leader",)
    filter_horizontal = ("communities",)
    autocomplete_fields = ("leader",)


@admin.register(StaffProfile)
class StaffProfileAdmin(admin.ModelAdmin):
    list_display = ("user", "display_name", "role", "department", "community")
    list_filter = ("role", "department", "community")
    list_select_related = ("user", "department", "community")
    search_fields = ("user__username", "display_name")
