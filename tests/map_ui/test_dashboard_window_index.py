"""The leaders' default view counts its window from one covering index, never from the table.

A district's 28-day window lies on ~90 % of the complaint table's pages, so reading the rows costs
a scan of nearly the whole table; complaint_received_window carries every column the grouped counts
read (layers/models/complaint.py, layers/api/dashboard/window.py).
"""

import re

import pytest
from django.db import connection
from django.utils import timezone

from layers.api.dashboard.window import counts_query
from layers.models import Complaint, Role
from tests.map_ui.dashboard_world import END, START

# The world's fixtures (dashboard_world and the analytics tests' grid_world it builds on).
pytest_plugins = ["tests.map_ui.dashboard_world"]


def covering_columns() -> set[str]:
    index = next(index for index in Complaint._meta.indexes if index.name == "complaint_received_window")
    return {Complaint._meta.get_field(name).column for name in (*index.fields, *index.include)}


def explain(sql, params) -> str:
    with connection.cursor() as cursor:
        # What autovacuum does after a load: marks the pages all-visible, so no row needs a heap visit.
        cursor.execute("VACUUM (ANALYZE) layers_complaint")
        # The test table is tiny and would be read whole; the choice between index paths is the point.
        cursor.execute("SET enable_seqscan = off")
        cursor.execute("SET enable_bitmapscan = off")
        try:
            cursor.execute("EXPLAIN " + sql, params)
            return "\n".join(row[0] for row in cursor.fetchall())
        finally:
            cursor.execute("RESET enable_seqscan")
            cursor.execute("RESET enable_bitmapscan")


# VACUUM cannot run inside the transaction the ordinary database tests are wrapped in.
@pytest.mark.django_db(transaction=True)
def test_the_whole_area_window_counts_are_an_index_only_scan(make_user, dashboard_world):
    leader = make_user(Role.LEADER)
    query = counts_query(leader, {"start": START, "end": END}, timezone.now())
    sql, params = query.query.sql_with_params()

    assert set(re.findall(r'"layers_complaint"\."(\w+)"', sql)) <= covering_columns()
    assert "Index Only Scan using complaint_received_window" in explain(sql, params)
    # The counts themselves are the dashboard tests' business; here only that there are some.
    assert sum(row[2] for row in query) == len(dashboard_world.select())
