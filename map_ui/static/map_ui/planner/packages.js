/*
 * /planner/packages/'s entry module: renovation packages (GET planning-packages) on the map, each in
 * its own colour with its rank, and in a list; the period, distance and caps are the form's.
 */
import { el } from "../dom.js";
import { joinList } from "../format.js";
import { gettext, interpolate } from "../i18n.js";
import * as P from "./common.js";
import { Linked } from "./linked.js";

const { config, map, number } = P;

// Tableau 10: distinct hues of similar weight, so no package looks more important by colour alone;
// the rank printed on each package says which comes first.
const PALETTE = [
  "#4e79a7",
  "#f28e2b",
  "#e15759",
  "#76b7b2",
  "#59a14f",
  "#edc948",
  "#b07aa1",
  "#ff9da7",
  "#9c755f",
  "#bab0ac",
];
const HIGHLIGHT = { color: "#1a1a1a", weight: 5, opacity: 1 };
const FIELDS = {
  max_distance_m: "max-distance",
  max_estates: "max-estates",
  max_households: "max-households",
};

const body = document.getElementById("packages-body");
const caption = document.getElementById("packages-caption");
const linked = new Linked(map, HIGHLIGHT);
const packages = L.geoJSON(null, { className: "planner-package" }).addTo(map);

function colourOf(rank) {
  return PALETTE[(Number(rank) - 1 + PALETTE.length) % PALETTE.length];
}

function styleOf(props) {
  const colour = colourOf(props.rank);
  return { color: colour, weight: 2.5, opacity: 1, fillColor: colour, fillOpacity: 0.55 };
}

function params() {
  const values = P.periodParams();
  Object.entries(FIELDS).forEach(([name, id]) => {
    values[name] = document.getElementById(id).value;
  });
  return values;
}

// Shares are small fractions of the whole sub-district: bars are scaled to the largest package's.
function rowFor(props, largestShare) {
  const label = interpolate(gettext("第 %(rank)s 包"), props);
  const show = el("button", { type: "button", class: "link-button", title: interpolate(gettext("在地图上显示第 %(rank)s 包"), props) }, [
    label,
  ]);
  show.addEventListener("click", () => linked.highlight(String(props.rank), { zoom: true }));
  const swatch = el("span", { class: "swatch", style: `background:${colourOf(props.rank)}`, "aria-hidden": "true" });
  const names = joinList(props.estate_names || props.estate_codes || []);
  return el("tr", {}, [
    el("th", { scope: "row" }, [swatch, show]),
    el("td", { class: "wrap" }, [names]),
    el("td", { class: "num" }, [number(props.households)]),
    el("td", { class: "num" }, [number(props.infra_count)]),
    P.barCell(P.percent(props.infra_share), largestShare > 0 ? props.infra_share / largestShare : 0, "share"),
    el("td", { class: "num" }, [number(props.score, 3)]),
  ]);
}

function draw(features, period) {
  const list = features.map((feature) => feature.properties || {});
  packages.clearLayers();
  linked.clear();
  packages.addData(features);
  const largestShare = Math.max(0, ...list.map((props) => Number(props.infra_share) || 0));
  const rows = new Map(list.map((props) => [String(props.rank), rowFor(props, largestShare)]));
  body.replaceChildren(...rows.values());
  packages.eachLayer((layer) => {
    const props = layer.feature.properties;
    const base = styleOf(props);
    layer.setStyle(base);
    layer.bindTooltip(el("span", {}, [String(props.rank)]), {
      permanent: true,
      direction: "center",
      className: "package-rank",
      interactive: false,
    });
    linked.add(String(props.rank), rows.get(String(props.rank)), layer, base);
  });
  caption.textContent = interpolate(gettext("成片改造包（%(start)s 至 %(end)s）"), period);
  P.status(list.length ? "" : gettext("本期没有符合条件的住宅项目。"));
  if (list.length) {
    map.fitBounds(packages.getBounds(), { padding: [20, 20], animate: false });
  }
}

function load() {
  const query = params();
  P.loadFeatures(P.withQuery(config.packagesUrl, query), (features) => draw(features, query));
}

document.getElementById("packages-form").addEventListener("submit", (event) => {
  event.preventDefault();
  P.rememberQuery(params());
  load();
});

load();
