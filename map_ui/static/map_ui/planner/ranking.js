/*
 * /planner/'s entry module: estates ranked by renovation score (GET planning-estates), the map
 * coloured by score, the table and the map linked, and the ticked estates exported
 * (GET planning-estates-export).
 */
import { el } from "../dom.js";
import { gettext, interpolate } from "../i18n.js";
import { OWNERSHIP } from "../words.js";
import * as P from "./common.js";
import { Linked } from "./linked.js";

const { config, map, number } = P;

// ColorBrewer YlOrRd, 5 classes: ordered light to dark, readable for colour-blind users.
const SCORE_COLOURS = ["#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026"];
const OUTLINE = "#4a4a4a";
const HIGHLIGHT = { color: "#0b3d91", weight: 5, opacity: 1 };
const SHOWN_COMPONENTS = config.components.filter((name) => name !== "infra_rate");

const body = document.getElementById("ranking-body");
const caption = document.getElementById("ranking-caption");
const selectAll = document.getElementById("select-all");
const exportForm = document.getElementById("export-form");
const selected = new Set();
const checkboxes = new Map();
const linked = new Linked(map, HIGHLIGHT);
const estates = L.geoJSON(null, { className: "planner-estate" }).addTo(map);
let breaks = [0, 0];

/* ---------- score classes and legend ---------- */

// Equal intervals between the period's lowest and highest score: the colours compare estates
// with each other, the table gives the figures.
function setBreaks(features) {
  const scores = features.map((feature) => Number(feature.properties.score) || 0);
  breaks = scores.length ? [Math.min(...scores), Math.max(...scores)] : [0, 0];
}

function classOf(score) {
  const [low, high] = breaks;
  if (high <= low) {
    return SCORE_COLOURS.length - 1;
  }
  const index = Math.floor(((score - low) / (high - low)) * SCORE_COLOURS.length);
  return Math.max(0, Math.min(SCORE_COLOURS.length - 1, index));
}

function styleOf(feature) {
  const colour = SCORE_COLOURS[classOf(Number(feature.properties.score) || 0)];
  return { color: OUTLINE, weight: 1.5, opacity: 1, fillColor: colour, fillOpacity: 0.8 };
}

const legend = L.control({ position: "bottomright" });
legend.onAdd = () => el("div", { class: "map-legend planner-legend", id: "score-legend" });
legend.addTo(map);

function drawLegend() {
  const box = document.getElementById("score-legend");
  const [low, high] = breaks;
  const step = (high - low) / SCORE_COLOURS.length;
  const items = SCORE_COLOURS.map((colour, index) => {
    const range = `${number(low + step * index, 2)}–${number(low + step * (index + 1), 2)}`;
    return el("li", {}, [el("span", { class: "swatch", style: `background:${colour}` }), range]);
  });
  box.replaceChildren(el("h2", {}, [gettext("改造得分")]), el("ul", {}, items));
}

/* ---------- table ---------- */

function checkboxFor(code, name) {
  const box = el("input", { type: "checkbox", "aria-label": interpolate(gettext("选择 %(name)s"), { name }) });
  box.checked = selected.has(code);
  box.addEventListener("change", () => {
    if (box.checked) {
      selected.add(code);
    } else {
      selected.delete(code);
    }
    showSelection();
  });
  checkboxes.set(code, box);
  return box;
}

function rowFor(props) {
  const show = el("button", { type: "button", class: "link-button", title: interpolate(gettext("在地图上显示 %(name)s"), props) }, [
    props.name,
  ]);
  show.addEventListener("click", () => linked.highlight(props.code, { zoom: true }));
  const cells = [
    el("td", {}, [checkboxFor(props.code, props.name)]),
    el("td", { class: "num" }, [String(props.rank)]),
    el("th", { scope: "row" }, [show, el("span", { class: "code" }, [props.code])]),
    P.barCell(number(props.score, 3), breaks[1] > 0 ? props.score / breaks[1] : 0, "score"),
    el("td", {}, [props.community || gettext("无")]),
    el("td", { class: "num" }, [number(props.households)]),
    el("td", { class: "num" }, [number(props.infra_count)]),
    P.barCell(number(props.infra_per_100, 1), (props.components || {}).infra_rate),
    ...SHOWN_COMPONENTS.map((name) => {
      const value = (props.components || {})[name];
      return P.barCell(number(value, 2), value);
    }),
  ];
  return el("tr", {}, cells);
}

