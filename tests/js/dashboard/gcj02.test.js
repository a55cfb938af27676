// map_ui/static/map_ui/dashboard/gcj02.js against the reference values of DOMAIN.md (the MIT
// reference implementation, also tests/layers/test_crs.py's); the browser test compares it with
// layers/crs.py to 1e-9 over more points.
import assert from "node:assert/strict";
import { test } from "node:test";

import { fromWgs84, inRoughChina } from "../../../map_ui/static/map_ui/dashboard/gcj02.js";

const EARTH_RADIUS_M = 6371008.8;

function metresBetween([lon1, lat1], [lon2, lat2]) {
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLon = (lon2 - lon1) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.sqrt(h));
}

test("the DOMAIN.md reference point lands where the reference implementation puts it", () => {
  const [lon, lat] = fromWgs84(116.404, 39.915);

  assert.ok(Math.abs(lon - 116.41024449916938) < 1e-9, `lon ${lon}`);
  assert.ok(Math.abs(lat - 39.91640428150164) < 1e-9, `lat ${lat}`);
});

test("points outside the rough China box are returned unchanged", () => {
  for (const point of [
    [2.35, 48.85],
    [72.0039, 30.0],
    [140.0, 35.0],
    [116.4, 56.0],
  ]) {
    assert.equal(inRoughChina(...point), false, String(point));
    assert.deepEqual(fromWgs84(...point), point);
  }
});

test("the box's edges count as inside, as in layers/crs.py", () => {
  assert.equal(inRoughChina(72.004, 0.8293), true);
  assert.equal(inRoughChina(137.8347, 55.8271), true);
  assert.notDeepEqual(fromWgs84(72.004, 0.8293), [72.004, 0.8293]);
});

test("across Wulidian the shift is the 400-700 m Beijing is known for", () => {
  for (let lon = 116.24; lon <= 116.3; lon += 0.01) {
    for (let lat = 39.85; lat <= 39.88; lat += 0.01) {
      const offset = metresBetween([lon, lat], fromWgs84(lon, lat));
      assert.ok(offset > 400 && offset < 700, `${lon}, ${lat}: ${offset} m`);
    }
  }
});
