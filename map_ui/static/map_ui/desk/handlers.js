/*
 * The handlers a case can be given to, from the page's JSON (desk-handlers-data), as the options of
 * <datalist id="desk-handlers">: the assignee filter, 派单/改派 and the bulk action suggest from it.
 * Typing a user name works without it.
 */
import { el, readConfig } from "../dom.js";

export function fillHandlers() {
  const list = document.getElementById("desk-handlers");
  if (!list) {
    return;
  }
  const options = readConfig("desk-handlers-data").map((h) =>
    el("option", { value: h.username }, [[h.name, h.role, h.unit].filter(Boolean).join(" · ")]),
  );
  list.replaceChildren(...options);
}
