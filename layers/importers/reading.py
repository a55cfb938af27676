"""Open an agency's file (Shapefile or a .zip of one, GeoPackage, GeoJSON, KML) as a GeoDataFrame.

The hard part is text encoding: Chinese agencies hand over .dbf files in GBK with no .cpg, and
GDAL then decodes them as Latin-1 (mojibake that looks like data). We decide the encoding
ourselves, before GDAL reads anything, and say where the decision came from.
"""

import struct
import zipfile
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pyogrio

SUPPORTED_SUFFIXES = {".shp", ".zip", ".gpkg", ".geojson", ".json", ".kml"}


class FileProblem(Exception):
    """The file as a whole cannot be imported; the message names the file and what was expected."""


@dataclass
class ReadResult:
    frame: gpd.GeoDataFrame
    encoding: str | None  # None for formats that define their own (GeoPackage, GeoJSON, KML: UTF-8)
    encoding_source: str  # "--encoding", ".cpg", "detected", "format"


def read_layer_file(path: str | Path, encoding: str | None = None) -> ReadResult:
    path = Path(path)
    if not path.exists():
        raise FileProblem(f"{path}: 文件不存在 (file not found)")
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise FileProblem(
            f"{path}: 不支持的格式 {suffix} (unsupported format); expected one of {sorted(SUPPORTED_SUFFIXES)}"
        )
    source, dbf_bytes, cpg = _gdal_source(path)
    if dbf_bytes is None:
        return ReadResult(_read(source, path, None), None, "format")
    if encoding:
        chosen, how = encoding, "--encoding"
    elif cpg:
        chosen, how = cpg, ".cpg"
    else:
        chosen, how = detect_dbf_encoding(dbf_bytes), "detected"
    return ReadResult(_read(source, path, chosen), chosen, how)


def _read(source: str, path: Path, encoding: str | None) -> gpd.GeoDataFrame:
    try:
        kwargs = {"encoding": encoding} if encoding else {}
        return pyogrio.read_dataframe(source, **kwargs)
    except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError, LookupError, UnicodeDecodeError) as exc:
        raise FileProblem(f"{path}: 无法读取 (cannot be read): {exc}") from exc


def _gdal_source(path: Path) -> tuple[str, bytes | None, str | None]:
    """GDAL path to read, the .dbf bytes (for shapefiles) and the .cpg text if there is one."""
    if path.suffix.lower() == ".zip":
        return _zipped_shapefile(path)
    if path.suffix.lower() != ".shp":
        return str(path), None, None
    dbf = _sibling(path, ".dbf")
    if dbf is None:
        raise FileProblem(f"{path}: 缺少 .dbf 属性文件 (the .dbf next to the .shp is missing)")
    cpg = _sibling(path, ".cpg")
    return str(path), dbf.read_bytes(), (cpg.read_text("ascii", "replace").strip() if cpg else None)


def _sibling(path: Path, suffix: str) -> Path | None:
    for candidate in (path.with_suffix(suffix), path.with_suffix(suffix.upper())):
        if candidate.exists():
            return candidate
    return None


def _zipped_shapefile(path: Path) -> tuple[str, bytes | None, str | None]:
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile as exc:
        raise FileProblem(f"{path}: 不是有效的 zip 文件 (not a valid zip file)") from exc
    with archive:
        names = archive.namelist()
        shps = [n for n in names if n.lower().endswith(".shp")]
        if len(shps) != 1:
            raise FileProblem(f"{path}: zip 中应恰好有一个 .shp (expected exactly one .shp in the zip), found {shps}")
        stem = shps[0][:-4]
        by_lower = {n.lower(): n for n in names}
        dbf_name = by_lower.get(f"{stem}.dbf".lower())
        if dbf_name is None:
            raise FileProblem(f"{path}: zip 中缺少 {stem}.dbf (the .dbf is missing from the zip)")
        cpg_name = by_lower.get(f"{stem}.cpg".lower())
        cpg = archive.read(cpg_name).decode("ascii", "replace").strip() if cpg_name else None
        return f"/vsizip/{path.resolve()}/{shps[0]}", archive.read(dbf_name), cpg


def detect_dbf_encoding(dbf: bytes) -> str:
    """UTF-8 if every text byte decodes as UTF-8, else GB18030 (a superset of GBK and GB2312).

    A GBK text of any length is almost never valid UTF-8, while UTF-8 Chinese is never valid
    ASCII, so a strict UTF-8 decode of the record area is a reliable test for the two encodings
    Chinese agencies actually use.
    """
    if len(dbf) < 32:
        return "UTF-8"
    header_length = struct.unpack("<H", dbf[8:10])[0]
    records = dbf[header_length:]
    try:
        records.decode("utf-8")
    except UnicodeDecodeError:
        return "GB18030"
    return "UTF-8"
