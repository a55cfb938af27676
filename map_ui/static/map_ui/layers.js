/*
 * Draws the sub-district's own layers on the folium map: legend, layer control, popups and a
 * "what is here?" look-up on click. Every request goes to our own origin (closed networks), and a
 * layer that fails to load leaves a notice instead of breaking the map.
 * Configuration and all user-visible words come from the page (#map-config, map_ui/i18n.py).
 */
(function () {
  "use strict";

  const config = JSON.parse(document.getElementById("map-config").textContent);
  const t = config.labels;
  const map = window[config.mapVariable];
  // How our WGS84 coordinates are placed on the map: as they are, unless the base map needs a
  // display shift (AMap's GCJ-02, see dashboard/gcj02.js). Data and requests stay WGS84.
  const display = { toLatLng: (lng, lat) => L.latLng(lat, lng) };

  // Ownership, the main question per estate, in ColorBrewer Dark2: its 3 classes survive colour blindness.
  const COLOURS = {
    subdistrict: "#b2182b",
    community: "#2166ac",
    ownership: { single: "#1b9e77", multi: "#d95f02", private: "#7570b3" },
    unknownOwnership: "#8c8c8c",
    hatch: "#1a1a1a",
    military: { unit: "#4d5b23", property: "#a6761d" },
    grid: "#525252",
    building: "#404040",
  };
  // Buildings and grid codes only make sense at street level; estate names from one zoom before.
  const DETAIL_ZOOM = 17;
  const ESTATE_LABEL_ZOOM = 16;
  const PAGE_SIZE = "5000";
  const SVG_NS = "http://www.w3.org/2000/svg";

  function format(template, values) {
    return template.replace(/\{(\w+)\}/g, (match, key) => (key in values ? values[key] : match));
  }

  // DOM built from text nodes only: names in the data never become markup.
  function el(tag, attrs, children) {
    const node = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([name, value]) => node.setAttribute(name, value));
    (children || []).forEach((child) => node.append(child));
    return node;
  }

  function svgEl(tag, attrs) {
    const node = document.createElementNS(SVG_NS, tag);
    Object.entries(attrs || {}).forEach(([name, value]) => node.setAttribute(name, String(value)));
    return node;
  }

  /* ---------- notices ---------- */

  // One notice lists every layer that failed, so a missing API does not bury the map in boxes.
  const noticeBox = document.getElementById("map-notices");
  const layerFailures = new Map();
  let layerNotice = null;

  function showLayerFailures() {
    const items = [...layerFailures].map(([layer, status]) => format(t.layer_failure, { layer, status }));
    const text = format(t.layers_unavailable, { layers: items.join(t.list_separator) });
    if (!layerNotice) {
      const close = el("button", { type: "button", "aria-label": t.dismiss }, ["×"]);
      layerNotice = el("div", { class: "map-notice" }, [el("p"), close]);
      close.addEventListener("click", () => {
        layerNotice.remove();
        layerNotice = null;
        layerFailures.clear();
      });
      // First in the box, whichever failed first: the dashboard's figures (preloaded) often answer first.
      noticeBox.prepend(layerNotice);
    }
    layerNotice.querySelector("p").textContent = text;
  }

  /* ---------- fetching ---------- */

  class HttpError extends Error {
    constructor(status) {
      super(`HTTP ${status}`);
      this.status = status;
    }
  }

  // Only the path and query of a `next` link are followed: behind a proxy the API may build it
  // with an internal host name, and the page must never talk to another origin anyway.
  function sameOriginPath(url) {
    const parsed = new URL(url, window.location.href);
    return parsed.pathname + parsed.search;
  }

  async function getJson(url, signal) {
    const response = await fetch(sameOriginPath(url), {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
      signal,
    });
    if (!response.ok) {
      throw new HttpError(response.status);
    }
    return response.json();
  }

  async function fetchFeatures(layerId, bbox, signal) {
    const params = new URLSearchParams({ page_size: PAGE_SIZE });
    if (bbox) {
      params.set("bbox", bbox);
    }
    return fetchPaged(`${config.layersUrl}${layerId}/?${params}`, signal);
  }

  // Every page of a paginated GeoJSON answer, following `next`.
  async function fetchPaged(url, signal) {
    let next = url;
    const features = [];
    while (next) {
      const page = await getJson(next, signal);
      features.push(...(page.features || []));
      next = page.next;
    }
    return features;
  }

  function describeError(error) {
    return error instanceof HttpError ? error.message : t.network_error;
  }

  /* ---------- styles ---------- */

  function ownershipKey(ownership) {
    return ownership in COLOURS.ownership ? ownership : "unknown";
  }

  function ownershipColour(ownership) {
    return COLOURS.ownership[ownership] || COLOURS.unknownOwnership;
  }

  function estateStyle(feature) {
    const props = feature.properties;
    if (props.is_military_property) {
      // Military-property estates keep their ownership colour under a dark hatch and outline.
      return {
        color: COLOURS.hatch,
        weight: 2.5,
        fillColor: `url(#hatch-${ownershipKey(props.ownership)})`,
        fillOpacity: 0.75,
      };
    }
    const colour = ownershipColour(props.ownership);
    return { color: colour, weight: 1.5, fillColor: colour, fillOpacity: 0.45 };
  }

  function militaryStyle(feature) {
    const colour = COLOURS.military[feature.properties.kind] || COLOURS.military.unit;
    return { color: colour, weight: 1.5, dashArray: "6 4", fillColor: colour, fillOpacity: 0.3 };
  }

  // Leaflet writes fillColor straight into the SVG fill attribute, so url(#hatch-...) works.
  function addHatchPatterns() {
    const svg = svgEl("svg", { class: "hatch-defs", "aria-hidden": "true", focusable: "false" });
    const defs = svgEl("defs");
    const fills = { ...COLOURS.ownership, unknown: COLOURS.unknownOwnership };
    Object.entries(fills).forEach(([key, colour]) => {
      const pattern = svgEl("pattern", {
        id: `hatch-${key}`,
        patternUnits: "userSpaceOnUse",
        width: 8,
        height: 8,
        patternTransform: "rotate(45)",
      });
      pattern.append(svgEl("rect", { width: 8, height: 8, fill: colour }));
      pattern.append(svgEl("line", { x1: 1, y1: 0, x2: 1, y2: 8, stroke: COLOURS.hatch, "stroke-width": 2.5 }));
      defs.append(pattern);
    });
    svg.append(defs);
    document.body.append(svg);
  }

  /* ---------- popups and labels ---------- */

  function yesNo(value) {
    return value ? t.yes : t.no;
  }

  function list(values, labels) {
    const items = (values || []).map((value) => (labels && labels[value]) || value);
    return items.length ? items.join(t.list_separator) : t.none;
  }

  const FORMATTERS = {
    ownership: (value) => t.ownership[value] || value,
    housing_types: (value) => list(value, t.housing_types),
    owner_units: (value) => list(value),
    kind: (value) => t.military_kind[value] || value,
    renovation: (value) => t.renovation[value] || value,
    is_old_estate: yesNo,
    is_military_property: yesNo,
    property_company: (value) => value || t.no_property_company,
    households: (value) => Number(value).toLocaleString(t.html_lang),
    residents: (value) => Number(value).toLocaleString(t.html_lang),
    floating_population: (value) => Number(value).toLocaleString(t.html_lang),
  };

  function formatValue(field, value) {
    if (field in FORMATTERS) {
      return String(FORMATTERS[field](value));
    }
    return value === null || value === undefined || value === "" ? t.none : String(value);
  }

  function popupTitle(layerId, props) {
    if (props.name) {
      return props.name_is_placeholder ? `${props.name} ${t.placeholder_name}` : props.name;
    }
    if (layerId === "buildings") {
      return format(t.building_title, { estate: props.estate_name || "", number: props.number });
    }
    return `${t.layers[layerId]} ${props.code}`;
  }

  function definitionList(rows) {
    const list = el("dl");
    rows.forEach(([term, value]) => list.append(el("dt", {}, [term]), el("dd", {}, [value])));
    return list;
  }

  function popupContent(spec, props) {
    const rows = spec.fields
      .filter((field) => field in props)
      .map((field) => [t.fields[field] || field, formatValue(field, props[field])]);
    return el("div", { class: "feature-popup" }, [el("h3", {}, [popupTitle(spec.id, props)]), definitionList(rows)]);
  }

  // The first ring of the (multi)polygon, the shape Leaflet's own getCenter() uses.
  function outerRing(layer) {
    let ring = layer.getLatLngs();
    while (Array.isArray(ring[0])) {
      ring = ring[0];
    }
    return ring;
  }

  // Labels are non-interactive markers, not permanent tooltips: a tooltip measures its own size
  // (offsetWidth) as it opens, which forces a layout for each of a district's ~1,500 labels (0.6 s
  // of a first load in Chromium's profiler); a marker is placed by a transform and never measured.
  // The label lives in the feature's group, so it follows the layer switch and redraws.
  function addLabel(spec, group, layer, text) {
    const ring = outerRing(layer);
    if (!ring.length) {
      return;
    }
    // Centred on the anchor point, whatever the text's width (Leaflet's transform is on the anchor).
    const centred = "position: absolute; transform: translate(-50%, -50%); white-space: nowrap; padding: 0 0.25rem";
    const span = el("span", { class: `map-label ${spec.label.className}`, style: centred }, [text]);
    const icon = L.divIcon({ className: "map-label-anchor", html: span, iconSize: null });
    const center = L.PolyUtil.polygonCenter(ring, L.CRS.EPSG3857);
    group.addLayer(L.marker(center, { icon, interactive: false, keyboard: false, pane: "tooltipPane" }));
  }

  function bindFeature(spec, feature, layer, group) {
    if (spec.fields) {
      layer.bindPopup(() => popupContent(spec, feature.properties));
    }
    if (spec.label) {
      const text = spec.label.text(feature.properties);
      if (text) {
        addLabel(spec, group, layer, text);
      }
    }
  }

  /* ---------- layers ---------- */

  // Bottom to top; each layer has its own pane so the stacking holds whatever loads first.
  // Layers with `bbox` are many and small: they load for the current view, from `minZoom` on.
  const SPECS = [
    {
      id: "subdistrict",
      zIndex: 410,
      interactive: false,
      style: () => ({ color: COLOURS.subdistrict, weight: 4, fill: false }),
    },
    {
      id: "communities",
      zIndex: 420,
      style: () => ({ color: COLOURS.community, weight: 2, fillColor: COLOURS.community, fillOpacity: 0.04 }),
      fields: ["code", "households", "residents", "floating_population"],
      label: { className: "community-label", text: (props) => props.name },
    },
    {
      id: "military-zones",
      zIndex: 430,
      style: militaryStyle,
      fields: ["code", "kind"],
    },
    {
      id: "housing-projects",
      zIndex: 440,
      // A district holds thousands of estates (1.1 MB for 1,664): load them for the view, like the cells.
      bbox: true,
      minZoom: 13,
      style: estateStyle,
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
    {
      id: "grid-cells",
      zIndex: 450,
      bbox: true,
      minZoom: 15,
      style: () => ({ color: COLOURS.grid, weight: 0.8, fill: false }),
      fields: ["code", "community", "responsible_party", "grid_worker"],
      // The last three digits are the cell's number inside its community (DB11/T 2157-2023).
      label: { className: "grid-label", text: (props) => (props.code || "").slice(-3) },
    },
    {
      id: "buildings",
      zIndex: 460,
      bbox: true,
      minZoom: DETAIL_ZOOM,
      style: () => ({ color: COLOURS.building, weight: 1, fillColor: "#9e9e9e", fillOpacity: 0.6 }),
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
      coordsToLatLng: (coords) => display.toLatLng(coords[0], coords[1]),
      onEachFeature: (feature, layer) => bindFeature(spec, feature, layer, group),
    });
    return group;
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
  }

  // Draws every loaded feature again, e.g. after the display shift changed with the base map.
  function redrawAll(groups) {
    SPECS.forEach((spec, index) => {
      groups[index].clearLayers();
      groups[index].addData({ type: "FeatureCollection", features: spec.features });
    });
  }

  function reportLayerError(spec, error) {
    layerFailures.set(t.layers[spec.id], describeError(error));
    showLayerFailures();
  }

  async function loadWhole(spec, group) {
    try {
      addFeatures(spec, group, await fetchFeatures(spec.id));
    } catch (error) {
      reportLayerError(spec, error);
    }
  }

  function bboxParam(bounds) {
    return [bounds.getWest(), bounds.getSouth(), bounds.getEast(), bounds.getNorth()]
      .map((value) => value.toFixed(6))
      .join(",");
  }

  function viewLoader(spec, group) {
    const loadedBoxes = [];
    let controller = null;
    return async function loadView() {
      const visible = map.getZoom() >= spec.minZoom;
      map.getPane(spec.pane).style.display = visible ? "" : "none";
      const view = map.getBounds();
      if (!visible || !map.hasLayer(group) || loadedBoxes.some((box) => box.contains(view))) {
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
          reportLayerError(spec, error);
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

  /* ---------- legend and layer control ---------- */

  function narrowScreen() {
    return window.matchMedia("(max-width: 48rem)").matches;
  }

  function swatch(style, line) {
    const svg = svgEl("svg", { width: 28, height: 16, viewBox: "0 0 28 16", "aria-hidden": "true", focusable: "false" });
    const dash = style.dashArray || "none";
    if (line) {
      svg.append(svgEl("line", { x1: 1, y1: 8, x2: 27, y2: 8, stroke: style.color, "stroke-width": style.weight, "stroke-dasharray": dash }));
    } else {
      svg.append(
        svgEl("rect", {
          x: 1.5,
          y: 1.5,
          width: 25,
          height: 13,
          fill: style.fillColor,
          "fill-opacity": Math.max(style.fillOpacity, 0.3),
          stroke: style.color,
          "stroke-width": Math.min(style.weight, 2),
          "stroke-dasharray": dash,
        }),
      );
    }
    return svg;
  }

  function legendGroup(title, items) {
    const list = el("ul");
    items.forEach(([style, text, line]) => list.append(el("li", {}, [swatch(style, line), el("span", {}, [text])])));
    return title ? [el("h3", { class: "legend-group" }, [title]), list] : [list];
  }

  function legendContent() {
    const sample = (props) => ({ properties: props });
    const estates = Object.keys(COLOURS.ownership).map((key) => [estateStyle(sample({ ownership: key })), t.ownership[key]]);
    estates.push([estateStyle(sample({ ownership: "single", is_military_property: true })), t.legend_items.military_property_estate]);
    const zones = Object.keys(COLOURS.military).map((kind) => [militaryStyle(sample({ kind })), t.military_kind[kind]]);
    const styleOf = (id) => SPECS.find((spec) => spec.id === id).style();
    const outlines = [
      [styleOf("subdistrict"), t.legend_items.subdistrict, true],
      [styleOf("communities"), t.legend_items.communities, true],
      [styleOf("grid-cells"), t.legend_items["grid-cells"], true],
      [styleOf("buildings"), t.legend_items.buildings],
    ];
    return [
      ...legendGroup(null, outlines),
      ...legendGroup(t.layers["housing-projects"], estates),
      ...legendGroup(t.layers["military-zones"], zones),
    ];
  }

  // A disclosure, so that on a small screen the legend can be folded away from the map.
  const Legend = L.Control.extend({
    options: { position: "bottomright" },
    onAdd() {
      const box = L.DomUtil.create("details", "map-legend");
      box.open = !narrowScreen();
      box.append(el("summary", {}, [t.legend]));
      legendContent().forEach((node) => box.append(node));
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      return box;
    },
  });

  function addLayerControl(groups) {
    const overlays = {};
    SPECS.forEach((spec, index) => {
      overlays[t.layers[spec.id]] = groups[index];
    });
    const baseLayers = {};
    config.tileLayers.forEach((ref) => {
      const layer = window[ref.variable];
      if (layer) {
        (ref.base ? baseLayers : overlays)[t[ref.label_key]] = layer;
      }
    });
    if (Object.keys(baseLayers).length) {
      baseLayers[t.no_base_map] = L.layerGroup();
    }
    return L.control.layers(baseLayers, overlays, { collapsed: narrowScreen(), position: "topright" }).addTo(map);
  }

  /* ---------- what is here? ---------- */

  const locateBox = document.getElementById("locate-result");
  let locateMarker = null;
  let locateController = null;

  function placeText(place) {
    const name = place.name && place.name !== place.code ? place.name : "";
    const nodes = name ? [name, " "] : [];
    return el("span", {}, [...nodes, el("span", { class: "code" }, [place.code || ""])]);
  }

  function showLocation(answer, latlng) {
    const rows = [[t.locate_point, `${latlng.lng.toFixed(6)}, ${latlng.lat.toFixed(6)}`]];
    Object.entries(t.locate_fields).forEach(([key, label]) => {
      const place = answer[key];
      rows.push([label, place ? placeText(place) : t.none]);
    });
    const nodes = answer.inside ? [] : [el("p", {}, [t.locate_outside])];
    locateBox.replaceChildren(...nodes, definitionList(rows));
    // The dashboard opens the cases of the grid cell or estate found here.
    document.dispatchEvent(new CustomEvent("geogov:located", { detail: answer }));
  }

  async function locate(latlng) {
    if (locateMarker) {
      locateMarker.setLatLng(latlng);
    } else {
      locateMarker = L.circleMarker(latlng, {
        pane: "markerPane",
        radius: 7,
        color: "#000000",
        weight: 2,
        fillColor: "#ffbf47",
        fillOpacity: 1,
        interactive: false,
      }).addTo(map);
    }
    locateBox.replaceChildren(el("p", {}, [t.locate_loading]));
    if (locateController) {
      locateController.abort();
    }
    locateController = new AbortController();
    const params = new URLSearchParams({ lon: latlng.lng.toFixed(7), lat: latlng.lat.toFixed(7), crs: "wgs84" });
    try {
      showLocation(await getJson(`${config.locateUrl}?${params}`, locateController.signal), latlng);
    } catch (error) {
      if (error.name !== "AbortError") {
        locateBox.replaceChildren(el("p", {}, [format(t.locate_unavailable, { status: describeError(error) })]));
      }
    }
  }

  /* ---------- start ---------- */

  function start() {
    // Leaflet's prefix links to leafletjs.com, a dead link on a closed network; the credit stays.
    if (map.attributionControl) {
      map.attributionControl.setPrefix("Leaflet");
    }
    // Metric only: folium's scale bar would add feet and miles.
    L.control.scale({ imperial: false }).addTo(map);
    addHatchPatterns();
    const groups = SPECS.map(makeGroup);
    const loads = SPECS.map((spec, index) => {
      const group = groups[index].addTo(map);
      if (!spec.bbox) {
        return loadWhole(spec, group);
      }
      const loadView = viewLoader(spec, group);
      map.on("moveend", loadView);
      map.on("overlayadd", (event) => event.layer === group && loadView());
      return loadView();
    });
    map.on("zoomend", updateLabelVisibility);
    updateLabelVisibility();
    const layerControl = addLayerControl(groups);
    const legend = new Legend().addTo(map);
    // A feature's popup stops its click from reaching the map, so features ask as well.
    map.on("click", (event) => locate(event.latlng));
    groups.forEach((group) => group.on("click", (event) => locate(event.latlng)));
    document.getElementById("locate-center").addEventListener("click", () => locate(map.getCenter()));
    const ready = Promise.allSettled(loads);
    // Lets tests and monitoring know the first drawing is done, successful or not.
    ready.then(() => {
      document.documentElement.dataset.layersState = "ready";
    });
    // What the dashboard (dashboard/*.js, loaded after this file) builds on.
    window.geoGov = {
      config,
      map,
      groups: Object.fromEntries(SPECS.map((spec, index) => [spec.id, groups[index]])),
      layerControl,
      legend: legend.getContainer(),
      ready,
      display,
      redraw: () => redrawAll(groups),
      getJson,
      fetchPaged,
      describeError,
      el,
      svgEl,
      swatch,
      format,
    };
  }

  start();
})();
