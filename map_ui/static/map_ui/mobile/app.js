/*
 * The mobile page's entry module: the map with my grid cells, tabs and #case/<id> routes, the
 * online/offline and outbox indicators, and the service worker that keeps the page usable
 * without a network. No tiles: our own cells are the base map (closed networks, weak signals).
 */
import { el } from "../dom.js";
import { gettext, interpolate } from "../i18n.js";
import { watchLabels } from "../labels.js";
import { fitStart } from "../start.js";
import * as cases from "./cases.js";
import { api, config, on } from "./core.js";
import * as outbox from "./outbox.js";
import * as patrol from "./patrol.js";
import * as report from "./report.js";

const body = document.body;

export const map = L.map("m-map", { zoomControl: true, minZoom: 11, maxZoom: 19, zoomSnap: 0.25 });
// The whole sub-district until my cells have loaded (then they are the view).
if (!fitStart(map, config.startBounds)) {
  map.setView(config.center, 15);
}
// Credit without a link: on a closed network an outside link only leads to an error page.
map.attributionControl.setPrefix("Leaflet");
// Cell numbers never overlap: those without room wait for a closer zoom.
const refreshLabels = watchLabels(map, [".m-cell-label"]);
let cells = [];
let estatesUrl = null;

/* ---------- my grid cells ---------- */

function ringContains(ring, x, y) {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i, i += 1) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) {
      inside = !inside;
    }
  }
  return inside;
}

function polygonContains(rings, x, y) {
  return ringContains(rings[0], x, y) && !rings.slice(1).some((hole) => ringContains(hole, x, y));
}

/** Offline fallback only: which of my saved cells holds the point (the server decides on send). */
function cellAt(lon, lat) {
  const found = cells.find((feature) => {
    const geometry = feature.geometry;
    const polygons = geometry.type === "MultiPolygon" ? geometry.coordinates : [geometry.coordinates];
    return polygons.some((rings) => polygonContains(rings, lon, lat));
  });
  return found ? found.id : null;
}

async function loadCells() {
  try {
    const page = await api("GET", config.urls.myCells);
    cells = page.features || [];
  } catch (error) {
    cells = [];
  }
  if (!cells.length) {
    return;
  }
  const layer = L.geoJSON(cells, {
    interactive: false,
    style: { color: "#1f3a5f", weight: 2, fillColor: "#1f3a5f", fillOpacity: 0.08, className: "m-cell" },
    onEachFeature: (feature, cellLayer) =>
      cellLayer.bindTooltip(String(feature.id).slice(-3), { permanent: true, direction: "center", className: "m-cell-label" }),
  }).addTo(map);
  map.fitBounds(layer.getBounds(), { padding: [16, 16], maxZoom: 18 });
  refreshLabels();
  loadEstates(layer.getBounds().pad(0.5));
}

// Estates around my cells, as outlines: ownership decides who takes a case, so a pin near an
// estate's edge (the boundary warning names it) should be checkable by eye.
async function loadEstates(bounds) {
  const bbox = [bounds.getWest(), bounds.getSouth(), bounds.getEast(), bounds.getNorth()].map((v) => v.toFixed(6));
  estatesUrl = `${config.urls.estates}?bbox=${bbox.join(",")}&page_size=500`;
  try {
    const page = await api("GET", estatesUrl);
    L.geoJSON(page.features || [], {
      interactive: false,
      style: { color: "#7a4b00", weight: 1.5, dashArray: "5 4", fill: false, className: "m-estate" },
    }).addTo(map);
  } catch (error) {
    // Context only: the page works without it (offline before the first visit, for one).
  }
}

/* ---------- tabs and routes ---------- */

const panels = {
  cases: document.getElementById("panel-cases"),
  report: document.getElementById("panel-report"),
  case: document.getElementById("panel-case"),
  route: document.getElementById("panel-route"),
};
const tabs = {
  cases: document.getElementById("tab-cases"),
  report: document.getElementById("tab-report"),
  route: document.getElementById("tab-route"),
};

function showTab(name) {
  Object.entries(panels).forEach(([key, panel]) => (panel.hidden = key !== name));
  Object.entries(tabs).forEach(([key, tab]) => tab.setAttribute("aria-selected", String(key === name)));
  if ((name === "report" || name === "route") && window.location.hash !== `#${name}`) {
    history.replaceState(null, "", `#${name}`);
  }
  // The route is drawn on the map only while its tab is open: the map stays readable for pinning.
  patrol.show(name === "route");
}

function route() {
  const match = window.location.hash.match(/^#case\/(\d+)$/);
  if (match) {
    showTab("case");
    cases.open(match[1]);
  } else {
    const named = { "#report": "report", "#route": "route" }[window.location.hash];
    showTab(named || "cases");
  }
}

tabs.cases.addEventListener("click", () => (window.location.hash = ""));
tabs.report.addEventListener("click", () => (window.location.hash = "#report"));
tabs.route.addEventListener("click", () => (window.location.hash = "#route"));
document.getElementById("case-back").addEventListener("click", () => (window.location.hash = ""));
window.addEventListener("hashchange", route);

/* ---------- network and outbox indicators ---------- */

const netStatus = document.getElementById("net-status");
const outboxStatus = document.getElementById("outbox-status");

function showNetwork() {
  netStatus.textContent = navigator.onLine ? gettext("在线") : gettext("离线");
  netStatus.classList.toggle("m-offline", !navigator.onLine);
}

// "全部已发送" only when something was sent and nothing since was refused: a refused report was
// neither sent nor kept, and an empty outbox at start-up has sent nothing.
let lastSent = false;
on("outbox-sent", () => (lastSent = true));
on("outbox-refused", () => (lastSent = false));

on("outbox-changed", ({ items, authProblem }) => {
  const waiting = items.filter((item) => !item.failed).length;
  body.dataset.outbox = String(waiting);
  if (waiting) {
    outboxStatus.textContent = interpolate(gettext("待发送 %(count)s 条"), { count: waiting });
  } else {
    outboxStatus.textContent = lastSent ? gettext("全部已发送") : gettext("无待发送");
  }
  const notices = document.getElementById("m-notices");
  notices.replaceChildren(...(authProblem ? [el("p", {}, [gettext("登录已过期，请重新登录后自动发送。")])] : []));
});

window.addEventListener("online", () => {
  showNetwork();
  cases.load();
  patrol.load();
});
window.addEventListener("offline", showNetwork);

/* ---------- service worker ---------- */

async function registerWorker() {
  if (!("serviceWorker" in navigator)) {
    return;
  }
  try {
    await navigator.serviceWorker.register(config.urls.serviceWorker, { scope: config.urls.scope });
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise((resolve) => navigator.serviceWorker.addEventListener("controllerchange", resolve, { once: true }));
    }
    // The first visit asked for the estates before the worker ran: ask again through it, so
    // the answer is kept for offline use (the worker fetched the rest itself at install).
    if (estatesUrl) {
      await api("GET", estatesUrl).catch(() => null);
    }
    body.dataset.sw = "ready";
  } catch (error) {
    body.dataset.sw = "failed";
  }
}

// Cached answers hold this worker's cases: they must not outlive the login on a shared phone.
// The outbox stays (its items are tagged with their user and only ever sent by that user).
document.getElementById("logout-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  if ("caches" in window) {
    await Promise.all((await caches.keys()).map((key) => caches.delete(key)));
  }
  event.target.submit();
});

cases.init(map);
report.init(map, { showTab, cellAt });
patrol.init(map);
showNetwork();
route();
loadCells();
cases.load();
patrol.load();
outbox.flush(true);
registerWorker();