// The facts behind the ownership, age and management components, beside the score.
function tooltipFor(props) {
  const facts = [
    `${gettext("得分")} ${number(props.score, 3)}`,
    OWNERSHIP[props.ownership] || props.ownership || gettext("无"),
    props.build_year ? interpolate(gettext("%(build_year)s年建成"), props) : "",
    props.property_company
      ? interpolate(gettext("物业：%(name)s"), { name: props.property_company })
      : gettext("无物业（管理缺位）"),
  ].filter(Boolean);
  return el("div", { class: "estate-tooltip" }, [
    el("strong", {}, [`${props.rank}. ${props.name}`]),
    ...facts.map((fact) => el("div", {}, [fact])),
  ]);
}

function showSelection() {
  const count = selected.size;
  const counter = document.getElementById("selected-count");
  if (counter) {
    counter.textContent = interpolate(gettext("已选 %(count)s 个住宅项目"), { count });
  }
  const total = checkboxes.size;
  selectAll.checked = total > 0 && count === total;
  selectAll.indeterminate = count > 0 && count < total;
}

selectAll.addEventListener("change", () => {
  checkboxes.forEach((box, code) => {
    box.checked = selectAll.checked;
    if (box.checked) {
      selected.add(code);
    } else {
      selected.delete(code);
    }
  });
  showSelection();
});

/* ---------- loading ---------- */

function draw(features, period) {
  const list = features.map((feature) => ({
    ...feature,
    properties: { code: feature.id, ...(feature.properties || {}) },
  }));
  setBreaks(list);
  estates.clearLayers();
  linked.clear();
  checkboxes.clear();
  // A selection from another period keeps only the estates still listed.
  const codes = new Set(list.map((feature) => feature.properties.code));
  [...selected].filter((code) => !codes.has(code)).forEach((code) => selected.delete(code));
  estates.addData(list);
  const rows = new Map(list.map((feature) => [feature.properties.code, rowFor(feature.properties)]));
  body.replaceChildren(...rows.values());
  estates.eachLayer((layer) => {
    const props = layer.feature.properties;
    const base = styleOf(layer.feature);
    layer.setStyle(base);
    layer.bindTooltip(tooltipFor(props));
    linked.add(props.code, rows.get(props.code), layer, base);
  });
  caption.textContent = interpolate(gettext("住宅项目改造得分（%(start)s 至 %(end)s）"), period);
  drawLegend();
  showSelection();
  P.status(list.length ? "" : gettext("本期没有符合条件的住宅项目。"));
  if (list.length) {
    // No animation: the page says "ready" once drawn, and the map must not still be moving then.
    map.fitBounds(estates.getBounds(), { padding: [20, 20], animate: false });
  }
}

function load() {
  const period = P.periodParams();
  P.loadFeatures(P.withQuery(config.estatesUrl, period), (features) => draw(features, period));
}

document.getElementById("period-form").addEventListener("submit", (event) => {
  event.preventDefault();
  P.rememberQuery(P.periodParams());
  load();
});

/* ---------- export ---------- */

async function exportSelection() {
  const exportFormat = document.getElementById("export-format").value;
  const params = { ...P.periodParams(), codes: [...selected].join(","), format: exportFormat };
  const button = document.getElementById("export-button");
  button.disabled = true;
  button.setAttribute("aria-busy", "true");
  try {
    await P.download(P.withQuery(config.exportUrl, params), `renovation.${exportFormat}`);
  } catch (error) {
    P.notice(interpolate(gettext("导出失败（%(status)s）。"), { status: P.describeError(error) }));
  } finally {
    button.disabled = false;
    button.removeAttribute("aria-busy");
  }
}

if (exportForm) {
  exportForm.addEventListener("submit", (event) => {
    event.preventDefault();
    if (!selected.size) {
      P.notice(gettext("请先勾选要导出的住宅项目。"));
      return;
    }
    P.notice("");
    exportSelection();
  });
}

load();
