/*
 * WGS84 -> GCJ-02, for drawing our layers over AMap tiles (which are GCJ-02, ~500 m off in Beijing).
 * A line-by-line port of layers/crs.py (_gcj_shift, wgs84_to_gcj02); tests compare the two in the
 * browser (tests/map_ui/test_dashboard_browser.py) and against reference values under node
 * (tests/js/dashboard/gcj02.test.js). Display only: every request and every stored coordinate
 * stays WGS84.
 */
const A = 6378245.0;
// Written as in layers/crs.py and the reference implementation; JavaScript reads it as the same double.
// eslint-disable-next-line no-loss-of-precision
const EE = 0.00669342162296594323;
const CHINA_BOX = { west: 72.004, east: 137.8347, south: 0.8293, north: 55.8271 };
const PI = Math.PI;

export function inRoughChina(lon, lat) {
  return lon >= CHINA_BOX.west && lon <= CHINA_BOX.east && lat >= CHINA_BOX.south && lat <= CHINA_BOX.north;
}

function shift(lon, lat) {
  const x = lon - 105.0;
  const y = lat - 35.0;
  const common = 20.0 * Math.sin(6.0 * x * PI) + 20.0 * Math.sin(2.0 * x * PI);
  let dlat = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
  dlat += ((common + 20.0 * Math.sin(y * PI) + 40.0 * Math.sin((y / 3.0) * PI)) * 2.0) / 3.0;
  dlat += ((160.0 * Math.sin((y / 12.0) * PI) + 320.0 * Math.sin((y * PI) / 30.0)) * 2.0) / 3.0;
  let dlon = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
  dlon += ((common + 20.0 * Math.sin(x * PI) + 40.0 * Math.sin((x / 3.0) * PI)) * 2.0) / 3.0;
  dlon += ((150.0 * Math.sin((x / 12.0) * PI) + 300.0 * Math.sin((x / 30.0) * PI)) * 2.0) / 3.0;
  const radlat = (lat / 180.0) * PI;
  const magic = 1 - EE * Math.sin(radlat) ** 2;
  const sqrtmagic = Math.sqrt(magic);
  dlat = (dlat * 180.0) / (((A * (1 - EE)) / (magic * sqrtmagic)) * PI);
  dlon = (dlon * 180.0) / ((A / sqrtmagic) * Math.cos(radlat) * PI);
  return [dlon, dlat];
}

// [lon, lat] in GCJ-02; points outside the China box are returned unchanged, as in layers/crs.py.
export function fromWgs84(lon, lat) {
  if (!inRoughChina(lon, lat)) {
    return [lon, lat];
  }
  const [dlon, dlat] = shift(lon, lat);
  return [lon + dlon, lat + dlat];
}
