/*
 * My open cases: a list with the time left before each deadline, markers on the map, and one
 * case at a time with the status changes a grid worker may make (响应, 办理中, 办结, with a photo).
 * What the server will not show this worker (another worker's case: HTTP 404) shows as nothing.
 */
import { el, pageLanguage } from "../dom.js";
import { timeLeft } from "../format.js";
import { gettext, interpolate } from "../i18n.js";
import { api, categoryNames, config, on } from "./core.js";
import * as outbox from "./outbox.js";
import { resizeToJpeg } from "./photos.js";

const STATUS_CHANGES = {
  responded: gettext("已响应"),
  in_progress: gettext("开始办理"),
  resolved: gettext("已办结"),
};

// The changes a grid worker makes from each status (layers/services/complaints.py TRANSITIONS).
const ACTIONS = {
  dispatched: ["responded"],
  responded: ["in_progress", "resolved"],
  in_progress: ["resolved"],
  escalated: ["in_progress", "resolved"],
};

const list = document.getElementById("cases-list");
const pendingList = document.getElementById("pending-list");
const listMessage = document.getElementById("cases-message");
const caseBody = document.getElementById("case-body");
let markers = null;
let openCaseId = null;

function caseUrl(id) {
  return `${config.urls.complaints}${id}/`;
}

function dueText(complaint) {
  if (!config.openStatuses.includes(complaint.status)) {
    // A finished or parked case has no clock running; its deadline is history.
    return el("span", { class: "m-due-past" }, [complaint.due_at ? new Date(complaint.due_at).toLocaleString(pageLanguage()) : gettext("无时限")]);
  }
  const left = timeLeft(complaint.due_at);
  return el("span", { class: left.overdue ? "m-due m-overdue" : "m-due" }, [left.text]);
}

function caseItem(complaint) {
  const link = el("a", { href: `#case/${complaint.id}`, class: "m-case-link" }, [
    el("span", { class: "m-case-title" }, [`${complaint.category_name} · ${complaint.status_label}`]),
    el("span", { class: "m-case-text" }, [complaint.description]),
    el("span", { class: "m-case-meta" }, [complaint.grid_cell ? complaint.grid_cell.code : "", " ", dueText(complaint)]),
  ]);
  return el("li", { class: "m-case", "data-id": String(complaint.id) }, [link]);
}

function drawMarkers(complaints) {
  markers.clearLayers();
  complaints.filter((c) => c.location).forEach((complaint) => {
    const overdue = timeLeft(complaint.due_at).overdue;
    L.circleMarker([complaint.location.lat, complaint.location.lon], {
      radius: 8,
      color: "#ffffff",
      weight: 2,
      fillColor: overdue ? "#a4161a" : "#1f78b4",
      fillOpacity: 0.95,
      bubblingMouseEvents: false,
      className: "m-case-marker",
    })
      .on("click", () => (window.location.hash = `#case/${complaint.id}`))
      .addTo(markers);
  });
}

export async function load() {
  listMessage.textContent = gettext("正在加载…");
  try {
    const page = await api("GET", config.urls.openCases);
    list.replaceChildren(...page.results.map(caseItem));
    drawMarkers(page.results);
    const notes = [
      navigator.onLine ? "" : gettext("离线：显示的是上次联网时的数据。"),
      page.results.length ? "" : gettext("暂无未办结的诉求。"),
    ];
    listMessage.textContent = notes.filter(Boolean).join(" ");
  } catch (error) {
    listMessage.textContent = interpolate(gettext("诉求列表暂时无法加载（%(status)s）。"), { status: error.message });
  }
}

function pendingItem(item) {
  const title = item.kind === "create" ? categoryNames.get(item.body.category) || item.body.category : gettext("处理");
  const text = item.kind === "create" ? item.body.description : `#${item.body.complaintId} → ${STATUS_CHANGES[item.body.to_status]}`;
  const state = item.failed ? interpolate(gettext("发送失败：%(reason)s"), { reason: item.lastError }) : gettext("待发送");
  const discard = item.failed ? el("button", { type: "button", class: "m-discard" }, [gettext("放弃此条")]) : null;
  if (discard) {
    discard.addEventListener("click", () => outbox.discard(item.id));
  }
  return el("li", { class: item.failed ? "m-case m-pending m-failed" : "m-case m-pending" }, [
    el("span", { class: "m-case-title" }, [`${title} · ${state}`]),
    el("span", { class: "m-case-text" }, [text]),
    discard,
  ]);
}

function showPending(items) {
  pendingList.replaceChildren(...items.map(pendingItem));
}

