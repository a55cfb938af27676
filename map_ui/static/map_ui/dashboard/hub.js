/*
 * What the dashboard's parts share: the current filter, requests to /api/dashboard/ with it, one
 * notice listing every figure that failed to load, and the display shift of the base map.
 * Each part registers with onFilters(); setFilters() reloads them all and aborts stale requests.
 */
(function () {
  "use strict";

  const g = window.geoGov;
  const t = g.config.labels.dash;
  const filterListeners = [];
  const displayListeners = [];
  const failures = new Map();
  let current = new URLSearchParams();
  let controller = null;
  let generation = 0;
  let notice = null;

  function showFailures() {
    if (!failures.size) {
      if (notice) {
        notice.remove();
        notice = null;
      }
      return;
    }
    const items = [...failures].map(([name, status]) => g.format(g.config.labels.layer_failure, { layer: t.stats_items[name], status }));
    if (!notice) {
      const close = g.el("button", { type: "button", "aria-label": g.config.labels.dismiss }, ["×"]);
      notice = g.el("div", { class: "map-notice stats-notice" }, [g.el("p"), close]);
      close.addEventListener("click", () => {
        notice.remove();
        notice = null;
        failures.clear();
      });
      document.getElementById("map-notices").append(notice);
    }
    notice.querySelector("p").textContent = g.format(t.stats_unavailable, { items: items.join(g.config.labels.list_separator) });
  }

  // A named load: a failure joins the notice (and resolves to null), a success clears its entry.
  async function guard(name, promise) {
    try {
      const result = await promise;
      failures.delete(name);
      showFailures();
      return result;
    } catch (error) {
      if (error.name === "AbortError") {
        return null;
      }
      failures.set(name, g.describeError(error));
      showFailures();
      return null;
    }
  }

  function api(path, extra, signal) {
    const params = new URLSearchParams(current);
    Object.entries(extra || {}).forEach(([key, value]) => params.set(key, value));
    return g.getJson(`${g.config.dashboardUrl}${path}?${params}`, signal);
  }

  function setFilters(params) {
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

  function setDisplay(toLatLng) {
    g.display.toLatLng = toLatLng;
    g.redraw();
    displayListeners.forEach((listener) => listener());
  }

  function formatNumber(value, digits) {
    if (value === null || value === undefined || Number.isNaN(Number(value))) {
      return t.no_value;
    }
    return Number(value).toLocaleString(g.config.labels.html_lang, { maximumFractionDigits: digits || 0 });
  }

  window.geoGovDash = {
    t,
    api,
    guard,
    setFilters,
    setDisplay,
    formatNumber,
    params: () => current,
    onFilters: (listener) => filterListeners.push(listener),
    onDisplay: (listener) => displayListeners.push(listener),
    toLatLng: (lng, lat) => g.display.toLatLng(lng, lat),
    openUnit: (level, code) => document.dispatchEvent(new CustomEvent("geogov:unit", { detail: { level, code } })),
  };
})();
