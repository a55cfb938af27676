/*
 * The case list's bulk reassignment (批量改派): select cases on this page, name a handler and/or a
 * department, and POST them to /api/desk/assign/ in one request. The answer says which cases were
 * reassigned and, for each one that was not, why; the list is then loaded again.
 */
import { el, readConfig } from "../dom.js";
import { describeError, requestJson } from "../http.js";
import { gettext, interpolate, ngettext } from "../i18n.js";
import { fillHandlers } from "./handlers.js";
import { assignBody } from "./requests.js";

// The results' parts are on the page only when the search found cases.
const form = document.getElementById("bulk-form");
const config = form && readConfig("desk-config");
const report = document.getElementById("bulk-report");
const boxes = () => [...form.querySelectorAll('input[name="case"]')];
const chosen = () => boxes().filter((box) => box.checked).map((box) => Number(box.value));

function showCount() {
  const n = chosen().length;
  document.getElementById("bulk-selected").textContent = interpolate(ngettext("已选 %(n)s 件", "已选 %(n)s 件", n), { n });
}

function ticketOf(id) {
  const link = form.querySelector(`tr[data-case="${id}"] a`);
  return link ? link.textContent : `#${id}`;
}

function showReport(answer) {
  const items = answer.failed.map((f) => el("li", {}, [`${f.ticket_no || ticketOf(f.id)}：${f.reason}`]));
  const done = answer.done.length;
  const failed = items.length;
  report.replaceChildren(
    el("p", {}, [interpolate(ngettext("已改派 %(n)s 件。", "已改派 %(n)s 件。", done), { n: done })]),
    ...(failed
      ? [el("p", {}, [interpolate(ngettext("%(n)s 件未改派：", "%(n)s 件未改派：", failed), { n: failed })]), el("ul", {}, items)]
      : []),
    el("p", {}, [el("a", { href: window.location.href }, [gettext("刷新列表")])]),
  );
}

async function submit(event) {
  event.preventDefault();
  const cases = chosen();
  if (!cases.length) {
    report.replaceChildren(el("p", { class: "error" }, [gettext("请先勾选要改派的诉求。")]));
    return;
  }
  const button = form.querySelector('button[type="submit"]');
  button.disabled = true;
  try {
    showReport(await requestJson(config.assignUrl, { method: "POST", body: assignBody(new FormData(form), cases) }));
  } catch (error) {
    report.replaceChildren(el("p", { class: "error" }, [describeError(error)]));
  } finally {
    button.disabled = false;
  }
}

fillHandlers();
if (form) {
  document.getElementById("select-page").addEventListener("change", (event) => {
    boxes().forEach((box) => {
      box.checked = event.target.checked;
    });
    showCount();
  });
  form.addEventListener("change", showCount);
  form.addEventListener("submit", submit);
  showCount();
}
document.documentElement.dataset.desk = "ready";
