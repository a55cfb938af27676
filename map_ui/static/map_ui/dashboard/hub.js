/*
 * What the dashboard's parts share: the current filter, requests to /api/dashboard/ with it, one
 * notice listing every figure that failed to load, and the display shift of the base map.
 * Each part registers with onFilters(); setFilters() reloads them all and aborts stale requests.
 */
import { pageLanguage } from "../dom.js";
import { formatNumber } from "../format.js";
import { getJson } from "../http.js";
import { gettext, interpolate } from "../i18n.js";
import { config, display, FailureNotice } from "../layers/kit.js";

const FIGURE_NAMES = {
  summary: gettext("概况"),
  communities: gettext("社区着色"),
  heat: gettext("热力图"),
  hotspots: gettext("热点分析"),
  topics: gettext("议题"),
  unit: gettext("诉求列表"),
};

const filterListeners = [];
const displayListeners = [];
const notice = new FailureNotice("map-notice stats-notice", (items) =>
  interpolate(gettext("以下统计暂时无法加载：%(items)s。"), { items }),
);
let current = new URLSearchParams();
let controller = null;
let generation = 0;

/** A named load: a failure joins the notice (and resolves to null), a success clears its entry. */
export async function guard(name, promise) {
  try {
    const result = await promise;
    notice.delete(FIGURE_NAMES[name]);
    return result;
  } catch (error) {
    if (error.name === "AbortError") {
      return null;
    }
    notice.set(FIGURE_NAMES[name], error);
    return null;
  }
}

/** GET /api/dashboard/<path> with the current filter and `extra` parameters. */
export function api(path, extra, signal) {
  const params = new URLSearchParams(current);
  Object.entries(extra || {}).forEach(([key, value]) => params.set(key, value));
  return getJson(`${config.dashboardUrl}${path}?${params}`, signal);
}

export function setFilters(params) {
  current = params;
  generation += 1;
  const mine = generation;
  if (controller) {
    controller.abort();
  }
  controller = new AbortController();
  const signal = controller.signal;
  document.documentElement.dataset.dashState = "loading";
  const loads = filterListeners.map((listener) => Promise.resolve().then(() => listener(current, signal)));
  // Tests and monitoring wait for this: every part has drawn the current filter (or failed).
  return Promise.allSettled(loads).then(() => {
    if (mine === generation) {
      document.documentElement.dataset.dashState = "ready";
    }
  });
}

/** Places our WGS84 coordinates on the map another way (the base map changed) and redraws. */
export function setDisplay(toLatLng) {
  display.toLatLng = toLatLng;
  displayListeners.forEach((listener) => listener());
}

export function toLatLng(lng, lat) {
  return display.toLatLng(lng, lat);
}

/** A figure in the reader's locale, with at most `digits` decimals; "—" when there is none. */
export function dashNumber(value, digits) {
  return formatNumber(value, { digits: digits || 0, locale: pageLanguage() });
}

export function onFilters(listener) {
  filterListeners.push(listener);
}

export function onDisplay(listener) {
  displayListeners.push(listener);
}

export function openUnit(level, code) {
  document.dispatchEvent(new CustomEvent("geogov:unit", { detail: { level, code } }));
}
