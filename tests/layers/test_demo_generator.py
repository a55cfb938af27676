"""The committed demo layers in shapefiles/wulidian, read back as files, against DOMAIN.md's figures.

Geometry is checked in EPSG:4548 metres after reading the Shapefiles, so a tiling that the
conversion to WGS84 or the writing had broken would show up here as gaps or overlaps.
"""

from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import pytest
import shapely
from django.conf import settings
from django.core.management import call_command

from layers.demo.generator import DEFAULT_SEED, file_stem, generate
from layers.importers.fields import LAYERS, MILITARY_KIND_VALUES, OWNERSHIP_VALUES, RENOVATION_VALUES

DEMO_DIR = Path(settings.BASE_DIR) / "shapefiles" / "wulidian"
ANCHOR = (116.2533, 39.8595)
HOUSING_TYPES = {"安置房", "回迁房", "福利房", "商品房", "平房区"}
TOLERANCE_M2 = 1.0


def _read(layer: str) -> gpd.GeoDataFrame:
    # Empty text fields come back as nulls from a .dbf; the importer reads both as "".
    frame = gpd.read_file(DEMO_DIR / f"{file_stem(layer)}.shp", engine="pyogrio")
    text = [c for c in frame.columns if c != "geometry" and not pd.api.types.is_integer_dtype(frame[c])]
    frame[text] = frame[text].fillna("")
    return frame


@pytest.fixture(scope="module")
def files() -> dict[str, gpd.GeoDataFrame]:
    return {layer: _read(layer) for layer in LAYERS}


@pytest.fixture(scope="module")
def metres(files) -> dict[str, gpd.GeoDataFrame]:
    return {layer: frame.to_crs(4548) for layer, frame in files.items()}


def _tiling_errors(parts, whole) -> tuple[float, float]:
    """(overlap, gap) in m²: pieces that should tile `whole` exactly."""
    parts = np.asarray(parts, dtype=object)
    union = shapely.union_all(parts)
    overlap = float(shapely.area(parts).sum() - union.area)
    gap = float(shapely.symmetric_difference(union, whole).area)
    return overlap, gap


def _touching_pairs(geoms) -> list[tuple[int, int]]:
    geoms = np.asarray(geoms, dtype=object)
    left, right = shapely.STRtree(geoms).query(geoms, predicate="intersects")
    return [(a, b) for a, b in zip(left, right, strict=True) if a < b]


def _split(value: str) -> list[str]:
    return [part for part in value.split(";") if part]


@pytest.mark.parametrize("layer", list(LAYERS))
def test_each_layer_is_a_utf8_shapefile_in_4326_with_the_import_fields(layer):
    stem = DEMO_DIR / file_stem(layer)
    for suffix in (".shp", ".shx", ".dbf", ".prj", ".cpg"):
        assert stem.with_suffix(suffix).is_file(), f"{stem}{suffix} missing"
    assert stem.with_suffix(".cpg").read_text().strip() == "UTF-8"
    info = pyogrio.read_info(stem.with_suffix(".shp"))
    assert info["crs"] == "EPSG:4326"
    assert info["encoding"] == "UTF-8"
    spec = LAYERS[layer]
    assert set(spec.required) <= set(info["fields"]) <= set(spec.required + spec.optional)
    assert all(len(name.encode()) <= 10 for name in info["fields"])


def test_every_geometry_is_valid_and_coordinates_are_rounded(files):
    for layer, frame in files.items():
        assert frame.is_valid.all(), layer
        coords = shapely.get_coordinates(frame.geometry.values)
        assert np.array_equal(coords, np.round(coords, 9)), layer


def test_subdistrict_is_an_irregular_polygon_of_4_to_5_km2_around_the_anchor(files, metres):
    assert files["subdistrict"][["code", "name"]].to_dict("records") == [{"code": "110106021", "name": "五里店街道"}]
    boundary = files["subdistrict"].geometry.iloc[0]
    assert boundary.geom_type == "Polygon" and not boundary.interiors
    assert boundary.contains(shapely.Point(ANCHOR))
    west, south, east, north = boundary.bounds
    assert west >= 116.24 and east <= 116.30 and south >= 39.85 and north <= 39.88
    area = metres["subdistrict"].area.iloc[0]
    assert 4.0e6 <= area <= 5.0e6
    box = metres["subdistrict"].geometry.iloc[0].minimum_rotated_rectangle
    assert area / box.area < 0.9  # not a rectangle


def test_16_communities_tile_the_subdistrict_with_the_published_totals(files, metres):
    communities = files["communities"]
    assert communities.code.tolist() == [f"110106021{i:03d}" for i in range(1, 17)]
    assert communities.households.sum() == 37_000
    assert communities.residents.sum() == 79_000
    assert communities.floating.sum() == 7_000
    assert communities.name.is_unique
    flags = dict(zip(communities.name, communities.placeholdr, strict=True))
    assert {flags[n] for n in ("丰西路社区", "北大地西区社区", "东安街社区")} == {0}
    candidates = ("五里店第一社区", "五里店第二社区", "岳各庄社区", "东安街头条社区", "北大地十六号院社区")
    assert {flags[n] for n in candidates} == {1}
    assert sum(flags.values()) == 13
    overlap, gap = _tiling_errors(metres["communities"].geometry, metres["subdistrict"].geometry.iloc[0])
    assert overlap < TOLERANCE_M2 and gap < TOLERANCE_M2


