/*
 * Reporting a new problem: a pin from GPS or a tap on the map, where it falls (community, grid
 * cell, estate) and whether it sits near a boundary, then category, description and photos.
 * The case is stored in the outbox first and sent from there at once when online: the form then
 * says the case number, or the server's reason for a refusal (the form keeps what was typed), or
 * that the case waits on this phone for the network.
 */
import { el } from "../dom.js";
import { joinList } from "../format.js";
import { gettext, interpolate } from "../i18n.js";
import { api, categoryNames, config } from "./core.js";
import * as outbox from "./outbox.js";
import * as photoTools from "./photos.js";

const LAYER_NAMES = { community: gettext("社区"), grid_cell: gettext("网格"), housing_project: gettext("住宅项目") };

const COORDINATE_DIGITS = 7; // about 1 cm: more would only pretend precision

const form = document.getElementById("report-form");
const info = document.getElementById("pin-info");
const warning = document.getElementById("pin-warning");
const message = document.getElementById("report-message");
const photoInput = document.getElementById("report-photos");
const previews = document.getElementById("photo-previews");
const categorySelect = document.getElementById("report-category");
const submitButton = document.getElementById("report-submit");

let map = null;
let hooks = { showTab: () => {}, cellAt: () => null };
let pin = null;
let pinLayers = [];
let lookupSeq = 0;
let photos = { blobs: [], problems: [] };
let photosReady = Promise.resolve();

function row(label, value) {
  return [el("dt", {}, [label]), el("dd", {}, [value])];
}

function placeName(found) {
  return found ? found.name || found.code : gettext("无");
}

function pinRows(current) {
  const source = current.source === "gps" ? gettext("GPS定位") : gettext("地图选点");
  const accuracy =
    current.accuracy === null ? "" : `，${interpolate(gettext("精度约 ±%(metres)s 米"), { metres: Math.round(current.accuracy) })}`;
  const point = `${current.lat.toFixed(6)}, ${current.lon.toFixed(6)}`;
  return [...row(gettext("坐标"), point), ...row(gettext("位置"), source + accuracy)];
}

function renderPlace(current, located, note) {
  const rows = pinRows(current);
  if (located && located.inside) {
    rows.push(...row(gettext("社区"), placeName(located.community)));
    rows.push(...row(gettext("网格"), placeName(located.grid_cell && { code: located.grid_cell.code })));
    rows.push(...row(gettext("住宅项目"), placeName(located.housing_project)));
  }
  const parts = [el("dl", { class: "m-place-list" }, rows)];
  if (located && !located.inside) {
    parts.push(el("p", { class: "m-warning-text" }, [gettext("该点不在本街道范围内，提交后将作为非本辖区诉求退回。")]));
  }
  if (note) {
    parts.push(el("p", { class: "m-hint" }, [note]));
  }
  info.replaceChildren(...parts);
}

function renderNear(answer) {
  if (!answer || !answer.near.length) {
    warning.hidden = true;
    warning.replaceChildren();
    return;
  }
  const items = answer.near.map((near) => {
    const template = near.inside ? gettext("%(layer)s %(name)s（所在）边界 %(distance)s 米") : gettext("%(layer)s %(name)s（相邻）边界 %(distance)s 米");
    const layer = LAYER_NAMES[near.layer] || near.layer;
    return el("li", {}, [interpolate(template, { layer, name: near.name || near.code, distance: near.distance_m })]);
  });
  warning.replaceChildren(
    el("p", {}, [interpolate(gettext("注意：该点距边界不足 %(metres)s 米，请核对所属区域："), { metres: answer.threshold_m })]),
    el("ul", {}, items),
  );
  warning.hidden = false;
}

function offlineNote(current) {
  const cell = hooks.cellAt(current.lon, current.lat);
  return cell
    ? interpolate(gettext("离线：按本机保存的网格判断，位于我的网格 %(code)s。"), { code: cell })
    : gettext("离线：所属社区、网格将在发送后由服务器确定。");
}

async function lookup(current) {
  const seq = (lookupSeq += 1);
  const query = new URLSearchParams({ lon: current.lon, lat: current.lat });
  renderPlace(current, null, gettext("正在加载…"));
  renderNear(null);
  try {
    const [located, near] = await Promise.all([
      api("GET", `${config.urls.locate}?${query}&crs=wgs84`),
      api("GET", `${config.urls.nearBoundary}?${query}`),
    ]);
    if (seq === lookupSeq) {
      renderPlace(current, located, null);
      renderNear(near);
    }
  } catch (error) {
    if (seq === lookupSeq) {
      const note =
        error.kind === "network"
          ? offlineNote(current)
          : interpolate(gettext("位置查询暂时不可用（%(status)s）。"), { status: error.message });
      renderPlace(current, null, note);
    }
  }
}

function drawPin(current) {
  pinLayers.forEach((layer) => layer.remove());
  const latlng = [current.lat, current.lon];
  pinLayers = [L.circleMarker(latlng, { radius: 9, color: "#ffffff", weight: 3, fillColor: "#c51b7d", fillOpacity: 1, className: "m-pin" })];
  if (current.accuracy) {
    pinLayers.unshift(L.circle(latlng, { radius: current.accuracy, color: "#c51b7d", weight: 1, fillOpacity: 0.1, interactive: false }));
  }
  pinLayers.forEach((layer) => layer.addTo(map));
}

