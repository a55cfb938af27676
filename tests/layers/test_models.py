import pytest
from django.db import IntegrityError

from layers.models import GridCell
from tests.geometry import rect


def test_grid_code_must_have_15_digits(small_world):
    with pytest.raises(IntegrityError):
        GridCell.objects.create(code="11010602100100A", community=small_world["west"], geom=rect(0, 0, 100, 100))


def test_community_area_is_measured_in_4548(small_world):
    from django.contrib.gis.db.models.functions import Area, Transform

    west = type(small_world["west"]).objects.annotate(a=Area(Transform("geom", 4548))).get(pk=small_world["west"].pk)
    assert west.a.sq_m == pytest.approx(500_000, rel=1e-6)
