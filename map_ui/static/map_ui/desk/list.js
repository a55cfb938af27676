/*
 * The case list's bulk reassignment (批量改派): select cases on this page, name a handler and/or a
 * department, and POST them to /api/desk/assign/ in one request. The answer says which cases were
 * reassigned and, for each one that was not, why; the list is then loaded again.
 */
import { el, format, readConfig } from "./dom.js";
import { requestJson } from "./http.js";
import { fillHandlers } from "./handlers.js";

// The results' parts are on the page only when the search found cases.
const form = document.getElementById("bulk-form");
const config = form && readConfig("desk-config");
const words = form && readConfig("desk-words");
const report = document.getElementById("bulk-report");
const boxes = () => [...form.querySelectorAll('input[name="case"]')];
const chosen = () => boxes().filter((box) => box.checked).map((box) => Number(box.value));

function showCount() {
  document.getElementById("bulk-selected").textContent = format(words.selected, { n: chosen().length });
}

function ticketOf(id) {
  const link = form.querySelector(`tr[data-case="${id}"] a`);
  return link ? link.textContent : `#${id}`;
}

function showReport(answer) {
  const items = answer.failed.map((f) => el("li", {}, [`${f.ticket_no || ticketOf(f.id)}：${f.reason}`]));
  const reload = el("a", { href: window.location.href }, [words.reload]);
  report.replaceChildren(
    el("p", {}, [format(words.done, { n: answer.done.length })]),
    ...(items.length ? [el("p", {}, [format(words.failed, { n: items.length })]), el("ul", {}, items)] : []),
    el("p", {}, [reload]),
  );
}

async function submit(event) {
  event.preventDefault();
  const cases = chosen();
  if (!cases.length) {
    report.replaceChildren(el("p", { class: "error" }, [words.choose]));
    return;
  }
  const data = new FormData(form);
  const body = { cases, assignee: data.get("assignee") || null, department: data.get("department") || null };
  body.note = data.get("note") || "";
  const button = form.querySelector('button[type="submit"]');
  button.disabled = true;
  try {
    showReport(await requestJson(config.assignUrl, { method: "POST", body }));
  } catch (error) {
    report.replaceChildren(el("p", { class: "error" }, [error.message || words.network]));
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
