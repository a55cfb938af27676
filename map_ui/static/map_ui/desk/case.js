/*
 * The case page's actions. Each form (rendered by the server only for the actions the services
 * would accept from this user now) is sent to the service behind it: /api/desk/assign/ for
 * dispatch and reassignment, the case's transition endpoint (with ledger_owner and
 * ledger_target_date for 挂账), its photos endpoint then the transition for 办结 with photos, and its
 * call-back records endpoint for 回访. On success the page is loaded again, so the status, the
 * actions, the call-backs and the trail are the server's; the refusal's reason is shown otherwise.
 */
import { readConfig } from "../dom.js";
import { describeError, isRequestError, requestJson } from "../http.js";
import { gettext } from "../i18n.js";
import { drawCaseMap } from "./case_map.js";
import { fillHandlers } from "./handlers.js";
import { assignBody, callbackBody, transitionBody } from "./requests.js";

const config = readConfig("case-config");
const error = document.getElementById("action-error");
const FLASH = "desk-case-flash";

const post = (url, body) => requestJson(url, { method: "POST", body });
const transition = (data) => post(config.transitionUrl, transitionBody(data, data.form.dataset.toStatus));

async function assign(data) {
  const answer = await post(config.assignUrl, assignBody(data, [config.case]));
  if (answer.failed.length) {
    throw new Error(answer.failed[0].reason);
  }
}

async function resolve(data) {
  for (const file of data.getAll("photos").filter((f) => f && f.size)) {
    const photo = new FormData();
    photo.append("image", file);
    photo.append("stage", "resolution");
    await post(config.photosUrl, photo);
  }
  await transition(data);
}

const SENDERS = {
  handler: assign,
  resolve,
  callback: (data) => post(config.callbacksUrl, callbackBody(data)),
  ledger: transition,
  reason: transition,
  confirm: transition,
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
    sessionStorage.setItem(FLASH, gettext("已保存。"));
    window.location.reload();
  } catch (failure) {
    error.textContent = isRequestError(failure) ? describeError(failure) : failure.message;
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
drawCaseMap(document.getElementById("case-map"), config.place);
document.documentElement.dataset.desk = "ready";