def test_59_housing_projects_by_ownership_each_strictly_inside_its_community(files, metres):
    estates, communities = files["housing-projects"], metres["communities"]
    assert len(estates) == 59 and estates.code.is_unique and estates.name.is_unique
    assert estates.ownership.value_counts().to_dict() == {"single": 38, "multi": 19, "private": 2}
    assert set(estates.ownership) <= set(OWNERSHIP_VALUES)
    # Strictly inside: at least a metre from the edge of exactly one community, its own.
    inner = dict(zip(communities.code, communities.geometry.buffer(-1.0), strict=True))
    for code, geom in zip(estates.community, metres["housing-projects"].geometry, strict=True):
        assert inner[code].contains(geom)
        assert sum(community.intersects(geom) for community in communities.geometry) == 1
    assert _touching_pairs(metres["housing-projects"].geometry) == []


def test_known_estates_and_placeholder_names(files):
    estates = files["housing-projects"]
    community_of = dict(zip(files["communities"].code, files["communities"].name, strict=True))
    fengxilu = estates[estates.name == "丰西路45号院"].iloc[0]
    assert community_of[fengxilu.community] == "丰西路社区"
    assert "45号院" in _split(fengxilu.aliases) and fengxilu.placeholdr == 0
    assert fengxilu.address == "丰台区五里店街道丰西路45号院"
    assert "北大地西区社区" in {community_of[c] for c in estates.community}
    assert (estates[estates.name != "丰西路45号院"].placeholdr == 1).all()
    assert estates.address.str.startswith("丰台区五里店街道").all()


def test_owners_housing_types_and_years(files):
    estates = files["housing-projects"]
    owners = estates.owners.map(_split).map(len)
    assert (owners[estates.ownership == "multi"] >= 2).all()
    assert (owners[estates.ownership == "single"] == 1).all()
    assert (estates[estates.ownership == "private"].owners == "个人产权").all()
    htypes = estates.htypes.map(_split)
    assert set().union(*htypes) == HOUSING_TYPES
    assert (htypes.map(len) > 1).any()
    old = estates[estates.old_estate == 1]
    assert len(old) >= 9 and old.build_year.between(1960, 2000).all()
    assert (estates[estates.old_estate == 0].build_year > 2000).all()


def test_renovation_group_and_estates_without_management(files, metres):
    estates = files["housing-projects"]
    assert set(estates.renovation) <= set(RENOVATION_VALUES.values())
    group = estates.renovation != "none"
    assert group.sum() == 9
    assert (estates[group].old_estate == 1).all()
    assert {"planned", "in_progress", "done"} <= set(estates[group].renovation)
    # 成片: neighbours, so each renovated estate has another renovated one within 500 m.
    geoms = np.asarray(metres["housing-projects"].geometry[group], dtype=object)
    distances = shapely.distance(geoms[:, None], geoms[None, :]) + np.eye(len(geoms)) * 1e9
    assert distances.min(axis=1).max() < 500.0
    assert (estates.prop_co == "").sum() == 4


def test_households_fit_the_published_totals(files):
    estates, communities = files["housing-projects"], files["communities"]
    assert estates.households.sum() <= 37_000
    per_community = estates.groupby("community").households.sum()
    limit = communities.set_index("code").households
    assert (per_community <= limit[per_community.index]).all()
    assert (estates.households > 0).all()


def test_buildings_inside_their_estate_with_its_households_and_owners(files, metres):
    buildings, estates = files["buildings"], files["housing-projects"].set_index("code")
    assert buildings.code.is_unique
    assert (buildings.code == buildings.estate + "-" + buildings.number).all()
    assert set(buildings.estate) == set(estates.index)
    for code, numbers in buildings.groupby("estate").number:
        assert numbers.tolist() == [str(i) for i in range(1, len(numbers) + 1)], code
    counts = buildings.groupby("estate").size()
    assert counts.min() >= 1 and 3 <= counts.median() <= 12
    assert counts[estates.index[estates.name == "北大地西区"]].iloc[0] >= 12  # "北大地西区12号楼" exists
    assert (buildings.groupby("estate").households.sum() == estates.households[counts.index]).all()
    inner = metres["housing-projects"].set_index(estates.index).geometry.buffer(-1.0)
    for estate, geom in zip(buildings.estate, metres["buildings"].geometry, strict=True):
        assert inner[estate].contains(geom)
    assert _touching_pairs(metres["buildings"].geometry) == []
    for estate, owners in zip(buildings.estate, buildings.owners, strict=True):
        assert set(_split(owners)) <= set(_split(estates.owners[estate]))
    shared = buildings[buildings.owners.str.contains(";")]
    assert len(shared) > 0 and (estates.ownership[shared.estate] == "multi").all()


