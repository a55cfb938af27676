/*
 * What a feature says: its popup (fields in the reader's language) and its label on the map.
 */
import { el, pageLanguage } from "../dom.js";
import { joinList } from "../format.js";
import { gettext, interpolate } from "../i18n.js";
import { HOUSING_TYPES, MILITARY_KIND, OWNERSHIP, RENOVATION } from "../words.js";
import { LAYER_NAMES } from "./kit.js";

const FIELD_NAMES = {
  code: gettext("编码"),
  households: gettext("户数"),
  residents: gettext("户籍/常住人口"),
  floating_population: gettext("流动人口"),
  address: gettext("地址"),
  community_name: gettext("所属社区"),
  community: gettext("社区编码"),
  ownership: gettext("产权类型"),
  owner_units: gettext("产权单位"),
  housing_types: gettext("房屋类型"),
  build_year: gettext("建成年份"),
  property_company: gettext("物业服务企业"),
  is_old_estate: gettext("老旧小区"),
  renovation: gettext("综合整治"),
  is_military_property: gettext("军产"),
  estate_name: gettext("住宅项目"),
  number: gettext("楼号"),
  responsible_party: gettext("责任主体"),
  grid_worker: gettext("网格员"),
  kind: gettext("类型"),
};

function yesNo(value) {
  return value ? gettext("是") : gettext("否");
}

function list(values, labels) {
  const items = (values || []).map((value) => (labels && labels[value]) || value);
  return items.length ? joinList(items) : gettext("无");
}

function count(value) {
  return Number(value).toLocaleString(pageLanguage());
}

const FORMATTERS = {
  ownership: (value) => OWNERSHIP[value] || value,
  housing_types: (value) => list(value, HOUSING_TYPES),
  owner_units: (value) => list(value),
  kind: (value) => MILITARY_KIND[value] || value,
  renovation: (value) => RENOVATION[value] || value,
  is_old_estate: yesNo,
  is_military_property: yesNo,
  property_company: (value) => value || gettext("无（管理缺位）"),
  households: count,
  residents: count,
  floating_population: count,
};

function formatValue(field, value) {
  if (field in FORMATTERS) {
    return String(FORMATTERS[field](value));
  }
  return value === null || value === undefined || value === "" ? gettext("无") : String(value);
}

function popupTitle(layerId, props) {
  if (props.name) {
    return props.name_is_placeholder ? `${props.name} ${gettext("（占位名称）")}` : props.name;
  }
  if (layerId === "buildings") {
    return interpolate(gettext("%(estate)s%(number)s号楼"), { estate: props.estate_name || "", number: props.number });
  }
  return `${LAYER_NAMES[layerId]} ${props.code}`;
}

export function definitionList(rows) {
  const dl = el("dl");
  rows.forEach(([term, value]) => dl.append(el("dt", {}, [term]), el("dd", {}, [value])));
  return dl;
}

function popupContent(spec, props) {
  const rows = spec.fields
    .filter((field) => field in props)
    .map((field) => [FIELD_NAMES[field] || field, formatValue(field, props[field])]);
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

export function bindFeature(spec, feature, layer, group) {
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
