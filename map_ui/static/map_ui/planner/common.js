/*
 * Shared helpers of the planners' pages (/planner/): configuration, DOM building from text only,
 * same-origin JSON fetching, notices, number formats and loading (the linked table and map: linked.js).
 * Every word shown comes from the page's configuration (map_ui/planner_i18n.py).
 */
(function () {
  "use strict";

  const config = JSON.parse(document.getElementById("planner-config").textContent);
  const t = config.labels;

  const { format, el, sameOriginPath } = window.geoGovDom;

  class HttpError extends Error {
    constructor(status, detail) {
      super(detail ? `HTTP ${status}: ${detail}` : `HTTP ${status}`);
      this.status = status;
    }
  }

  // DRF answers errors as {"detail": "..."} or {"field": ["..."]}: show what the API said.
  function errorDetail(body) {
    if (!body || typeof body !== "object") {
      return "";
    }
    if (typeof body.detail === "string") {
      return body.detail;
    }
    return Object.entries(body)
      .map(([field, messages]) => `${field}: ${[].concat(messages).join(" ")}`)
      .join("; ");
  }

  async function failure(response) {
    let detail = "";
    try {
      detail = errorDetail(await response.json());
    } catch (error) {
      detail = "";
    }
    return new HttpError(response.status, detail);
  }

  async function getJson(url, signal) {
    const response = await fetch(sameOriginPath(url), {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
      signal,
    });
    if (!response.ok) {
      throw await failure(response);
    }
    return response.json();
  }

  // RFC 6266: filename*=UTF-8''… (any language) wins over the plain ASCII filename="…".
  function fileNameOf(disposition) {
    const extended = /filename\*=UTF-8''([^;]+)/i.exec(disposition || "");
    if (extended) {
      return decodeURIComponent(extended[1]);
    }
    const plain = /filename="?([^";]+)"?/i.exec(disposition || "");
    return plain ? plain[1] : "";
  }

  // A file from the API saved by the browser; fetched first, so an error answer is shown, not saved.
  async function download(url, fallbackName) {
    const response = await fetch(sameOriginPath(url), { credentials: "same-origin" });
    if (!response.ok) {
      throw await failure(response);
    }
    const blob = await response.blob();
    const href = URL.createObjectURL(blob);
    const link = el("a", { href, download: fileNameOf(response.headers.get("Content-Disposition")) || fallbackName });
    document.body.append(link);
    link.click();
    link.remove();
    window.setTimeout(() => URL.revokeObjectURL(href), 1000);
  }

  // A FeatureCollection, following `next` links when the API pages it.
  async function getFeatures(url, signal) {
    const features = [];
    let next = url;
    while (next) {
      const page = await getJson(next, signal);
      features.push(...(page.features || []));
      next = page.next;
    }
    return features;
  }

  function withQuery(url, params) {
    const query = new URLSearchParams(params).toString();
    return query ? `${url}?${query}` : url;
  }

  // The page's address keeps the current parameters, so a view can be bookmarked or sent on.
  function rememberQuery(params) {
    window.history.replaceState(null, "", withQuery(window.location.pathname, params));
  }

  const noticeBox = document.getElementById("planner-notices");

  function notice(text) {
    noticeBox.replaceChildren();
    if (text) {
      noticeBox.append(el("p", { class: "planner-notice" }, [text]));
    }
  }

  function describeError(error) {
    return error instanceof HttpError ? error.message : t.network_error;
  }

  function loadFailed(error) {
    if (error.name === "AbortError") {
      return;
    }
    notice(format(t.load_failed, { status: describeError(error) }));
  }

  const statusLine = document.getElementById("table-status");

  function status(text) {
    statusLine.textContent = text || "";
    statusLine.hidden = !text;
  }

  function number(value, digits) {
    if (value === null || value === undefined || value === "" || Number.isNaN(Number(value))) {
      return t.none;
    }
    return Number(value).toLocaleString(t.html_lang, {
      minimumFractionDigits: digits || 0,
      maximumFractionDigits: digits || 0,
    });
  }

  function percent(share, digits) {
    if (share === null || share === undefined) {
      return t.none;
    }
    return `${number(Number(share) * 100, digits === undefined ? 1 : digits)}%`;
  }

  // A table cell with a bar behind its figure (0..1 of the cell's width), drawn by CSS.
  function barCell(text, share, className) {
    const cell = el("td", { class: `num bar-cell ${className || ""}`.trim() }, [text]);
    const clamped = Math.max(0, Math.min(1, Number(share) || 0));
    cell.style.setProperty("--share", String(clamped));
    return cell;
  }

  function setState(state) {
    // Tests and assistive scripts can wait for this instead of guessing how long a load takes.
    document.documentElement.dataset.plannerState = state;
  }

  let loading = null;

  // One load at a time: a newer query aborts the older one, whose late answer would draw stale data.
  async function loadFeatures(url, draw) {
    if (loading) {
      loading.abort();
    }
    const controller = new AbortController();
    loading = controller;
    setState("loading");
    status(t.loading);
    try {
      const features = await getFeatures(url, controller.signal);
      notice("");
      draw(features);
      setState("ready");
    } catch (error) {
      if (controller.signal.aborted) {
        return;
      }
      loadFailed(error);
      status("");
      setState("failed");
    }
  }

  function periodParams() {
    return {
      start: document.getElementById("period-start").value,
      end: document.getElementById("period-end").value,
    };
  }

  const map = config.mapVariable ? window[config.mapVariable] : null;

  // Community outlines under the planning layers: with no tiles (offline), our own layers are the base map.
  function drawCommunities() {
    map.createPane("planner-context").style.zIndex = "350";
    const outlines = L.geoJSON(null, {
      pane: "planner-context",
      className: "planner-community",
      interactive: false,
      style: () => ({ color: "#2166ac", weight: 1.5, opacity: 0.9, fill: false, dashArray: "6 4" }),
    }).addTo(map);
    getFeatures(withQuery(config.communitiesUrl, { page_size: "5000" }))
      .then((features) => outlines.addData(features))
      .catch((error) => {
        noticeBox.after(el("p", { class: "planner-notice" }, [format(t.context_failed, { status: describeError(error) })]));
      });
  }

  if (map) {
    // Leaflet's credit links to its web site by default; the service shows no outside link.
    map.attributionControl.setPrefix("Leaflet");
    if (config.communitiesUrl) {
      drawCommunities();
    }
  }

  window.Planner = {
    config,
    t,
    map,
    format,
    el,
    getJson,
    getFeatures,
    download,
    describeError,
    withQuery,
    rememberQuery,
    notice,
    loadFailed,
    status,
    number,
    percent,
    barCell,
    periodParams,
    setState,
    loadFeatures,
  };

  if (config.badField) {
    notice(format(t.bad_period, { field: config.badField }));
  }
})();
