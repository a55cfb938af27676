/*
 * The panel of one grid cell or estate: its weekly trend as a small SVG sparkline and its newest
 * cases under the filter. Opened by a click on the map (through the locate answer) or on a hotspot
 * cell. Personal data shows only as the API gives it for the reader's role (masked or absent).
 */
import { el, svgEl } from "../dom.js";
import { gettext, interpolate } from "../i18n.js";
import { api, guard, onFilters } from "./hub.js";

/** Wires the panel to map clicks, hotspot clicks and the filter. */
export function initUnitPanel() {
  const panel = document.getElementById("unit-panel");
  const heading = document.getElementById("unit-heading");
  const tools = panel.querySelector(".unit-tools");
  const trendBox = panel.querySelector(".unit-trend");
  const totalBox = panel.querySelector(".unit-total");
  const casesBox = panel.querySelector(".unit-cases");
  const SPARK = { width: 240, height: 48, pad: 4 };
  let shown = null; // { level, code }
  let alternatives = {}; // level -> code, from the last map click
  let controller = null;

  function sparkline(weeks) {
    const counts = weeks.map((week) => week.count);
    const top = Math.max(1, ...counts);
    const step = weeks.length > 1 ? (SPARK.width - 2 * SPARK.pad) / (weeks.length - 1) : 0;
    const xy = counts.map((count, i) => [SPARK.pad + i * step, SPARK.height - SPARK.pad - (count / top) * (SPARK.height - 2 * SPARK.pad)]);
    const label = weeks.length
      ? interpolate(gettext("每周诉求量（%(first)s 起 %(weeks)s 周，最近一周 %(last)s 件，最多 %(max)s 件）"), {
          first: weeks[0].week,
          weeks: weeks.length,
          last: counts[counts.length - 1],
          max: Math.max(...counts),
        })
      : gettext("筛选范围内没有诉求。");
    const svg = svgEl("svg", { class: "sparkline", width: SPARK.width, height: SPARK.height, viewBox: `0 0 ${SPARK.width} ${SPARK.height}`, role: "img", "aria-label": label });
    svg.append(svgEl("polyline", { points: xy.map((p) => p.map((v) => v.toFixed(1)).join(",")).join(" "), fill: "none", stroke: "#2166ac", "stroke-width": 1.5 }));
    if (xy.length) {
      const [x, y] = xy[xy.length - 1];
      svg.append(svgEl("circle", { cx: x.toFixed(1), cy: y.toFixed(1), r: 2.5, fill: "#b2182b" }));
    }
    return [svg, el("p", { class: "hint" }, [label])];
  }

  function caseItem(item) {
    const meta = [item.received_at ? item.received_at.slice(0, 10) : "", item.category_name, item.status_label, item.sishi_type_label].filter(Boolean);
    const children = [el("span", { class: "case-meta" }, [meta.join(" · ")])];
    if (item.overdue) {
      children.push(" ", el("strong", { class: "overdue-badge" }, [gettext("超期")]));
    }
    children.push(el("p", { class: "case-text" }, [item.description || ""]));
    if (item.complainant_name) {
      const person = [item.complainant_name, item.complainant_phone].filter(Boolean).join(" ");
      children.push(el("p", { class: "case-person" }, [interpolate(gettext("诉求人：%(person)s"), { person })]));
    }
    return el("li", { "data-case": String(item.id) }, children);
  }

  function switchButtons() {
    const buttons = [];
    const other = { "grid-cells": ["housing-projects", gettext("看住宅项目")], "housing-projects": ["grid-cells", gettext("看网格")] }[shown.level];
    if (other && alternatives[other[0]]) {
      const button = el("button", { type: "button", class: "unit-switch" }, [other[1]]);
      button.addEventListener("click", () => open(other[0], alternatives[other[0]]));
      buttons.push(button);
    }
    const close = el("button", { type: "button", class: "unit-close" }, [gettext("关闭")]);
    close.addEventListener("click", () => {
      panel.hidden = true;
      shown = null;
    });
    buttons.push(close);
    return buttons;
  }

  async function load(signal) {
    if (!shown) {
      return;
    }
    const data = await guard("unit", api("unit/", shown, signal));
    if (!data || !shown || data.code !== shown.code) {
      return;
    }
    heading.textContent = interpolate(gettext("%(name)s 的诉求"), { name: data.name || data.code });
    const cases = data.cases || [];
    totalBox.textContent = cases.length ? interpolate(gettext("筛选范围内共 %(total)s 件，显示最新 %(shown)s 件"), { total: data.total, shown: cases.length }) : gettext("筛选范围内没有诉求。");
    trendBox.replaceChildren(...sparkline(data.weekly || []));
    casesBox.replaceChildren(...cases.map(caseItem));
    panel.dataset.code = data.code;
    panel.dataset.level = data.level;
  }

  function open(level, code) {
    shown = { level, code };
    panel.hidden = false;
    tools.replaceChildren(...switchButtons());
    heading.textContent = gettext("正在加载…");
    casesBox.replaceChildren();
    trendBox.replaceChildren();
    totalBox.textContent = "";
    if (controller) {
      controller.abort();
    }
    controller = new AbortController();
    panel.dataset.state = "loading";
    return load(controller.signal).finally(() => {
      panel.dataset.state = "ready";
    });
  }

  document.addEventListener("geogov:located", (event) => {
    const answer = event.detail || {};
    alternatives = {
      "grid-cells": answer.grid_cell ? answer.grid_cell.code : null,
      "housing-projects": answer.housing_project ? answer.housing_project.code : null,
    };
    if (alternatives["housing-projects"]) {
      open("housing-projects", alternatives["housing-projects"]);
    } else if (alternatives["grid-cells"]) {
      open("grid-cells", alternatives["grid-cells"]);
    }
  });
  document.addEventListener("geogov:unit", (event) => {
    alternatives = { [event.detail.level]: event.detail.code };
    open(event.detail.level, event.detail.code);
  });
  // A new filter reloads the open panel with it.
  onFilters((params, signal) => (shown ? load(signal) : null));
}
