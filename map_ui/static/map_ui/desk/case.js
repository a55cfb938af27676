/*
 * The case page's actions. Each form (rendered by the server only for the actions the services
 * would accept from this user now) is sent to the service behind it: /api/desk/assign/ for
 * dispatch and reassignment, the case's transition endpoint (with ledger_owner and
 * ledger_target_date for 挂账), its photos endpoint then the transition for 办结 with photos, and its
 * call-back records endpoint for 回访. On success the page is loaded again, so the status, the
 * actions and the trail are the server's; the refusal's reason is shown otherwise.
 */
import { readConfig } from "./dom.js";
import { requestJson } from "./http.js";
import { fillHandlers } from "./handlers.js";

const config = readConfig("case-config");
const words = readConfig("desk-words");
const error = document.getElementById("action-error");
const FLASH = "desk-case-flash";

function transition(data, extra = {}) {
  const body = { to_status: data.form.dataset.toStatus, note: data.get("note") || "", ...extra };
  return requestJson(config.transitionUrl, { method: "POST", body });
}

async function assign(data) {
  const body = { cases: [config.case], note: data.get("note") || "" };
  body.assignee = data.get("assignee") || null;
  body.department = data.get("department") || null;
  const answer = await requestJson(config.assignUrl, { method: "POST", body });
  if (answer.failed.length) {
    throw new Error(answer.failed[0].reason);
  }
}

async function resolve(data) {
  for (const file of data.getAll("photos").filter((f) => f && f.size)) {
    const photo = new FormData();
    photo.append("image", file);
    photo.append("stage", "resolution");
    await requestJson(config.photosUrl, { method: "POST", body: photo });
  }
  await transition(data);
}

function callback(data) {
  const when = data.get("called_at");
  const body = {
    reached: data.get("reached") === "true",
    satisfaction: data.get("satisfaction") || null,
    remark: data.get("remark") || "",
    // The browser's local time with its offset, as the API asks (ISO 8601 with a zone).
    called_at: when ? new Date(when).toISOString() : null,
  };
  return requestJson(config.callbacksUrl, { method: "POST", body });
}

const SENDERS = {
  handler: assign,
  resolve,
  callback,
  ledger: (data) =>
    transition(data, {
      ledger_owner: data.get("ledger_owner"),
      ledger_target_date: data.get("ledger_target_date"),
    }),
  reason: (data) => transition(data),
  confirm: (data) => transition(data),
};

async function send(event) {
  event.preventDefault();
  const form = event.target;
  const data = new FormData(form);
  data.form = form;
  const button = form.querySelector('button[type="submit"]');
  button.disabled = true;
  error.textContent = "";
  document.getElementById("case-message").textContent = "";
  try {
    await SENDERS[form.dataset.form](data);
    sessionStorage.setItem(FLASH, words.saved);
    window.location.reload();
  } catch (failure) {
    error.textContent = failure.message || words.network;
    button.disabled = false;
  }
}

document.querySelectorAll("form[data-action]").forEach((form) => form.addEventListener("submit", send));
const flash = sessionStorage.getItem(FLASH);
if (flash) {
  sessionStorage.removeItem(FLASH);
  document.getElementById("case-message").textContent = flash;
}
fillHandlers();
