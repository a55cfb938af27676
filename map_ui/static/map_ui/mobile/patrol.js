/*
 * 今日巡查: the logged-in grid worker's patrol route of the day (/api/planning/patrols/, no date =
 * the server's today), as an ordered list and, while its tab is open, a dashed line with numbered
 * stops on the map. The service worker keeps the last answer, so the route still shows offline.
 */
import { el, pageLanguage } from "../dom.js";
import { joinList } from "../format.js";
import { gettext, interpolate } from "../i18n.js";
import { api, config } from "./core.js";

let map = null;
let layer = null;
let visible = false;

const message = () => document.getElementById("route-message");
const list = () => document.getElementById("route-list");
const dropped = () => document.getElementById("route-dropped");

function latLng(coordinates) {
  return [coordinates[1], coordinates[0]];
}

function draw(route, stops) {
  if (layer) {
    layer.remove();
  }
  layer = L.layerGroup();
  if (route.geometry) {
    L.polyline(route.geometry.coordinates.map(latLng), {
      color: "#1f3a5f",
      weight: 4,
      dashArray: "8 6",
      interactive: false,
      className: "m-route",
    }).addTo(layer);
  }
  stops.forEach((stop) => {
    const icon = L.divIcon({ className: "m-stop", html: "", iconSize: [26, 26] });
    const marker = L.marker(latLng(stop.geometry.coordinates), { icon, keyboard: false, interactive: false });
    marker.on("add", () => (marker.getElement().textContent = String(stop.properties.order)));
    marker.addTo(layer);
  });
  show(visible);
}

// Reasons come as "中文 / English": show the half in the page's language.
function reasonText(reason) {
  const [zh, en] = reason.split(" / ");
  return pageLanguage() === "en" && en ? en : zh;
}

function listItem(stop) {
  const p = stop.properties;
  return el("li", { class: `m-route-stop m-route-${p.stop_kind}` }, [
    el("strong", {}, [`${p.order}. ${p.name}`]),
    el("div", { class: "m-case-meta" }, [reasonText(p.reason)]),
    el("div", { class: "m-case-meta" }, [interpolate(gettext("每周%(count)s次"), { count: p.visits_per_week })]),
  ]);
}

function render(collection) {
  const features = collection.features || [];
  const route = features.find((f) => f.properties.kind === "route" && f.properties.worker === config.username);
  const stops = features
    .filter((f) => f.properties.kind === "stop" && f.properties.worker === config.username)
    .sort((a, b) => a.properties.order - b.properties.order);
  if (!route) {
    message().textContent = gettext("未分配网格，没有巡查路线。");
    list().replaceChildren();
    return;
  }
  const p = route.properties;
  const summary = stops.length
    ? interpolate(gettext("%(date)s：%(stops)s个站点，步行约%(length)s米，预计%(minutes)s分钟（出发点即返回点）"), {
        date: p.date,
        stops: stops.length,
        length: Math.round(p.length_m),
        minutes: Math.round(p.minutes),
      })
    : interpolate(gettext("%(date)s：今日无须巡查的站点。"), { date: p.date });
  message().textContent = navigator.onLine ? summary : `${gettext("离线：显示的是上次联网时保存的路线。")} ${summary}`;
  list().replaceChildren(...stops.map(listItem));
  const names = joinList((p.dropped || []).map((d) => d.name));
  dropped().textContent = names ? interpolate(gettext("超出时间预算、今日未安排：%(names)s"), { names }) : "";
  draw(route, stops);
}

export function init(leafletMap) {
  map = leafletMap;
}

export async function load() {
  message().textContent = gettext("正在加载巡查路线…");
  try {
    render(await api("GET", config.urls.patrol));
  } catch (error) {
    message().textContent = interpolate(gettext("巡查路线暂时无法加载（%(status)s）。"), {
      status: error.status || gettext("网络错误"),
    });
  }
}

export function show(on) {
  visible = on;
  if (!layer || !map) {
    return;
  }
  if (on) {
    layer.addTo(map);
    const bounds = L.featureGroup(layer.getLayers()).getBounds();
    if (bounds.isValid()) {
      // No animation: the route is in place at once (a zoom animation moves line and markers apart
      // until it ends, which a glance or a screenshot at that moment shows as a misdrawn route).
      map.fitBounds(bounds, { padding: [24, 24], maxZoom: 18, animate: false });
    }
  } else {
    layer.remove();
  }
}
