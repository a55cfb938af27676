/*
 * Map overlays that follow the filter: the kernel-density heatmap (one PNG from the server), the Gi*
 * hot/cold grid cells (only significant cells are sent), and the 协商议事 topics (not filtered).
 * Each is a check box in the layer control and explained in the side panel's legend while it shows.
 * An overlay not in the role's first view (kit.js startsVisible) asks the server nothing until it
 * is switched on, and then for the current filter.
 */
import { el } from "../dom.js";
import { getFeatures } from "../http.js";
import { gettext, interpolate } from "../i18n.js";
import { config, map, startsVisible } from "../layers/kit.js";
import { swatch } from "../layers/styles.js";
import { api, dashNumber, guard, onDisplay, onFilters, openUnit, toLatLng } from "./hub.js";

const HOTSPOT_NAMES = {
  hot_99: gettext("热点 99%"),
  hot_95: gettext("热点 95%"),
  hot_90: gettext("热点 90%"),
  cold_90: gettext("冷点 90%"),
  cold_95: gettext("冷点 95%"),
  cold_99: gettext("冷点 99%"),
};

/** Adds the overlays to the layer control, and to the map those of the first view. */
export function addOverlays(layerControl) {
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
      block = el("div", { class: "legend-block", "data-legend": key });
      legendBox.append(block);
    }
    return block;
  }

  /* ---------- heatmap ---------- */

  // Between the estates (440) and the grid cells (450); never catches clicks.
  const heatPane = pane("dash-heat", 445);
  const heatGroup = L.layerGroup();
  let heatData = null;

  function drawHeat() {
    heatGroup.clearLayers();
    if (!heatData || !heatData.image || !heatData.bounds) {
      return;
    }
    const [[south, west], [north, east]] = heatData.bounds;
    const bounds = L.latLngBounds(toLatLng(west, south), toLatLng(east, north));
    heatGroup.addLayer(L.imageOverlay(heatData.image, bounds, { pane: heatPane, opacity: 0.8, className: "dash-heat-image" }));
  }

  function heatLegend() {
    const block = legendBlock("heat");
    const top = heatData ? heatData.max_per_km2 : null;
    const bar = el("span", { class: "heat-bar", style: `background: linear-gradient(to right, ${HEAT_RAMP.join(", ")})` });
    block.replaceChildren(el("h3", {}, [interpolate(gettext("诉求热力（件/平方公里，最高 %(max)s）"), { max: dashNumber(top, 1) })]), bar);
    block.dataset.points = heatData ? String(heatData.points) : "";
  }

  async function loadHeat(params, signal) {
    heatData = await guard("heat", api("heat/", {}, signal));
    drawHeat();
    heatLegend();
  }

  /* ---------- hotspots ---------- */

  const hotspotPane = pane("dash-hotspots", 447);
  let hotspotData = null;
  const hotspotGroup = L.geoJSON(null, {
    pane: hotspotPane,
    coordsToLatLng: (coords) => toLatLng(coords[0], coords[1]),
    style: (feature) => {
      const colour = HOTSPOT_COLOURS[feature.properties.class] || "#999999";
      return { color: colour, weight: 1.5, fillColor: colour, fillOpacity: 0.55, className: `dash-hotspot hotspot-${feature.properties.class}` };
    },
    onEachFeature: (feature, layer) => {
      const props = feature.properties;
      layer.bindTooltip(el("span", {}, [`${feature.id} · ${HOTSPOT_NAMES[props.class]} · z=${props.gi_z.toFixed(2)} · ${props.count}`]));
      layer.on("click", (event) => {
        L.DomEvent.stopPropagation(event);
        openUnit("grid-cells", feature.id);
      });
    },
  });

  function drawHotspots() {
    hotspotGroup.clearLayers();
    if (hotspotData && Array.isArray(hotspotData.features)) {
      hotspotGroup.addData(hotspotData);
    }
  }

  function hotspotLegend() {
    const block = legendBlock("hotspots");
    const list = el("ul");
    Object.entries(HOTSPOT_COLOURS).forEach(([key, colour]) => {
      const count = hotspotData && hotspotData.classes ? hotspotData.classes[key] : null;
      const style = { color: colour, weight: 1.5, fillColor: colour, fillOpacity: 0.55 };
      list.append(el("li", { "data-class": key }, [swatch(style), el("span", {}, [interpolate(gettext("%(name)s（%(count)s）"), { name: HOTSPOT_NAMES[key], count: dashNumber(count) })])]));
    });
    const classes = (hotspotData && hotspotData.classes) || {};
    const sum = (prefix) => Object.entries(classes).filter(([key]) => key.startsWith(prefix)).reduce((a, [, n]) => a + n, 0);
    const summary = interpolate(gettext("%(units)s 个网格中：热点 %(hot)s 个，冷点 %(cold)s 个"), {
      units: dashNumber(hotspotData ? hotspotData.units : null),
      hot: dashNumber(sum("hot")),
      cold: dashNumber(sum("cold")),
    });
    block.replaceChildren(el("h3", {}, [gettext("热点分析（Gi*，FDR 校正）")]), el("p", { class: "hotspot-summary" }, [summary]), list);
  }

  async function loadHotspots(params, signal) {
    hotspotData = await guard("hotspots", api("hotspots/", { level: "grid-cells" }, signal));
    drawHotspots();
    hotspotLegend();
  }

  /* ---------- topics ---------- */

  const topicPane = pane("dash-topics", 470);
  let topicFeatures = [];
  const topicGroup = L.geoJSON(null, {
    pane: topicPane,
    coordsToLatLng: (coords) => toLatLng(coords[0], coords[1]),
    style: () => ({ color: TOPIC_COLOUR, weight: 3, dashArray: "8 4", fillColor: TOPIC_COLOUR, fillOpacity: 0.12, className: "dash-topic" }),
    onEachFeature: (feature, layer) => {
      const props = feature.properties;
      const code = feature.id || props.code;
      layer.bindPopup(() =>
        el("div", { class: "feature-popup topic-popup" }, [
          el("h3", {}, [props.title || code]),
          el("p", {}, [[props.kind_label, props.status_label].filter(Boolean).join(" · ")]),
          el("p", {}, [interpolate(gettext("关联诉求 %(n)s 件，会议 %(m)s 次"), { n: props.complaint_count || 0, m: props.meeting_count || 0 })]),
          el("a", { href: `${config.topicPageUrl}${encodeURIComponent(code)}/` }, [gettext("查看议题")]),
        ]),
      );
    },
  });

  async function loadTopics() {
    const features = await guard("topics", getFeatures(`${config.topicsUrl}?page_size=2000`));
    topicFeatures = (features || []).filter((feature) => feature.geometry);
    topicGroup.clearLayers();
    topicGroup.addData({ type: "FeatureCollection", features: topicFeatures });
  }

  /* ---------- wiring ---------- */

  // Loads with the filter while shown; a filter changed while hidden is fetched when it shows again.
  function whileShown(group, load, block) {
    let stale = true;
    onFilters((params, signal) => {
      if (!map.hasLayer(group)) {
        stale = true;
        return null;
      }
      stale = false;
      return load(params, signal);
    });
    map.on("overlayadd overlayremove", (event) => {
      if (event.layer !== group) {
        return;
      }
      if (block) {
        legendBlock(block).hidden = event.type === "overlayremove";
      }
      if (event.type === "overlayadd" && stale) {
        stale = false;
        load();
      }
    });
  }

  const overlays = [
    ["heat", heatGroup, gettext("诉求热力图"), loadHeat],
    ["hotspots", hotspotGroup, gettext("热点/冷点网格"), loadHotspots],
    ["topics", topicGroup, gettext("协商议事议题"), loadTopics],
  ];
  overlays.forEach(([key, group, name, load]) => {
    if (startsVisible(key)) {
      group.addTo(map);
    }
    layerControl.addOverlay(group, name);
    // Topics follow no filter: loaded once, when they first show.
    whileShown(group, key === "topics" ? () => (topicFeatures.length ? null : load()) : load, key === "topics" ? null : key);
  });
  onDisplay(() => {
    drawHeat();
    drawHotspots();
    topicGroup.clearLayers();
    topicGroup.addData({ type: "FeatureCollection", features: topicFeatures });
  });
}
