"""The one import core behind `import_layer` (and anything else that loads layer files).

Validate everything first, then write in one transaction or not at all. Features are upserted
by their stable code, so importing the same file twice changes nothing the second time.
Features in the database but absent from the file are reported and kept: boundaries are
replaced by new files, never deleted by omission. A committed change re-assigns every case to the
new boundaries in the same transaction, and routes again the moved cases not yet dispatched
(layers/services/boundaries.py).
"""

from collections import Counter

from django.contrib.gis.geos import GEOSGeometry
from django.db import transaction

from layers import crs
from layers.importers import geometry as geo
from layers.importers.fields import ALIASES, LAYERS
from layers.importers.reading import FileProblem, read_layer_file
from layers.importers.report import Finding, ImportReport
from layers.importers.rows import CONVERTERS, RowProblem
from layers.models import Building, Community, GridCell, HousingProject, MilitaryZone, OwnerUnit, Subdistrict
from layers.services.boundaries import follow_boundaries

MODELS = {
    "subdistrict": Subdistrict,
    "communities": Community,
    "housing-projects": HousingProject,
    "buildings": Building,
    "military-zones": MilitaryZone,
    "grid-cells": GridCell,
}
HAS_OWNERS = {"housing-projects", "buildings"}
GEOMETRY_TOLERANCE_DEG = 1e-9  # ~0.1 mm: below this a re-imported vertex is the same vertex


