"""Headline counts: the figures DOMAIN.md quotes, in one query."""

from django.db import connection

from layers.models import HousingProject

from .base import _sql

# --- headline counts ---------------------------------------------------------------------------

COUNTS_SQL = """
    SELECT s.subdistricts, c.communities, e.*, b.buildings, m.military_zones,
           100 * COALESCE(ST_Area(ST_Intersection(ST_Transform(m.geom, {srid}), ST_Transform(s.geom, {srid}))), 0)
               / NULLIF(ST_Area(ST_Transform(s.geom, {srid})), 0) AS military_share_pct,
           g.grid_cells, g.grid_median_area_m2, c.households, c.residents, c.floating_population
    FROM (SELECT count(*) AS subdistricts, ST_Union(geom) AS geom FROM {subdistrict}) s
    CROSS JOIN (SELECT count(*) AS communities, COALESCE(sum(households), 0) AS households,
                       COALESCE(sum(residents), 0) AS residents,
                       COALESCE(sum(floating_population), 0) AS floating_population
                FROM {community}) c
    CROSS JOIN (SELECT count(*) AS housing_projects,
                       count(*) FILTER (WHERE ownership = %(single)s) AS housing_projects_single,
                       count(*) FILTER (WHERE ownership = %(multi)s) AS housing_projects_multi,
                       count(*) FILTER (WHERE ownership = %(private)s) AS housing_projects_private,
                       count(*) FILTER (WHERE is_old_estate) AS old_estates,
                       count(*) FILTER (WHERE renovation <> %(no_renovation)s) AS estates_in_renovation,
                       count(*) FILTER (WHERE property_company = '') AS estates_without_property_management
                FROM {estate}) e
    CROSS JOIN (SELECT count(*) AS buildings FROM {building}) b
    CROSS JOIN (SELECT count(*) AS military_zones, ST_Union(geom) AS geom FROM {military}) m
    CROSS JOIN (SELECT count(*) AS grid_cells,
                       percentile_cont(0.5) WITHIN GROUP (ORDER BY ST_Area(ST_Transform(geom, {srid})))
                           AS grid_median_area_m2
                FROM {grid}) g
"""


def headline_counts() -> dict:
    """The figures DOMAIN.md quotes, to hold a loaded dataset against at a glance.

    The military share is of the union of the zones (they may overlap) clipped to the sub-district.
    """
    own, renovation = HousingProject.Ownership, HousingProject.Renovation
    params = {"single": own.SINGLE, "multi": own.MULTI, "private": own.PRIVATE, "no_renovation": renovation.NONE}
    with connection.cursor() as cursor:
        cursor.execute(_sql(COUNTS_SQL), params)
        names = [col.name for col in cursor.description]
        return dict(zip(names, cursor.fetchone(), strict=True))
