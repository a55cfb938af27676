/*
 * /planner/before-after/'s entry module: renovated estates' complaint density per category before
 * and after the works (GET planning-before-after), with CSS bars, the change and whether it is
 * beyond chance.
 */
import { el } from "../dom.js";
import { gettext, interpolate } from "../i18n.js";
import * as P from "./common.js";

const { config, map, number } = P;
const BARS = { before: gettext("改造前"), after: gettext("改造后") };
const CHANGE_NAMES = { down: gettext("显著下降"), up: gettext("显著上升"), none: gettext("无显著变化") };

// Diverging and colour-blind safe (ColorBrewer PRGn ends): a fall is good news, a rise is not.
const CHANGE_COLOURS = { down: "#1b7837", up: "#762a83", none: "#969696" };

const body = document.getElementById("before-after-body");
const filter = document.getElementById("category-filter");
const TOTALS = "__totals__";
let results = [];
let totals = [];

function categories(rows) {
  const seen = new Map();
  rows.forEach((row) => seen.set(row.category, categoryName(row)));
  return [...seen];
}

function categoryName(row) {
  if (totals.includes(row)) {
    return gettext("各类合计");
  }
  return (config.categoryNames || {})[row.category] || row.category_name || row.category;
}

function fillFilter(rows) {
  const options = categories(rows).map(([code, name]) => el("option", { value: code }, [name]));
  const together = totals.length ? [el("option", { value: TOTALS }, [gettext("各类合计")])] : [];
  filter.replaceChildren(el("option", { value: "" }, [gettext("全部类别（逐类）")]), ...together, ...options);
}

// Two bars on one scale (the largest density shown): before in grey, after in the brand colour,
// each with its figure, so the chart reads without colour too.
function chart(row, scale) {
  const bar = (kind, value) =>
    el("div", { class: `ba-bar ba-${kind}` }, [
      el("span", { class: "ba-label" }, [BARS[kind]]),
      el("span", { class: "ba-track" }, [
        el("span", { class: "ba-fill", style: `width:${scale > 0 ? (100 * value) / scale : 0}%` }),
      ]),
      el("span", { class: "ba-value" }, [number(value, 1)]),
    ]);
  return el("td", { class: "ba-chart" }, [
    bar("before", Number(row.before_per_100_per_year) || 0),
    bar("after", Number(row.after_per_100_per_year) || 0),
  ]);
}

function change(row, field) {
  const raw = row[field || "change_pct"];
  if (raw === null || raw === undefined) {
    return gettext("无");
  }
  const value = Number(raw);
  const sign = value > 0 ? "+" : "";
  return `${sign}${number(value, 1)}%`;
}

/* ---------- map: the renovated estates, coloured by the change of all categories together ---------- */

function changeOf(total) {
  if (!total || !total.significant) {
    return "none";
  }
  return Number(total.change_pct) < 0 ? "down" : "up";
}

function addLegend() {
  const legend = L.control({ position: "bottomright" });
  legend.onAdd = () => {
    const items = Object.entries(CHANGE_COLOURS).map(([kind, colour]) =>
      el("li", {}, [el("span", { class: "swatch", style: `background:${colour}` }), CHANGE_NAMES[kind]])
    );
    return el("div", { class: "map-legend planner-legend" }, [el("h2", {}, [gettext("改造后变化（各类合计）")]), el("ul", {}, items)]);
  };
  legend.addTo(map);
}

function showRowsOf(code) {
  body.querySelectorAll("tr").forEach((tr) => tr.classList.toggle("is-highlighted", tr.dataset.code === code));
  const first = body.querySelector("tr.is-highlighted");
  if (first) {
    first.scrollIntoView({ block: "nearest" });
  }
}

