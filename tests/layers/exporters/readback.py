"""Reading exported files back with GDAL: Debian's ogrinfo (3.6) and pyogrio (bundled GDAL)."""

import re
import subprocess
import zipfile
from pathlib import Path

import pyogrio


def gdal_path(path: Path) -> str:
    return f"/vsizip/{path}" if path.suffix == ".zip" else str(path)


def ogrinfo_summary(path: Path) -> tuple[int, int | None]:
    """(feature count, EPSG code of the layer CRS or None) from `ogrinfo -so -al`."""
    out = subprocess.run(["ogrinfo", "-ro", "-so", "-al", gdal_path(path)], capture_output=True, text=True, check=True)
    count = int(re.search(r"Feature Count: (\d+)", out.stdout).group(1))
    # The layer CRS's own ID is the last top-level ID["EPSG",n] of the WKT.
    codes = re.findall(r'^    ID\["EPSG",(\d+)\]\]', out.stdout, re.M)
    return count, int(codes[-1]) if codes else None


def read(path: Path):
    return pyogrio.read_dataframe(gdal_path(path))


def all_bytes(path: Path) -> bytes:
    """The file's bytes, or the concatenated members of a zip (a Shapefile's .dbf is inside)."""
    if path.suffix == ".zip":
        with zipfile.ZipFile(path) as archive:
            return b"".join(archive.read(name) for name in archive.namelist())
    return path.read_bytes()


def ogrinfo_features(path: Path) -> subprocess.CompletedProcess:
    """Every feature of the file as Debian's ogrinfo 3.6 (the GDAL of QGIS-era readers) prints it."""
    return subprocess.run(["ogrinfo", "-ro", "-al", gdal_path(path)], capture_output=True, text=True, check=True)
