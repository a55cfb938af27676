/*
 * The map page's entry module. Draws the sub-district's layers (../layers/), then the leaders'
 * dashboard on them: the filter form, the summary cards, the community choropleth (complaint rate
 * or 三率 score), the overlays (overlays.js), the unit panel (unit.js) and the AMap display shift;
 * starts the first load once every part registered.
 */
import { el } from "../dom.js";
import { gettext } from "../i18n.js";
import { drawLayers } from "../layers/draw.js";
import { config, map } from "../layers/kit.js";
import { swatch } from "../layers/styles.js";
import { fromWgs84 } from "./gcj02.js";
import { api, dashNumber, guard, onDisplay, onFilters, setDisplay, setFilters } from "./hub.js";
import { addOverlays } from "./overlays.js";
import { initUnitPanel } from "./unit.js";

// What the page's parts (and tests: import this module) find the layers by.
export const layers = drawLayers();
onDisplay(layers.redraw);
addOverlays(layers.layerControl);
initUnitPanel();

const form = document.getElementById("dash-filters");
const cards = document.getElementById("dash-cards");
const DAY_MS = 86400000;
// Oranges (rate) and Greens (score), 5 classes each; grey for no data or a sample too small.
const RATE_COLOURS = ["#feedde", "#fdbe85", "#fd8d3c", "#e6550d", "#a63603"];
const SCORE_COLOURS = ["#edf8e9", "#bae4b3", "#74c476", "#31a354", "#006d2c"];
const SCORE_BREAKS = [60, 70, 80, 90];
const MISSING = "#bdbdbd";
let communityRows = new Map();

/* ---------- filters ---------- */

