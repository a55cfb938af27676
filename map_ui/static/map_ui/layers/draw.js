/*
 * Draws the sub-district's own layers on the folium map: each layer's spec, loading (whole, or by
 * view for the many small ones), the layer control, legend and the "what is here?" clicks. A layer
 * that fails to load leaves a notice instead of breaking the map. The map starts on the whole
 * sub-district with the calm layer set of the reader's role (kit.js startsVisible); a layer not
 * shown first loads when it is switched on.
 */
import { getFeatures } from "../http.js";
import { gettext } from "../i18n.js";
import { watchLabels } from "../labels.js";
import { fitStart } from "../start.js";
import { config, display, LAYER_NAMES, map, reportLayerError, startsVisible } from "./kit.js";
import { locate } from "./locate.js";
import { bindFeature } from "./popups.js";
import { addHatchPatterns, followLayers, Legend, styles } from "./styles.js";

// Buildings and grid codes only make sense at street level; estate names from one zoom before.
const DETAIL_ZOOM = 17;
const ESTATE_LABEL_ZOOM = 16;
const PAGE_SIZE = "5000";
// Names of the optional tile layers (map_ui/maps.py TileLayerRef.label_key).
const TILE_LAYER_NAMES = {
  tianditu_vec: gettext("天地图矢量"),
  tianditu_cva: gettext("天地图注记"),
  amap: gettext("高德地图（本图层按 GCJ-02 偏移显示）"),
};

// Each layer has its own pane, stacked by zIndex, so the order holds whatever loads first.
// Layers with `bbox` are many and small: they load for the current view, from `minZoom` on.
const SPECS = [
  // The frame: an outline over every fill (heat, hotspots, choropleth), so the edge always shows.
  { id: "subdistrict", zIndex: 465, interactive: false, style: styles.subdistrict },
  {
    id: "communities",
    zIndex: 420,
    style: styles.community,
    fields: ["code", "households", "residents", "floating_population"],
    label: { className: "community-label", text: (props) => props.name },
  },
  { id: "military-zones", zIndex: 430, style: styles.military, fields: ["code", "kind"] },
  {
    id: "housing-projects",
    zIndex: 440,
    // A district holds thousands of estates (1.1 MB for 1,664): load them for the view, like the cells.
    bbox: true,
    minZoom: 13,
    style: styles.estate,
    fields: [
      "code",
      "address",
      "community_name",
      "ownership",
      "owner_units",
      "housing_types",
      "build_year",
      "households",
      "property_company",
      "is_old_estate",
      "renovation",
      "is_military_property",
    ],
    label: { className: "estate-label", text: (props) => props.name },
  },
  // Drawn from the estates' own features (their renovation field): no request of its own.
  { id: "renovation", source: "housing-projects", zIndex: 442, interactive: false, style: styles.renovation },
  {
    id: "grid-cells",
    zIndex: 450,
    bbox: true,
    // From the whole sub-district's view on (the office roles start with their cells); numbers at 17.
    minZoom: 13,
    style: styles.grid,
    fields: ["code", "community", "responsible_party", "grid_worker"],
    // The last three digits are the cell's number inside its community (DB11/T 2157-2023).
    label: { className: "grid-label", text: (props) => (props.code || "").slice(-3) },
  },
  {
    id: "buildings",
    zIndex: 460,
    bbox: true,
    minZoom: DETAIL_ZOOM,
    style: styles.building,
    fields: ["code", "estate_name", "number", "owner_units", "households"],
  },
];

function makeGroup(spec) {
  const pane = `layer-${spec.id}`;
  map.createPane(pane).style.zIndex = String(spec.zIndex);
  spec.pane = pane;
  spec.seen = new Set();
  spec.features = [];
  const group = L.geoJSON(null, {
    pane,
    className: pane,
    interactive: spec.interactive !== false,
    style: spec.style,
    // Through display at each call: the dashboard swaps in the GCJ-02 shift for AMap.
    coordsToLatLng: (coords) => display.toLatLng(coords[0], coords[1]),
    onEachFeature: (feature, layer) => bindFeature(spec, feature, layer, group),
  });
  return group;
}

// Labels in priority order: the larger places first, so a community's name is never hidden by a cell's number.
const LABEL_SELECTORS = [".community-label", ".estate-label", ".grid-label"];

// Specs drawn from another spec's features (renovation from the estates), by source id.
function derivedOf(spec) {
  return SPECS.filter((other) => other.source === spec.id);
}

function addFeatures(spec, group, features) {
  const fresh = [];
  features.forEach((feature) => {
    // The API keys features by code in `id` and may leave it out of the properties.
    const properties = { code: feature.id, ...(feature.properties || {}) };
    // Features loaded by an earlier view are not drawn twice.
    if (!spec.seen.has(properties.code)) {
      spec.seen.add(properties.code);
      fresh.push({ ...feature, properties });
    }
  });
  spec.features.push(...fresh);
  group.addData({ type: "FeatureCollection", features: fresh });
  derivedOf(spec).forEach((derived) => {
    const drawn = fresh.filter((feature) => derived.style(feature));
    derived.features.push(...drawn);
    derived.group.addData({ type: "FeatureCollection", features: drawn });
  });
}

// Draws every loaded feature again, e.g. after the display shift changed with the base map.
function redrawAll(groups) {
  SPECS.forEach((spec, index) => {
    groups[index].clearLayers();
    groups[index].addData({ type: "FeatureCollection", features: spec.features });
  });
}

function fetchFeatures(layerId, bbox, signal) {
  const params = new URLSearchParams({ page_size: PAGE_SIZE });
  if (bbox) {
    params.set("bbox", bbox);
  }
  return getFeatures(`${config.layersUrl}${layerId}/?${params}`, signal);
}

