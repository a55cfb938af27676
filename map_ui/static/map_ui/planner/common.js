/*
 * Shared parts of the planners' pages (/planner/): the page's configuration (#planner-config,
 * map_ui/planner.py), notices, the table's status line, number formats and loading; and, on
 * import, the community outlines under the map's planning layers and the notice of a bad period.
 * The linked table and map are in linked.js.
 */
import { el, pageLanguage, readConfig } from "../dom.js";
import { fileNameOf, formatNumber, withQuery } from "../format.js";
import { describeError, getFeatures, request } from "../http.js";
import { gettext, interpolate } from "../i18n.js";
import { fitStart } from "../start.js";

export { describeError, getFeatures, withQuery };
export { getJson } from "../http.js";

export const config = readConfig("planner-config");
export const map = config.mapVariable ? window[config.mapVariable] : null;

/** A figure with exactly `digits` decimals in the reader's locale; 无 when there is none. */
export function number(value, digits) {
  return formatNumber(value, { digits: digits || 0, fixed: true, locale: pageLanguage(), absent: gettext("无") });
}

/** A share (0..1) as a percentage. */
export function percent(share, digits) {
  if (share === null || share === undefined) {
    return gettext("无");
  }
  return `${number(Number(share) * 100, digits === undefined ? 1 : digits)}%`;
}

// A file from the API saved by the browser; fetched first, so an error answer is shown, not saved.
export async function download(url, fallbackName) {
  const response = await request(url, { accept: "*/*" });
  const blob = await response.blob();
  const href = URL.createObjectURL(blob);
  const link = el("a", { href, download: fileNameOf(response.headers.get("Content-Disposition")) || fallbackName });
  document.body.append(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(href), 1000);
}

// The page's address keeps the current parameters, so a view can be bookmarked or sent on.
export function rememberQuery(params) {
  window.history.replaceState(null, "", withQuery(window.location.pathname, params));
}

const noticeBox = document.getElementById("planner-notices");

export function notice(text) {
  noticeBox.replaceChildren();
  if (text) {
    noticeBox.append(el("p", { class: "planner-notice" }, [text]));
  }
}

export function loadFailed(error) {
  if (error.name === "AbortError") {
    return;
  }
  notice(interpolate(gettext("数据暂时无法加载（%(status)s）。"), { status: describeError(error) }));
}

const statusLine = document.getElementById("table-status");

export function status(text) {
  statusLine.textContent = text || "";
  statusLine.hidden = !text;
}

// A table cell with a bar behind its figure (0..1 of the cell's width), drawn by CSS.
export function barCell(text, share, className) {
  const cell = el("td", { class: `num bar-cell ${className || ""}`.trim() }, [text]);
  const clamped = Math.max(0, Math.min(1, Number(share) || 0));
  cell.style.setProperty("--share", String(clamped));
  return cell;
}

export function setState(state) {
  // Tests and assistive scripts can wait for this instead of guessing how long a load takes.
  document.documentElement.dataset.plannerState = state;
}

let loading = null;

// One load at a time: a newer query aborts the older one, whose late answer would draw stale data.
export async function loadFeatures(url, draw) {
  if (loading) {
    loading.abort();
  }
  const controller = new AbortController();
  loading = controller;
  setState("loading");
  status(gettext("正在加载…"));
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

export function periodParams() {
  return {
    start: document.getElementById("period-start").value,
    end: document.getElementById("period-end").value,
  };
}

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
      const text = interpolate(gettext("社区边界暂时无法加载（%(status)s），规划数据不受影响。"), {
        status: describeError(error),
      });
      noticeBox.after(el("p", { class: "planner-notice" }, [text]));
    });
}

if (map) {
  // Leaflet's credit links to its web site by default; the service shows no outside link.
  map.attributionControl.setPrefix("Leaflet");
  // The whole sub-district while the page's own data loads (each page then fits to what it drew).
  fitStart(map, config.startBounds);
  if (config.communitiesUrl) {
    drawCommunities();
  }
}

if (config.badField) {
  const text = gettext("日期无效：%(field)s 应为 YYYY-MM-DD 格式的日期，且开始日期不晚于结束日期。已改用默认统计期。");
  notice(interpolate(text, { field: config.badField }));
}
