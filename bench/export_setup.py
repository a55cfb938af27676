"""Data and comparison pieces for bench/export.py: generated complaints, the drf-gis baseline, tiles."""

import math

from django.contrib.auth import get_user_model
from django.db import connection
from rest_framework import generics, serializers
from rest_framework.authtoken.models import Token
from rest_framework.test import APIRequestFactory, force_authenticate
from rest_framework_gis.serializers import GeoFeatureModelSerializer

from layers.models import Category, Complaint, Role, StaffProfile

# A 1.2 km x 1 km box east/north of the Wulidian anchor (DOMAIN.md): complaints spread over it.
BOX = (116.2533, 39.8595, 116.2673, 39.8685)


def bench_token() -> str:
    user, _ = get_user_model().objects.get_or_create(username="bench-export")
    StaffProfile.objects.get_or_create(user=user, defaults={"role": Role.AGENCY, "display_name": "bench"})
    return Token.objects.get_or_create(user=user)[0].key


_ZERO = {"boolean": "false", "text": "''", "character varying": "''", "integer": "0", "bigint": "0", "jsonb": "'[]'"}


def _other_required_columns(cursor, given: set[str]) -> dict[str, str]:
    """NOT NULL columns without a database default that the INSERT below does not name: the model
    grows (repeat flags, routing reasons ...) and Django keeps defaults in Python, not in the table."""
    cursor.execute(
        "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'layers_complaint' "
        "AND is_nullable = 'NO' AND column_default IS NULL AND is_identity = 'NO'"
    )
    return {name: _ZERO[kind] for name, kind in cursor.fetchall() if name not in given}


def _personal(every: int) -> str:
    """SQL appending a phone number to every `every`-th description, an ID number to every 10×every-th."""
    if not every:
        return ""
    phone = "'，联系电话139' || lpad((g %% 100000000)::text, 8, '0')"
    card = "'，身份证11010119900307' || lpad((g %% 10000)::text, 4, '0')"
    every = int(every)
    return (
        f" || CASE WHEN g %% {every} = 0 THEN {phone} ELSE '' END"
        f" || CASE WHEN g %% {every * 10} = 0 THEN {card} ELSE '' END"
    )


def generate_complaints(n: int, personal_every: int = 0):
    """Replace all complaints by n generated ones in one INSERT ... SELECT generate_series.

    personal_every: one description in that many carries a mobile number and one in ten times that
    many an ID card number too (what the exports mask, layers/privacy); 0: none, as before."""
    category, _ = Category.objects.get_or_create(
        code="bench_leak",
        defaults={"name": "房屋漏雨(基准)", "time_limit_amount": 7, "time_limit_base": "natural_days"},
    )
    x0, y0, x1, y1 = BOX
    with connection.cursor() as cursor:
        # The bench's own database: the trail's TRUNCATE guard (migration 0014) is lifted for this statement.
        cursor.execute("ALTER TABLE layers_complaintevent DISABLE TRIGGER layers_complaintevent_no_truncate")
        cursor.execute("TRUNCATE layers_complaintevent, layers_complaint RESTART IDENTITY CASCADE")
        cursor.execute("ALTER TABLE layers_complaintevent ENABLE TRIGGER layers_complaintevent_no_truncate")
        cursor.execute("SELECT setseed(0.42)")
        columns = (
            "channel, description, sishi_type, location, location_source, address, complainant_name, "
            "complainant_phone, status, satisfaction, received_at, due_at, out_of_area, created_at, updated_at, "
            "category_id"
        )
        others = _other_required_columns(cursor, {c.strip() for c in columns.split(",")})
        extra_columns = "".join(f", {name}" for name in others)
        extra_values = "".join(f", {value}" for value in others.values())
        cursor.execute(
            f"""
            INSERT INTO layers_complaint ({columns}{extra_columns})
            SELECT 'hotline_12345',
                '小区' || (g %% 59) || '号楼屋顶漏雨，楼道积水，请尽快维修'{_personal(personal_every)}, 'difficult',
                ST_SetSRID(ST_MakePoint(%s + random() * %s, %s + random() * %s), 4326), 'gps',
                '丰西路' || (g %% 100) || '号院' || (g %% 12) || '号楼', '张三', '13800138000',
                (ARRAY['received', 'dispatched', 'in_progress', 'resolved', 'closed'])[1 + g %% 5], '',
                now() - (g %% 365) * interval '1 day', now() - (g %% 365) * interval '1 day' + interval '7 days',
                false, now(), now(), %s{extra_values}
            FROM generate_series(1, %s) g
            """,
            [x0, x1 - x0, y0, y1 - y0, category.id, n],
        )
        # VACUUM as well as ANALYZE: the first read of a million freshly inserted rows would
        # otherwise also set their hint bits (rewriting every page), a cost that falls on whichever
        # part runs first and that a table filled over months does not have.
        cursor.execute("VACUUM (ANALYZE) layers_complaint")


class ComplaintFeatureSerializer(GeoFeatureModelSerializer):
    """The same properties as our complaints layer, the way djangorestframework-gis does it."""

    channel_label = serializers.CharField(source="get_channel_display")
    category_code = serializers.CharField(source="category.code")
    category_name = serializers.CharField(source="category.name")
    status_label = serializers.CharField(source="get_status_display")
    community_code = serializers.CharField(source="community.code", default=None)
    community_name = serializers.CharField(source="community.name", default=None)
    grid_cell_code = serializers.CharField(source="grid_cell.code", default=None)
    housing_project_code = serializers.CharField(source="housing_project.code", default=None)
    building_code = serializers.CharField(source="building.code", default=None)
    military_zone_code = serializers.CharField(source="military_zone.code", default=None)

    class Meta:
        model = Complaint
        geo_field = "location"
        id_field = "id"
        fields = (
            "id", "ticket_no", "channel", "channel_label", "category_code", "category_name", "sishi_type",
            "description", "address", "status", "status_label", "satisfaction", "received_at", "due_at",
            "responded_at", "resolved_at", "closed_at", "out_of_area", "location_source", "community_code",
            "community_name", "grid_cell_code", "housing_project_code", "building_code", "military_zone_code",
        )  # fmt: skip


class ComplaintFeatureList(generics.ListAPIView):
    serializer_class = ComplaintFeatureSerializer
    queryset = (
        Complaint.objects.filter(location__isnull=False)
        .select_related("category", "community", "grid_cell", "housing_project", "building", "military_zone")
        .order_by("id")
    )


def complaint_serializer_view():
    """A callable that runs the drf-gis list view once and returns its rendered response."""
    view = ComplaintFeatureList.as_view()
    user = get_user_model().objects.get(username="bench-export")
    factory = APIRequestFactory()

    def call():
        request = factory.get("/bench/complaints/")
        force_authenticate(request, user=user)
        return view(request).render()

    return call


def tiles_over(z: int) -> list[tuple[int, int, int]]:
    """Every XYZ tile at zoom z that overlaps BOX."""
    n = 2**z

    def col(lon):
        return int((lon + 180) / 360 * n)

    def row(lat):
        return int((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n)

    x0, y0, x1, y1 = BOX
    return [(z, x, y) for x in range(col(x0), col(x1) + 1) for y in range(row(y1), row(y0) + 1)]