def test_military_zones_cover_a_third_and_the_military_estates(files, metres):
    zones, estates = files["military-zones"], files["housing-projects"]
    assert zones.code.is_unique and (zones.placeholdr == 1).all()
    assert set(zones.kind) == {"unit", "property"} and set(zones.kind) <= set(MILITARY_KIND_VALUES)
    boundary = metres["subdistrict"].geometry.iloc[0]
    zone_geoms = metres["military-zones"].geometry
    assert zone_geoms.within(boundary).all()
    assert _touching_pairs(zone_geoms) == []
    share = shapely.union_all(np.asarray(zone_geoms, dtype=object)).area / boundary.area
    assert 0.313 <= share <= 0.353
    property_zones = zone_geoms[zones.kind == "property"]
    military = metres["housing-projects"].geometry[estates.military == 1]
    assert len(military) > 0 and (estates.ownership[estates.military == 1] == "single").all()
    for estate in military:
        assert property_zones.contains(estate).any()


def test_grid_cells_tile_each_community_about_a_hectare_each(files, metres):
    cells, communities = files["grid-cells"], metres["communities"].set_index(files["communities"].code)
    assert cells.code.str.fullmatch(r"\d{15}").all() and cells.code.is_unique
    assert (cells.code.str[:12] == cells.community).all()
    geoms = metres["grid-cells"].geometry
    for code, members in cells.groupby("community"):
        assert members.code.str[12:].tolist() == [f"{i:03d}" for i in range(1, len(members) + 1)]
        community = communities.geometry[code]
        overlap, gap = _tiling_errors(geoms[members.index], community)
        assert overlap < TOLERANCE_M2 and gap < TOLERANCE_M2, code
        assert (geoms[members.index].difference(community).area < 0.01).all(), code
    assert set(cells.community) == set(communities.index)
    assert 7_000 <= geoms.area.median() <= 13_000
    assert geoms.area.min() >= 500.0  # slivers were merged into a neighbour
    assert (cells.resp_party != "").all()


def _home_square(cell, west: float, north: float) -> tuple[int, int]:
    """(row from the north, column from the west) of the 100 m square holding most of the cell."""
    minx, miny, maxx, maxy = cell.bounds
    squares = [
        (int(r), int(c))
        for r in range(int((north - maxy) // 100), int((north - miny) // 100) + 1)
        for c in range(int((minx - west) // 100), int((maxx - west) // 100) + 1)
    ]
    boxes = [
        shapely.box(west + c * 100, north - (r + 1) * 100, west + (c + 1) * 100, north - r * 100) for r, c in squares
    ]
    return squares[int(np.argmax(shapely.area(shapely.intersection(cell, boxes))))]


def test_grid_cells_are_numbered_west_to_east_then_north_to_south(files, metres):
    # The grid is the 100 m grid of EPSG:4548 (multiples of 100 m), as the generator lays it.
    west, _, _, north = metres["subdistrict"].total_bounds
    west, north = np.floor(west / 100) * 100, np.ceil(north / 100) * 100
    cells = files["grid-cells"].assign(geom=metres["grid-cells"].geometry)
    for code, members in cells.groupby("community"):
        squares = [_home_square(geom, west, north) for geom in members.sort_values("code").geom]
        assert squares == sorted(squares), code


def test_regenerating_with_the_seed_reproduces_the_committed_files(files):
    generated = generate(DEFAULT_SEED)
    for layer, frame in files.items():
        fresh = generated[layer]
        attributes = fresh.drop(columns="geometry").reset_index(drop=True)
        assert attributes.equals(frame.drop(columns="geometry")), layer
        same = shapely.equals_exact(
            shapely.normalize(np.asarray(fresh.geometry, dtype=object)),
            shapely.normalize(np.asarray(frame.geometry, dtype=object)),
            tolerance=0.0,
        )
        assert same.all(), layer
    other = generate(DEFAULT_SEED + 1)["subdistrict"].geometry.iloc[0]
    assert not other.equals(files["subdistrict"].geometry.iloc[0])


def test_command_writes_the_committed_bytes(tmp_path):
    call_command("make_demo_layers", out=str(tmp_path), seed=DEFAULT_SEED)
    for layer in LAYERS:
        for suffix in (".shp", ".shx", ".prj", ".cpg", ".dbf"):
            name = f"{file_stem(layer)}{suffix}"
            fresh, committed = (tmp_path / name).read_bytes(), (DEMO_DIR / name).read_bytes()
            if suffix == ".dbf":  # bytes 1-3 of a dBase header are the date it was written
                fresh, committed = fresh[:1] + fresh[4:], committed[:1] + committed[4:]
            assert fresh == committed, name
