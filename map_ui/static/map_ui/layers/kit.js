/*
 * The map page's shared kit, first of the layer scripts (kit, styles, popups, locate, draw; after
 * ../dom.js): the page's configuration and words, one notice for failed layers, and JSON fetching
 * that never leaves our origin (closed networks). Everything is hung on window.geoGov,
 * which the later layer scripts and the dashboard (dashboard/*.js) build on.
 * Configuration and all user-visible words come from the page (#map-config, map_ui/i18n.py).
 */
(function () {
  "use strict";

  const config = JSON.parse(document.getElementById("map-config").textContent);
  const t = config.labels;
  const { format, el, svgEl, sameOriginPath } = window.geoGovDom;

  /* ---------- notices ---------- */

  // One notice lists every layer that failed, so a missing API does not bury the map in boxes.
  const noticeBox = document.getElementById("map-notices");
  const layerFailures = new Map();
  let layerNotice = null;

  function showLayerFailures() {
    const items = [...layerFailures].map(([layer, status]) => format(t.layer_failure, { layer, status }));
    const text = format(t.layers_unavailable, { layers: items.join(t.list_separator) });
    if (!layerNotice) {
      const close = el("button", { type: "button", "aria-label": t.dismiss }, ["×"]);
      layerNotice = el("div", { class: "map-notice" }, [el("p"), close]);
      close.addEventListener("click", () => {
        layerNotice.remove();
        layerNotice = null;
        layerFailures.clear();
      });
      // First in the box, whichever failed first: the dashboard's figures (preloaded) often answer first.
      noticeBox.prepend(layerNotice);
    }
    layerNotice.querySelector("p").textContent = text;
  }

  /* ---------- fetching ---------- */

  class HttpError extends Error {
    constructor(status) {
      super(`HTTP ${status}`);
      this.status = status;
    }
  }

  async function getJson(url, signal) {
    const response = await fetch(sameOriginPath(url), {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
      signal,
    });
    if (!response.ok) {
      throw new HttpError(response.status);
    }
    return response.json();
  }

  // Every page of a paginated GeoJSON answer, following `next`.
  async function fetchPaged(url, signal) {
    let next = url;
    const features = [];
    while (next) {
      const page = await getJson(next, signal);
      features.push(...(page.features || []));
      next = page.next;
    }
    return features;
  }

  function describeError(error) {
    return error instanceof HttpError ? error.message : t.network_error;
  }

  function reportLayerError(layerName, error) {
    layerFailures.set(layerName, describeError(error));
    showLayerFailures();
  }

  window.geoGov = {
    config,
    t,
    map: window[config.mapVariable],
    // How our WGS84 coordinates are placed on the map: as they are, unless the base map needs a
    // display shift (AMap's GCJ-02, see dashboard/gcj02.js). Data and requests stay WGS84.
    display: { toLatLng: (lng, lat) => L.latLng(lat, lng) },
    format,
    el,
    svgEl,
    getJson,
    fetchPaged,
    describeError,
    reportLayerError,
    narrowScreen: () => window.matchMedia("(max-width: 48rem)").matches,
  };
})();
