"""The heatmap as one transparent PNG over the map, from the analytics kernel-density surface.

The surface is computed in Web Mercator (EPSG:3857), the projection Leaflet draws in, so the image
lies exactly on the map as an L.imageOverlay with two corners; a grid in EPSG:4548 would be rotated
by ~0.5° against it. Mercator stretches lengths by k = 1/cos(latitude) (1.30 in Beijing, varying by
under 0.2 % across a district), so the bandwidth is stretched by k and densities per Mercator km²
are multiplied by k² to give cases per real km². A PNG of a few hundred pixels replaces tens of
thousands of points or cells, whatever the number of complaints.
"""

import base64
import io
import math

import numpy as np
from PIL import Image

from layers import crs
from layers.analytics.density import kernel_density
from layers.api.dashboard.selection import filtered
from layers.selectors.dashboard import communities_extent, lonlat

MERCATOR = 3857
# Longest image side: enough for a district on a screen, small enough to send in one answer.
MAX_PIXELS = 640
# YlOrRd (ColorBrewer), light to dark: low density reads as pale, hot as dark red.
LEVELS = 32
RAMP = np.array([[255, 255, 178], [254, 204, 92], [253, 141, 60], [240, 59, 32], [189, 0, 38]], dtype=float)


def colourise(density: np.ndarray, top: float) -> tuple[np.ndarray, list[int]]:
    """Palette indices, rows north first (0 = transparent where the density is 0, then LEVELS steps of
    the ramp by density/top), and the RGBA palette; a paletted PNG is a fraction of an RGBA one (pure)."""
    share = np.clip(density / top, 0.0, 1.0) if top > 0 else np.zeros_like(density)
    index = np.where(density > 0, 1 + np.minimum((share * LEVELS).astype(int), LEVELS - 1), 0).astype(np.uint8)
    position = (np.arange(LEVELS) + 0.5) / LEVELS * (len(RAMP) - 1)
    low = np.floor(position).astype(int).clip(0, len(RAMP) - 2)
    frac = (position - low)[:, None]
    rgb = (RAMP[low] * (1 - frac) + RAMP[low + 1] * frac).round().astype(int)
    alpha = (90 + 150 * (np.arange(LEVELS) + 1) / LEVELS).round().astype(int)
    palette = [0, 0, 0, 0] + [int(v) for r, a in zip(rgb, alpha, strict=True) for v in (*r, a)]
    return index[::-1], palette


def png_data_url(index: np.ndarray, palette: list[int]) -> str:
    image = Image.fromarray(index, "P")
    image.putpalette(palette, rawmode="RGBA")
    buffer = io.BytesIO()
    # No optimize=True: it tries every filter and zlib level, seconds for a few hundred pixels square.
    image.save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def _points(user, q: dict) -> np.ndarray:
    # Fetched straight into numpy: no model rows for tens of thousands of points.
    points = lonlat(filtered(user, q))
    # To Mercator in one vectorised call: ST_Transform point by point cost a third of the query.
    x, y = crs.from_wgs84(points[:, 0], points[:, 1], MERCATOR)
    return np.column_stack([x, y]).reshape(-1, 2)


def heat_image(user, q: dict, bandwidth: float) -> dict:
    """Density of the filtered complaints over the communities' extent as a PNG data URL, its
    bounds [[south, west], [north, east]], the top density (cases per km²) and the point count."""
    extent = communities_extent(MERCATOR)
    xy = _points(user, q)
    empty = {"points": len(xy), "bandwidth_m": bandwidth, "max_per_km2": 0.0, "bounds": None, "image": None}
    if extent is None or not len(xy):
        return empty
    xmin, ymin, xmax, ymax = extent
    _, lat_mid = crs.to_wgs84((xmin + xmax) / 2, (ymin + ymax) / 2, MERCATOR)
    k = 1.0 / math.cos(math.radians(lat_mid))
    cell = max(bandwidth * k / 8.0, max(xmax - xmin, ymax - ymin) / MAX_PIXELS)
    surface = kernel_density(xy[:, 0], xy[:, 1], extent, bandwidth=bandwidth * k, cell=cell)
    density = surface.density * k * k
    top = float(density.max())
    rows, cols = density.shape
    west, south = crs.to_wgs84(surface.x0, surface.y0, MERCATOR)
    east, north = crs.to_wgs84(surface.x0 + cols * cell, surface.y0 + rows * cell, MERCATOR)
    return {
        **empty,
        "max_per_km2": round(top, 2),
        "cell_m": round(cell / k, 1),
        "bounds": [[round(south, 7), round(west, 7)], [round(north, 7), round(east, 7)]],
        "image": png_data_url(*colourise(density, top)),
    }
