/*
 * The start view every page's map shares: the sub-district's extent (map_ui/start_view.py), fitted
 * with a margin on whatever screen, never a fixed centre and zoom, which cut the east of the
 * sub-district off on a laptop and showed a quarter of it on a phone.
 */

// Pixels kept free around the sub-district: its boundary never runs under the map's edge.
export const START_PADDING = 16;

/**
 * Fit `map` to `bounds` ([[south, west], [north, east]], WGS84) placed through `toLatLng(lng, lat)`
 * (the display shift of a GCJ-02 base map); false when there are no bounds (an empty database).
 */
export function fitStart(map, bounds, toLatLng = (lng, lat) => L.latLng(lat, lng)) {
  if (!bounds) {
    return false;
  }
  const [[south, west], [north, east]] = bounds;
  const box = L.latLngBounds(toLatLng(west, south), toLatLng(east, north));
  map.fitBounds(box, { padding: [START_PADDING, START_PADDING], animate: false });
  return true;
}