function detailRows(complaint) {
  const rows = [
    [gettext("状态"), complaint.status_label],
    [gettext("办理时限"), dueText(complaint)],
    [gettext("问题分类"), complaint.category_name],
    [gettext("问题描述"), complaint.description],
    [gettext("社区"), complaint.community ? complaint.community.name : gettext("无")],
    [gettext("网格"), complaint.grid_cell ? complaint.grid_cell.code : gettext("无")],
    [gettext("住宅项目"), complaint.housing_project ? complaint.housing_project.name : gettext("无")],
    [gettext("接诉时间"), new Date(complaint.received_at).toLocaleString(pageLanguage())],
  ];
  return el("dl", { class: "m-place-list" }, rows.flatMap(([label, value]) => [el("dt", {}, [label]), el("dd", {}, [value])]));
}

function photoStrip(complaint) {
  const images = (complaint.photos || []).map((photo) =>
    el("img", { src: photo.url, alt: `${gettext("照片")} ${photo.id}`, class: "m-preview", loading: "lazy" }),
  );
  return el("div", { class: "m-previews" }, images);
}

async function queueChange(complaint, toStatus, form) {
  const stage = toStatus === "resolved" ? "resolution" : "response";
  const file = form.elements.photo.files[0];
  const blobs = file ? [await resizeToJpeg(file, config.photoMaxSide)] : [];
  const baseline = (complaint.photos || []).filter((photo) => photo.stage === stage).length;
  const message = form.querySelector(".m-message");
  const buttons = [...form.querySelectorAll("button")];
  // One change at a time: a second tap while the first is on its way would queue it twice.
  buttons.forEach((button) => (button.disabled = true));
  message.textContent = gettext("正在发送…");
  const outcome = await outbox.submit({
    id: crypto.randomUUID(),
    kind: "transition",
    body: { complaintId: complaint.id, to_status: toStatus, note: form.elements.note.value.trim() },
    photos: blobs,
    photoBaseline: baseline,
  });
  buttons.forEach((button) => (button.disabled = false));
  if (outcome.state === "refused") {
    // Refused by the server (not a lost signal): not queued; the note and photo stay to correct.
    message.textContent = interpolate(gettext("未被接受：%(reason)s"), { reason: outcome.error.message });
  } else if (outcome.state === "sent") {
    // Sent: show the case as the server now has it, with the next possible steps.
    await open(complaint.id);
    const shown = caseBody.querySelector(".m-message");
    if (shown) {
      shown.textContent = gettext("已更新。");
    } else {
      caseBody.append(el("p", { class: "m-message", role: "status" }, [gettext("已更新。")]));
    }
  } else {
    message.textContent = gettext("已保存，联网后自动发送。");
  }
}

function actionForm(complaint) {
  const actions = ACTIONS[complaint.status] || [];
  if (!actions.length) {
    return el("p", { class: "m-hint" }, [gettext("当前状态下无需网格员操作。")]);
  }
  const buttons = actions.map((status) =>
    el("button", { type: "button", class: "primary", "data-to": status }, [STATUS_CHANGES[status]]),
  );
  const form = el("form", { class: "m-actions" }, [
    el("h3", {}, [gettext("处理")]),
    el("label", { for: "action-note" }, [gettext("处理说明")]),
    el("textarea", { id: "action-note", name: "note", rows: "2", maxlength: "4000" }),
    el("label", { for: "action-photo" }, [gettext("现场/办结照片（1张）")]),
    el("input", { id: "action-photo", name: "photo", type: "file", accept: "image/*", capture: "environment" }),
    el("p", { class: "m-message", role: "status" }),
    el("div", { class: "m-buttons" }, buttons),
  ]);
  buttons.forEach((button) =>
    button.addEventListener("click", () => queueChange(complaint, button.dataset.to, form)),
  );
  return form;
}

export async function open(id) {
  openCaseId = String(id);
  caseBody.replaceChildren(el("p", { class: "m-hint" }, [gettext("正在加载…")]));
  try {
    const complaint = await api("GET", caseUrl(id));
    caseBody.replaceChildren(detailRows(complaint), photoStrip(complaint), actionForm(complaint));
  } catch (error) {
    const text =
      error.status === 404
        ? gettext("未找到该诉求，或您无权查看。")
        : interpolate(gettext("诉求暂时无法加载（%(status)s）。"), { status: error.message });
    caseBody.replaceChildren(el("p", { class: "m-warning-text", role: "alert" }, [text]));
  }
}

export function init(map) {
  markers = L.layerGroup().addTo(map);
  on("outbox-changed", ({ items }) => showPending(items));
  on("outbox-sent", ({ item }) => {
    load();
    // A change queued offline has reached the server: show the case as it now stands.
    const panelOpen = !document.getElementById("panel-case").hidden;
    if (item.kind === "transition" && panelOpen && String(item.body.complaintId) === openCaseId) {
      open(openCaseId);
    }
  });
}