async function loadWhole(spec, group) {
  try {
    addFeatures(spec, group, await fetchFeatures(spec.id));
  } catch (error) {
    reportLayerError(LAYER_NAMES[spec.id], error);
  }
}

function bboxParam(bounds) {
  return [bounds.getWest(), bounds.getSouth(), bounds.getEast(), bounds.getNorth()]
    .map((value) => value.toFixed(6))
    .join(",");
}

// Shown, or feeding a layer that is (the estates feed the renovation layer).
function wanted(spec, group) {
  return map.hasLayer(group) || derivedOf(spec).some((derived) => map.hasLayer(derived.group));
}

function viewLoader(spec, group) {
  const loadedBoxes = [];
  let controller = null;
  return async function loadView() {
    const visible = map.getZoom() >= spec.minZoom;
    map.getPane(spec.pane).style.display = visible ? "" : "none";
    derivedOf(spec).forEach((derived) => (map.getPane(derived.pane).style.display = visible ? "" : "none"));
    const view = map.getBounds();
    if (!visible || !wanted(spec, group) || loadedBoxes.some((box) => box.contains(view))) {
      return;
    }
    // A margin around the view saves a request for every small pan.
    const box = view.pad(0.25);
    if (controller) {
      controller.abort();
    }
    controller = new AbortController();
    try {
      addFeatures(spec, group, await fetchFeatures(spec.id, bboxParam(box), controller.signal));
      loadedBoxes.push(box);
    } catch (error) {
      if (error.name !== "AbortError") {
        reportLayerError(LAYER_NAMES[spec.id], error);
      }
    }
  };
}

function updateLabelVisibility() {
  const zoom = map.getZoom();
  const container = map.getContainer();
  container.classList.toggle("show-grid-labels", zoom >= DETAIL_ZOOM);
  container.classList.toggle("show-estate-labels", zoom >= ESTATE_LABEL_ZOOM);
}

function addLayerControl(groups) {
  const overlays = {};
  SPECS.forEach((spec, index) => {
    overlays[LAYER_NAMES[spec.id]] = groups[index];
  });
  const baseLayers = {};
  config.tileLayers.forEach((ref) => {
    const layer = window[ref.variable];
    if (layer) {
      (ref.base ? baseLayers : overlays)[TILE_LAYER_NAMES[ref.label_key] || ref.label_key] = layer;
    }
  });
  if (Object.keys(baseLayers).length) {
    baseLayers[gettext("无底图（离线）")] = L.layerGroup();
  }
  // Folded on every screen: one button, so the first view is the map; it opens on hover or tap.
  const control = L.control.layers(baseLayers, overlays, { collapsed: true, position: "topright" }).addTo(map);
  const toggle = control.getContainer().querySelector(".leaflet-control-layers-toggle");
  if (toggle) {
    toggle.title = gettext("图层");
    toggle.setAttribute("aria-label", gettext("图层"));
  }
  return control;
}

// A layer's first load: at start when it shows, else when it is first switched on.
function loadLayer(spec, group) {
  if (spec.source) {
    const source = SPECS.find((other) => other.id === spec.source);
    map.on("overlayadd", (event) => event.layer === group && source.loadView && source.loadView());
    return Promise.resolve();
  }
  if (spec.bbox) {
    const loadView = viewLoader(spec, group);
    spec.loadView = loadView;
    map.on("moveend", loadView);
    map.on("overlayadd", (event) => event.layer === group && loadView());
    return loadView();
  }
  if (map.hasLayer(group)) {
    return loadWhole(spec, group);
  }
  let loading = null;
  map.on("overlayadd", (event) => {
    if (event.layer === group && !loading) {
      loading = loadWhole(spec, group);
    }
  });
  return Promise.resolve();
}

/**
 * Draws the layers and wires the map; what the dashboard builds on: the groups by layer id, the
 * layer control, the legend's box, a promise of the first drawing and redraw() for a new display.
 */
export function drawLayers() {
  // Leaflet's prefix links to leafletjs.com, a dead link on a closed network; the credit stays.
  if (map.attributionControl) {
    map.attributionControl.setPrefix("Leaflet");
  }
  // Metric only: folium's scale bar would add feet and miles.
  L.control.scale({ imperial: false }).addTo(map);
  addHatchPatterns();
  // The whole sub-district first, on any screen; the view's layers then load for it.
  fitStart(map, config.startBounds, display.toLatLng);
  const groups = SPECS.map(makeGroup);
  SPECS.forEach((spec, index) => {
    spec.group = groups[index];
    if (startsVisible(spec.id)) {
      groups[index].addTo(map);
    }
  });
  const loads = SPECS.map((spec, index) => loadLayer(spec, groups[index]));
  const refreshLabels = watchLabels(map, LABEL_SELECTORS);
  map.on("zoomend", updateLabelVisibility);
  updateLabelVisibility();
  const layerControl = addLayerControl(groups);
  const legend = new Legend().addTo(map);
  followLayers(legend.getContainer(), Object.fromEntries(SPECS.map((spec, index) => [spec.id, groups[index]])));
  // A feature's popup stops its click from reaching the map, so features ask as well.
  map.on("click", (event) => locate(event.latlng));
  groups.forEach((group) => group.on("click", (event) => locate(event.latlng)));
  document.getElementById("locate-center").addEventListener("click", () => locate(map.getCenter()));
  const ready = Promise.allSettled(loads);
  // Lets tests and monitoring know the first drawing is done, successful or not.
  ready.then(() => {
    refreshLabels();
    document.documentElement.dataset.layersState = "ready";
  });
  return {
    groups: Object.fromEntries(SPECS.map((spec, index) => [spec.id, groups[index]])),
    layerControl,
    legend: legend.getContainer(),
    ready,
    redraw: () => redrawAll(groups),
  };
}
