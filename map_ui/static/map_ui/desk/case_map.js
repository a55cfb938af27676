/*
 * The case page's small map: the point, its grid cell and its estate, drawn from our own data with
 * Leaflet (window.L, a classic script loaded before the modules) and no base tiles, so it works on a
 * closed network.
 */

export function drawCaseMap(container, place) {
  if (!place.point && !place.cell) {
    container.hidden = true;
    return;
  }
  const map = L.map(container, { attributionControl: false, zoomSnap: 0.25 });
  const shapes = [];
  if (place.cell) {
    shapes.push(L.geoJSON(place.cell, { style: { color: "#1f3a5f", weight: 2, fillColor: "#eef2f7", fillOpacity: 0.6 } }));
  }
  if (place.estate) {
    shapes.push(L.geoJSON(place.estate, { style: { color: "#7a4b00", weight: 2, dashArray: "5 3", fill: false } }));
  }
  if (place.point) {
    const [lon, lat] = place.point.coordinates;
    shapes.push(L.circleMarker([lat, lon], { radius: 7, color: "#fff", weight: 2, fillColor: "#b2182b", fillOpacity: 1 }));
  }
  const group = L.featureGroup(shapes).addTo(map);
  map.fitBounds(group.getBounds(), { padding: [16, 16], maxZoom: 18 });
  document.documentElement.dataset.caseMap = "ready";
}