function setPin(lat, lon, source, accuracy) {
  const round = (value) => Number(value.toFixed(COORDINATE_DIGITS));
  pin = { lat: round(lat), lon: round(lon), source, accuracy: accuracy === undefined ? null : accuracy };
  message.textContent = "";
  drawPin(pin);
  lookup(pin);
}

function gpsFailed(reason) {
  return interpolate(gettext("无法获取GPS位置：%(reason)s。请在地图上点选位置。"), { reason });
}

function useGps() {
  if (!navigator.geolocation) {
    info.replaceChildren(el("p", { class: "m-warning-text" }, [gpsFailed("-")]));
    return;
  }
  info.replaceChildren(el("p", { class: "m-hint" }, [gettext("正在定位…")]));
  navigator.geolocation.getCurrentPosition(
    (position) => {
      const { latitude, longitude, accuracy } = position.coords;
      setPin(latitude, longitude, "gps", accuracy);
      map.setView([latitude, longitude], Math.max(map.getZoom(), 17));
    },
    (error) => info.replaceChildren(el("p", { class: "m-warning-text" }, [gpsFailed(error.message)])),
    { enableHighAccuracy: true, timeout: 20000, maximumAge: 0 },
  );
}

async function loadCategories() {
  try {
    const answer = await api("GET", config.urls.categories);
    answer.categories.forEach((c) => categoryNames.set(c.code, c.name));
    categorySelect.append(...answer.categories.map((c) => el("option", { value: c.code }, [c.name])));
  } catch (error) {
    message.textContent = interpolate(gettext("位置查询暂时不可用（%(status)s）。"), { status: error.message });
  }
}

function missingFields() {
  const missing = [];
  if (!pin) missing.push(gettext("位置"));
  if (!categorySelect.value) missing.push(gettext("问题分类"));
  if (!form.elements.description.value.trim()) missing.push(gettext("问题描述"));
  return missing;
}

function resetForm() {
  form.reset();
  photos = { blobs: [], problems: [] };
  photoTools.showPreviews(previews, []);
  pinLayers.forEach((layer) => layer.remove());
  pin = null;
  info.replaceChildren();
  renderNear(null);
}

async function submit(event) {
  event.preventDefault();
  await photosReady;
  const missing = missingFields();
  if (missing.length) {
    message.textContent = interpolate(gettext("请填写：%(fields)s"), { fields: joinList(missing) });
    return;
  }
  const body = {
    channel: "grid_patrol",
    category: categorySelect.value,
    description: form.elements.description.value.trim(),
    lon: pin.lon,
    lat: pin.lat,
    crs: "wgs84",
    location_source: pin.source === "gps" ? "gps" : "map_pick",
    accuracy: pin.accuracy,
  };
  // One case per press: a second tap while the first is on its way would send it twice.
  submitButton.disabled = true;
  message.classList.remove("m-refused");
  message.textContent = gettext("正在提交…");
  let outcome;
  try {
    outcome = await outbox.submit({ id: crypto.randomUUID(), kind: "create", body, photos: photos.blobs });
  } finally {
    submitButton.disabled = false;
  }
  if (outcome.state === "refused") {
    // The server said no (not a lost signal): nothing is stored here or there, and the form keeps
    // what was typed so that the worker can correct it.
    message.classList.add("m-refused");
    message.textContent = interpolate(gettext("未被接受：%(reason)s"), { reason: outcome.error.message });
    return;
  }
  resetForm();
  message.textContent = outcomeText(outcome);
}

// A case's number as people quote it: the 12345 ticket when it has one, else ours.
function caseNumber(complaint) {
  return complaint.ticket_no || `#${complaint.id}`;
}

function outcomeText(outcome) {
  if (outcome.state === "sent") {
    return interpolate(gettext("已提交，编号 %(number)s。"), { number: caseNumber(outcome.complaint) });
  }
  if (outcome.state === "failed") {
    const values = { number: caseNumber({ id: outcome.complaintId }), reason: outcome.error.message };
    return interpolate(gettext("已提交，编号 %(number)s；照片未被接受：%(reason)s"), values);
  }
  return gettext("已保存在本机，联网后自动发送。");
}

/** Wires the form to the map; `hooks` are the page's showTab(name) and cellAt(lon, lat) (app.js). */
export function init(leafletMap, pageHooks) {
  map = leafletMap;
  hooks = pageHooks;
  map.on("click", (event) => {
    hooks.showTab("report");
    setPin(event.latlng.lat, event.latlng.lng, "map_pick");
  });
  document.getElementById("use-gps").addEventListener("click", useGps);
  photoInput.addEventListener("change", () => {
    photosReady = photoTools.collect(photoInput, previews, config.maxPhotos).then((result) => {
      photos = result;
      message.textContent = result.problems.join(" ");
    });
  });
  form.addEventListener("submit", submit);
  loadCategories();
}

