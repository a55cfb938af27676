/*
 * What a feature says: its popup (fields in the reader's language) and its label on the map
 * (after kit.js).
 */
(function () {
  "use strict";

  const g = window.geoGov;
  const { t, el, format } = g;

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
    const dl = el("dl");
    rows.forEach(([term, value]) => dl.append(el("dt", {}, [term]), el("dd", {}, [value])));
    return dl;
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

  Object.assign(g, { bindFeature, definitionList });
})();