function nextDay(isoDate) {
  return new Date(Date.parse(`${isoDate}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
}

// The form's inclusive end date becomes the API's exclusive end (local midnight after it).
function filterParams() {
  const data = new FormData(form);
  const params = new URLSearchParams();
  params.set("start", data.get("start"));
  params.set("end", nextDay(data.get("end")));
  ["category", "sishi_type", "channel", "status"].forEach((name) => {
    if (data.get(name)) {
      params.set(name, data.get(name));
    }
  });
  return params;
}

function apply() {
  if (!form.reportValidity()) {
    return Promise.resolve();
  }
  return setFilters(filterParams());
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  apply();
});
form.addEventListener("change", () => apply());
// The reset event fires before the fields change back.
form.addEventListener("reset", () => setTimeout(apply, 0));

/* ---------- cards ---------- */

function percent(value) {
  return value === null || value === undefined ? "—" : `${dashNumber(value, 1)}%`;
}

function signed(value) {
  if (value === null || value === undefined) {
    return "—";
  }
  return `${value > 0 ? "+" : ""}${dashNumber(value, 1)}%`;
}

function setCard(key, text, raw) {
  const card = cards.querySelector(`[data-card="${key}"]`);
  card.querySelector("dd").textContent = text;
  card.dataset.value = raw === null || raw === undefined ? "" : String(raw);
}

async function loadSummary(params, signal) {
  const data = (await guard("summary", api("summary/", {}, signal))) || {};
  const sanlv = data.sanlv || {};
  setCard("volume", dashNumber(data.count), data.count);
  setCard("change", signed(data.change_pct), data.change_pct);
  setCard("open", dashNumber(data.open), data.open);
  setCard("overdue", dashNumber(data.overdue), data.overdue);
  setCard("response", percent(sanlv.response_rate), sanlv.response_rate);
  setCard("resolution", percent(sanlv.resolution_rate), sanlv.resolution_rate);
  setCard("satisfaction", percent(sanlv.satisfaction_rate), sanlv.satisfaction_rate);
  setCard("composite", dashNumber(sanlv.composite, 1), sanlv.composite);
}

/* ---------- choropleth ---------- */

function mode() {
  return document.querySelector("input[name=choropleth]:checked").value;
}

function rateBreaks() {
  const values = [...communityRows.values()].map((row) => row.per_1000_households).filter((v) => v !== null && v !== undefined);
  const top = Math.max(0, ...values);
  return [1, 2, 3, 4].map((i) => (top * i) / 5);
}

function classOf(value, breaks) {
  return breaks.filter((limit) => value >= limit).length;
}

function choroplethStyle(code, breaks) {
  const row = communityRows.get(code);
  const value = row ? (mode() === "rate" ? row.per_1000_households : row.composite) : null;
  if (value === null || value === undefined) {
    return { fillColor: MISSING, fillOpacity: 0.35 };
  }
  const colours = mode() === "rate" ? RATE_COLOURS : SCORE_COLOURS;
  return { fillColor: colours[classOf(value, breaks)], fillOpacity: 0.55 };
}

function choroplethLegend(breaks) {
  const block = document.getElementById("dash-legend").querySelector("[data-legend=choropleth]") || el("div", { class: "legend-block", "data-legend": "choropleth" });
  document.getElementById("dash-legend").prepend(block);
  if (mode() === "none") {
    block.replaceChildren();
    return;
  }
  const colours = mode() === "rate" ? RATE_COLOURS : SCORE_COLOURS;
  const edges = [0, ...breaks];
  const list = el("ul");
  colours.forEach((colour, i) => {
    const text = i < breaks.length ? `${dashNumber(edges[i], 1)} – ${dashNumber(breaks[i], 1)}` : `≥ ${dashNumber(edges[i], 1)}`;
    list.append(el("li", {}, [swatch({ color: colour, weight: 1, fillColor: colour, fillOpacity: 0.55 }), el("span", {}, [text])]));
  });
  list.append(el("li", {}, [swatch({ color: MISSING, weight: 1, fillColor: MISSING, fillOpacity: 0.35 }), el("span", {}, [gettext("无数据或样本不足")])]));
  block.replaceChildren(el("h3", {}, [mode() === "rate" ? gettext("诉求率（每千户）") : gettext("三率综合得分")]), list);
}

function styleCommunities() {
  const group = layers.groups.communities;
  const breaks = mode() === "rate" ? rateBreaks() : SCORE_BREAKS;
  group.eachLayer((layer) => {
    // The group also holds the communities' name labels (markers without a feature).
    if (!layer.feature) {
      return;
    }
    const code = layer.feature.properties.code;
    const row = communityRows.get(code);
    if (mode() === "none") {
      group.resetStyle(layer);
    } else {
      layer.setStyle(choroplethStyle(code, breaks));
    }
    const element = layer.getElement && layer.getElement();
    if (element) {
      element.dataset.value = row ? String(mode() === "rate" ? row.per_1000_households : row.composite) : "";
      element.dataset.count = row ? String(row.count) : "";
    }
  });
  choroplethLegend(breaks);
}

async function loadCommunities(params, signal) {
  const data = (await guard("communities", api("communities/", {}, signal))) || {};
  communityRows = new Map((data.rows || []).map((row) => [row.code, row]));
  await layers.ready;
  styleCommunities();
}

document.querySelectorAll("input[name=choropleth]").forEach((input) => input.addEventListener("change", styleCommunities));

/* ---------- base map display shift ---------- */

const gcjBases = new Set(config.tileLayers.filter((ref) => ref.display_crs === "gcj02").map((ref) => window[ref.variable]));
const asWgs84 = (lng, lat) => L.latLng(lat, lng);
const asGcj02 = (lng, lat) => {
  const [x, y] = fromWgs84(lng, lat);
  return L.latLng(y, x);
};

function followBase(layer) {
  setDisplay(gcjBases.has(layer) ? asGcj02 : asWgs84);
  styleCommunities();
  document.documentElement.dataset.displayCrs = gcjBases.has(layer) ? "gcj02" : "wgs84";
}

map.on("baselayerchange", (event) => followBase(event.layer));

/* ---------- start ---------- */

onFilters(loadSummary);
onFilters(loadCommunities);
const startBase = [...gcjBases].find((layer) => map.hasLayer(layer));
if (startBase) {
  layers.ready.then(() => followBase(startBase));
}
apply();
