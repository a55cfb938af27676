/*
 * Map overlays that follow the filter: the kernel-density heatmap (one PNG from the server), the Gi*
 * hot/cold grid cells (only significant cells are sent), and the 协商议事 topics (not filtered).
 * Each is a check box in the layer control and explained in the side panel's legend.
 */
(function () {
  "use strict";

  const g = window.geoGov;
  const dash = window.geoGovDash;
  const t = dash.t;
  const map = g.map;
  const legendBox = document.getElementById("dash-legend");

  // ColorBrewer RdBu: red for hot, blue for cold, darker for more confident; safe for red-green blindness.
  const HOTSPOT_COLOURS = {
    hot_99: "#b2182b",
    hot_95: "#ef8a62",
    hot_90: "#fddbc7",
    cold_90: "#d1e5f0",
    cold_95: "#67a9cf",
    cold_99: "#2166ac",
  };
  // Same ramp as layers/api/dashboard/heat.py, for the legend's gradient.
  const HEAT_RAMP = ["#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026"];
  const TOPIC_COLOUR = "#6a3d9a";

  function pane(name, zIndex) {
    map.createPane(name).style.zIndex = String(zIndex);
    return name;
  }

  function legendBlock(key) {
    let block = legendBox.querySelector(`[data-legend="${key}"]`);
    if (!block) {
      block = g.el("div", { class: "legend-block", "data-legend": key });
      legendBox.append(block);
    }
    return block;
  }

  /* ---------- heatmap ---------- */

  // Between the estates (440) and the grid cells (450); never catches clicks.
  const heatPane = pane("dash-heat", 445);
  const heatGroup = L.layerGroup().addTo(map);
  let heatData = null;

  function drawHeat() {
    heatGroup.clearLayers();
    if (!heatData || !heatData.image || !heatData.bounds) {
      return;
    }
    const [[south, west], [north, east]] = heatData.bounds;
    const bounds = L.latLngBounds(dash.toLatLng(west, south), dash.toLatLng(east, north));
    heatGroup.addLayer(L.imageOverlay(heatData.image, bounds, { pane: heatPane, opacity: 0.8, className: "dash-heat-image" }));
  }

  function heatLegend() {
    const block = legendBlock("heat");
    const top = heatData ? heatData.max_per_km2 : null;
    const bar = g.el("span", { class: "heat-bar", style: `background: linear-gradient(to right, ${HEAT_RAMP.join(", ")})` });
    block.replaceChildren(g.el("h3", {}, [g.format(t.heat_legend, { max: dash.formatNumber(top, 1) })]), bar);
    block.dataset.points = heatData ? String(heatData.points) : "";
  }

  async function loadHeat(params, signal) {
    heatData = await dash.guard("heat", dash.api("heat/", {}, signal));
    drawHeat();
    heatLegend();
  }

  /* ---------- hotspots ---------- */

  const hotspotPane = pane("dash-hotspots", 447);
  let hotspotData = null;
  const hotspotGroup = L.geoJSON(null, {
    pane: hotspotPane,
    coordsToLatLng: (coords) => dash.toLatLng(coords[0], coords[1]),
    style: (feature) => {
      const colour = HOTSPOT_COLOURS[feature.properties.class] || "#999999";
      return { color: colour, weight: 1.5, fillColor: colour, fillOpacity: 0.55, className: `dash-hotspot hotspot-${feature.properties.class}` };
    },
    onEachFeature: (feature, layer) => {
      const props = feature.properties;
      layer.bindTooltip(g.el("span", {}, [`${feature.id} · ${t.hotspot_classes[props.class]} · z=${props.gi_z.toFixed(2)} · ${props.count}`]));
      layer.on("click", (event) => {
        L.DomEvent.stopPropagation(event);
        dash.openUnit("grid-cells", feature.id);
      });
    },
  }).addTo(map);

  function drawHotspots() {
    hotspotGroup.clearLayers();
    if (hotspotData && Array.isArray(hotspotData.features)) {
      hotspotGroup.addData(hotspotData);
    }
  }

  function hotspotLegend() {
    const block = legendBlock("hotspots");
    const list = g.el("ul");
    Object.entries(HOTSPOT_COLOURS).forEach(([key, colour]) => {
      const count = hotspotData && hotspotData.classes ? hotspotData.classes[key] : null;
      const style = { color: colour, weight: 1.5, fillColor: colour, fillOpacity: 0.55 };
      list.append(g.el("li", { "data-class": key }, [g.swatch(style), g.el("span", {}, [`${t.hotspot_classes[key]}（${dash.formatNumber(count)}）`])]));
    });
    const classes = (hotspotData && hotspotData.classes) || {};
    const sum = (prefix) => Object.entries(classes).filter(([key]) => key.startsWith(prefix)).reduce((a, [, n]) => a + n, 0);
    const summary = g.format(t.hotspot_summary, {
      units: dash.formatNumber(hotspotData ? hotspotData.units : null),
      hot: dash.formatNumber(sum("hot")),
      cold: dash.formatNumber(sum("cold")),
    });
    block.replaceChildren(g.el("h3", {}, [t.hotspot_legend]), g.el("p", { class: "hotspot-summary" }, [summary]), list);
  }

  async function loadHotspots(params, signal) {
    hotspotData = await dash.guard("hotspots", dash.api("hotspots/", { level: "grid-cells" }, signal));
    drawHotspots();
    hotspotLegend();
  }

  /* ---------- topics ---------- */

  const topicPane = pane("dash-topics", 470);
  let topicFeatures = [];
  const topicGroup = L.geoJSON(null, {
    pane: topicPane,
    coordsToLatLng: (coords) => dash.toLatLng(coords[0], coords[1]),
    style: () => ({ color: TOPIC_COLOUR, weight: 3, dashArray: "8 4", fillColor: TOPIC_COLOUR, fillOpacity: 0.12, className: "dash-topic" }),
    onEachFeature: (feature, layer) => {
      const props = feature.properties;
      const code = feature.id || props.code;
      layer.bindPopup(() =>
        g.el("div", { class: "feature-popup topic-popup" }, [
          g.el("h3", {}, [props.title || code]),
          g.el("p", {}, [[props.kind_label, props.status_label].filter(Boolean).join(" · ")]),
          g.el("p", {}, [g.format(t.topic_complaints, { n: props.complaint_count || 0, m: props.meeting_count || 0 })]),
          g.el("a", { href: `${g.config.topicPageUrl}${encodeURIComponent(code)}/` }, [t.topic_open]),
        ]),
      );
    },
  }).addTo(map);

  async function loadTopics() {
    const features = await dash.guard("topics", g.fetchPaged(`${g.config.topicsUrl}?page_size=2000`));
    topicFeatures = (features || []).filter((feature) => feature.geometry);
    topicGroup.clearLayers();
    topicGroup.addData({ type: "FeatureCollection", features: topicFeatures });
  }

  /* ---------- wiring ---------- */

  g.layerControl.addOverlay(heatGroup, t.overlays.heat);
  g.layerControl.addOverlay(hotspotGroup, t.overlays.hotspots);
  g.layerControl.addOverlay(topicGroup, t.overlays.topics);
  dash.onFilters(loadHeat);
  dash.onFilters(loadHotspots);
  dash.onDisplay(() => {
    drawHeat();
    drawHotspots();
    topicGroup.clearLayers();
    topicGroup.addData({ type: "FeatureCollection", features: topicFeatures });
  });
  window.geoGovDash.topicsLoaded = loadTopics();
})();
