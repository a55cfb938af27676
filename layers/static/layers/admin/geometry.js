// Draws each admin geometry (GeoJSON in the text area) on a tile-less Leaflet map: offline by design.
(function () {
  "use strict";
  function draw(box) {
    var text = box.querySelector(".offline-geometry-text");
    var target = box.querySelector(".offline-geometry-map");
    if (!text || !target || !text.value) {
      return;
    }
    var shape;
    try {
      shape = L.geoJSON(JSON.parse(text.value), { style: { color: "#c0392b", weight: 2 } });
    } catch (err) {
      target.textContent = "几何格式无法显示 (geometry cannot be drawn): " + err.message;
      return;
    }
    var map = L.map(target, { attributionControl: false });
    shape.addTo(map);
    map.fitBounds(shape.getBounds(), { maxZoom: 18, padding: [20, 20] });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".offline-geometry").forEach(draw);
  });
})();