async function drawEstates() {
  const byCode = new Map(totals.map((row) => [row.code, row]));
  results.forEach((row) => byCode.has(row.code) || byCode.set(row.code, null));
  if (!byCode.size) {
    return;
  }
  let features = [];
  try {
    features = await P.getFeatures(P.withQuery(config.estatesUrl, { page_size: "5000" }));
  } catch (error) {
    P.loadFailed(error);
    return;
  }
  const renovated = features.filter((feature) => byCode.has(feature.id));
  const layer = L.geoJSON(renovated, {
    className: "planner-renovated",
    style: (feature) => {
      const colour = CHANGE_COLOURS[changeOf(byCode.get(feature.id))];
      return { color: "#1a1a1a", weight: 1.5, fillColor: colour, fillOpacity: 0.8 };
    },
    onEachFeature: (feature, item) => {
      const total = byCode.get(feature.id);
      const text = total ? `${feature.properties.name} · ${gettext("变化")} ${change(total)}` : feature.properties.name;
      item.bindTooltip(el("span", {}, [text]));
      item.on("click", () => showRowsOf(feature.id));
    },
  }).addTo(map);
  layer.eachLayer((item) => {
    item.getElement().dataset.code = item.feature.id;
  });
  if (renovated.length) {
    map.fitBounds(layer.getBounds(), { padding: [20, 20], maxZoom: 17, animate: false });
  }
}

/* ---------- table ---------- */

function pValue(p) {
  if (p === null || p === undefined) {
    return gettext("无");
  }
  // Three decimals would print a clear result as "0.000", which reads as impossible.
  return Number(p) < 0.001 ? "< 0.001" : number(p, 3);
}

// The change beyond the control estates (same category and windows, never worked on); the API
// leaves it null when the control has no cases to compare with.
function beyondControl(row) {
  if (row.adjusted_significant === null || row.adjusted_significant === undefined) {
    return [el("td", { class: "num" }, [gettext("无对照")]), el("td", {}, [gettext("无对照")])];
  }
  const answer = row.adjusted_significant ? gettext("是") : gettext("否");
  const p = Number(row.adjusted_p_value) < 0.001 ? "p < 0.001" : `p = ${number(row.adjusted_p_value, 3)}`;
  return [
    el("td", { class: "num" }, [change(row, "adjusted_change_pct")]),
    el("td", { class: row.adjusted_significant ? "is-significant" : "" }, [interpolate(gettext("%(answer)s（%(p)s）"), { answer, p })]),
  ];
}

function rowFor(row, scale) {
  const works = `${row.renovation_start || "?"} – ${row.renovation_end || "?"}`;
  const significant = row.significant ? gettext("是") : gettext("否");
  return el("tr", { class: row.significant ? "is-significant" : "", "data-code": row.code }, [
    el("th", { scope: "row" }, [row.name || row.code, el("span", { class: "code" }, [` ${row.code}`])]),
    el("td", {}, [works]),
    el("td", {}, [categoryName(row)]),
    el("td", { class: "num" }, [number(row.before_count)]),
    el("td", { class: "num" }, [number(row.after_count)]),
    chart(row, scale),
    el("td", { class: "num" }, [change(row)]),
    el("td", { class: "num" }, [pValue(row.p_value)]),
    el("td", { class: row.significant ? "is-significant" : "" }, [significant]),
    ...beyondControl(row),
  ]);
}

function pick(value) {
  if (value === TOTALS) {
    return totals;
  }
  return value ? results.filter((row) => row.category === value) : results;
}

function draw() {
  const rows = pick(filter.value);
  const densities = rows.flatMap((row) => [row.before_per_100_per_year, row.after_per_100_per_year]);
  const scale = Math.max(0, ...densities.map((value) => Number(value) || 0));
  body.replaceChildren(...rows.map((row) => rowFor(row, scale)));
  P.status(rows.length ? "" : gettext("暂无已完成改造且有日期的小区。"));
}

async function load() {
  P.setState("loading");
  P.status(gettext("正在加载…"));
  try {
    const answer = await P.getJson(config.beforeAfterUrl);
    results = answer.results || [];
    totals = answer.totals || [];
    fillFilter(results);
    draw();
    if (map) {
      addLegend();
      await drawEstates();
    }
    P.setState("ready");
  } catch (error) {
    P.loadFailed(error);
    P.status("");
    P.setState("failed");
  }
}

filter.addEventListener("change", draw);
document.getElementById("category-form").addEventListener("submit", (event) => event.preventDefault());
load();