class LayerImport:
    def __init__(self, layer, path, srid=None, encoding=None, field_map=None):
        if layer not in LAYERS:
            raise FileProblem(f"未知图层 {layer!r} (unknown layer); expected one of {sorted(LAYERS)}")
        self.layer, self.path, self.srid, self.encoding = layer, str(path), srid, encoding
        self.field_map = {k.lower(): v for k, v in (field_map or {}).items()}
        self.model = MODELS[layer]
        self.report = ImportReport(layer=layer, path=self.path)

    def run(self, commit: bool = False) -> ImportReport:
        """Validate the file and, with commit=True and nothing refused, write it atomically."""
        read = read_layer_file(self.path, self.encoding)
        frame = self._rename(read.frame)
        self.report.features = len(frame)
        self.report.encoding, self.report.encoding_source = read.encoding, read.encoding_source
        source = self._source_crs(frame)
        self.report.source_crs = str(source)
        rows = self._convert(frame, source)
        self._refuse_duplicates(rows)
        self._refuse_outside(rows)
        accepted = [r for r in rows if r["ok"]]
        plan = self._plan(accepted)
        if commit and self.report.ok:
            with transaction.atomic():
                self._write(plan)
                if self.report.changes:
                    self.report.cases = follow_boundaries()
            self.report.committed = True
        return self.report

    def _rename(self, frame):
        names = {}
        for column in frame.columns:
            if column == frame.geometry.name:
                continue
            key = column.strip().lower()
            names[column] = self.field_map.get(key) or self.field_map.get(column) or ALIASES.get(column) or key
        frame = frame.rename(columns=names)
        spec = LAYERS[self.layer]
        missing = [f for f in spec.required if f not in frame.columns]
        if missing:
            found = [c for c in frame.columns if c != frame.geometry.name]
            raise FileProblem(
                f"{self.path}: 缺少必填字段 {missing} (missing required fields); 文件中的字段 (fields found): {found}. "
                "用 --map 源字段=字段 对应 (map them with --map SOURCE=FIELD)"
            )
        return frame

    def _source_crs(self, frame):
        try:
            wanted = crs.parse_crs(self.srid) if self.srid is not None else None
        except ValueError as exc:
            raise FileProblem(f"--srid {self.srid}: {exc}") from exc
        file_epsg = frame.crs.to_epsg() if frame.crs is not None else None
        if wanted is None and frame.crs is None:
            raise FileProblem(f"{self.path}: 文件没有坐标系，请用 --srid 指定 (the file has no CRS: pass --srid)")
        if wanted is None:
            if file_epsg is None:
                raise FileProblem(
                    f"{self.path}: 无法识别文件坐标系 (cannot identify the file's CRS as an EPSG code): "
                    f"{frame.crs.name}; 请用 --srid 指定 (pass --srid)"
                )
            return file_epsg
        geographic = {crs.WGS84, crs.CGCS2000}
        if wanted in (crs.GCJ02, crs.BD09):
            # Files digitised on AMap/Baidu usually claim WGS84 in their .prj: the operator knows better.
            if file_epsg is not None and file_epsg not in geographic:
                raise FileProblem(
                    f"{self.path}: 文件坐标系为 EPSG:{file_epsg}，与 --srid {self.srid} 不符 (CRS mismatch)"
                )
            return wanted
        if file_epsg is not None and file_epsg != wanted and not {file_epsg, wanted} <= geographic:
            raise FileProblem(f"{self.path}: 文件坐标系为 EPSG:{file_epsg}，与 --srid {self.srid} 不符 (CRS mismatch)")
        return wanted

    def _lookups(self):
        sub = Subdistrict.objects.order_by("code").values_list("id", flat=True).first()
        if self.layer != "subdistrict" and sub is None:
            raise FileProblem("数据库中还没有街道边界，请先导入 subdistrict (import the subdistrict layer first)")
        return {
            "subdistrict_id": sub,
            "communities": dict(Community.objects.values_list("code", "id")),
            "estates": dict(HousingProject.objects.values_list("code", "id")),
        }

    def _convert(self, frame, source):
        lookups = self._lookups()
        convert = CONVERTERS[self.layer]
        rows = []
        records = frame.drop(columns=frame.geometry.name).to_dict("records")
        for number, (record, geom) in enumerate(zip(records, frame.geometry.values, strict=True), start=1):
            row = {"number": number, "code": str(record.get("code") or "").strip(), "ok": True}
            try:
                row["fields"], row["owners"] = convert(record, lookups)
            except RowProblem as problem:
                self._refuse(row, str(problem))
                continue
            self._attach_geometry(row, geom, source)
            rows.append(row)
        return rows

    def _attach_geometry(self, row, geom, source):
        multipolygon, repair, refusal = geo.prepare(geom)
        if refusal:
            self._refuse(row, refusal)
            return
        if repair:
            self.report.repairs.append(Finding(row["number"], row["code"], repair))
        wgs84 = crs.transform_geometry(multipolygon, source, crs.WGS84)
        row["geom"] = geo.as_multipolygon(wgs84 if wgs84.is_valid else geo.shapely.make_valid(wgs84))

    def _refuse(self, row, message):
        row["ok"] = False
        self.report.refused.append(Finding(row["number"], row["code"], message))

    def _refuse_duplicates(self, rows):
        counts = Counter(r["code"] for r in rows if r["ok"])
        for row in rows:
            if row["ok"] and counts[row["code"]] > 1:
                others = [str(r["number"]) for r in rows if r["code"] == row["code"] and r is not row]
                self._refuse(row, f"编码重复，另见要素 #{', #'.join(others)} (duplicate code)")

    def _refuse_outside(self, rows):
        if self.layer == "subdistrict":
            return
        boundary = self._subdistrict_boundary()
        candidates = [r for r in rows if r["ok"]]
        if not candidates:
            return
        outside = geo.area_outside_m2([r["geom"] for r in candidates], boundary)
        for row, area in zip(candidates, outside, strict=True):
            if area > geo.AREA_TOLERANCE_M2:
                self._refuse(row, f"有 {area:.1f} m² 位于街道边界外 (lies outside the sub-district)")

    @staticmethod
    def _subdistrict_boundary():
        from shapely import from_wkb, union_all

        return union_all([from_wkb(bytes(s.geom.wkb)) for s in Subdistrict.objects.all()])

    def _plan(self, rows):
        existing = {obj.code: obj for obj in self.model.objects.filter(code__in=[r["code"] for r in rows])}
        owners = self._existing_owners(existing)
        plan = {"create": [], "update": []}
        for row in rows:
            row["geos"] = GEOSGeometry(memoryview(row["geom"].wkb), srid=4326)
            current = existing.get(row["code"])
            if current is None:
                plan["create"].append(row)
                self.report.created.append(row["code"])
            elif self._differs(current, row, owners.get(current.pk, set())):
                row["object"] = current
                plan["update"].append(row)
                self.report.updated.append(row["code"])
            else:
                self.report.unchanged.append(row["code"])
        in_file = {r["code"] for r in rows}
        self.report.missing_from_file = sorted(set(self.model.objects.values_list("code", flat=True)) - in_file)
        return plan

    def _existing_owners(self, existing):
        if self.layer not in HAS_OWNERS:
            return {}
        through = self.model.owner_units.through
        key = f"{self.model._meta.model_name}_id"
        owners = {}
        for pk, name in through.objects.filter(**{f"{key}__in": [o.pk for o in existing.values()]}).values_list(
            key, "ownerunit__name"
        ):
            owners.setdefault(pk, set()).add(name)
        return owners

    @staticmethod
    def _differs(current, row, current_owners):
        if any(getattr(current, name) != value for name, value in row["fields"].items()):
            return True
        if row["owners"] is not None and set(row["owners"]) != current_owners:
            return True
        return not current.geom.equals_exact(row["geos"], GEOMETRY_TOLERANCE_DEG)

    def _write(self, plan):
        for row in plan["update"]:
            obj = row["object"]
            for name, value in row["fields"].items():
                setattr(obj, name, value)
            obj.geom = row["geos"]
        if plan["update"]:
            field_names = [*plan["update"][0]["fields"], "geom"]
            self.model.objects.bulk_update([r["object"] for r in plan["update"]], field_names, batch_size=500)
        created = self.model.objects.bulk_create(
            [self.model(**r["fields"], geom=r["geos"]) for r in plan["create"]], batch_size=500
        )
        for row, obj in zip(plan["create"], created, strict=True):
            row["object"] = obj
        if self.layer in HAS_OWNERS:
            self._write_owners(plan["create"] + plan["update"])

    def _write_owners(self, rows):
        names = {name for r in rows for name in r["owners"]}
        OwnerUnit.objects.bulk_create([OwnerUnit(name=n) for n in names], ignore_conflicts=True)
        unit_ids = dict(OwnerUnit.objects.filter(name__in=names).values_list("name", "id"))
        through = self.model.owner_units.through
        key = f"{self.model._meta.model_name}_id"
        through.objects.filter(**{f"{key}__in": [r["object"].pk for r in rows]}).delete()
        through.objects.bulk_create(
            [through(**{key: r["object"].pk, "ownerunit_id": unit_ids[n]}) for r in rows for n in set(r["owners"])]
        )
