/*
 * The panel of one grid cell or estate: its weekly trend as a small SVG sparkline and its newest
 * cases under the filter. Opened by a click on the map (through the locate answer) or on a hotspot
 * cell. Personal data shows only as the API gives it for the reader's role (masked or absent).
 */
(function () {
  "use strict";

  const g = window.geoGov;
  const dash = window.geoGovDash;
  const t = dash.t;
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
      ? g.format(t.unit_trend, { first: weeks[0].week, weeks: weeks.length, last: counts[counts.length - 1], max: Math.max(...counts) })
      : t.unit_empty;
    const svg = g.svgEl("svg", { class: "sparkline", width: SPARK.width, height: SPARK.height, viewBox: `0 0 ${SPARK.width} ${SPARK.height}`, role: "img", "aria-label": label });
    svg.append(g.svgEl("polyline", { points: xy.map((p) => p.map((v) => v.toFixed(1)).join(",")).join(" "), fill: "none", stroke: "#2166ac", "stroke-width": 1.5 }));
    if (xy.length) {
      const [x, y] = xy[xy.length - 1];
      svg.append(g.svgEl("circle", { cx: x.toFixed(1), cy: y.toFixed(1), r: 2.5, fill: "#b2182b" }));
    }
    return [svg, g.el("p", { class: "hint" }, [label])];
  }

  function caseItem(item) {
    const meta = [item.received_at ? item.received_at.slice(0, 10) : "", item.category_name, item.status_label, item.sishi_type_label].filter(Boolean);
    const children = [g.el("span", { class: "case-meta" }, [meta.join(" · ")])];
    if (item.overdue) {
      children.push(" ", g.el("strong", { class: "overdue-badge" }, [t.overdue]));
    }
    children.push(g.el("p", { class: "case-text" }, [item.description || ""]));
    if (item.complainant_name) {
      children.push(g.el("p", { class: "case-person" }, [`${t.complainant}：${item.complainant_name}${item.complainant_phone ? ` ${item.complainant_phone}` : ""}`]));
    }
    return g.el("li", { "data-case": String(item.id) }, children);
  }

  function switchButtons() {
    const buttons = [];
    const other = { "grid-cells": ["housing-projects", t.unit_switch_estate], "housing-projects": ["grid-cells", t.unit_switch_cell] }[shown.level];
    if (other && alternatives[other[0]]) {
      const button = g.el("button", { type: "button", class: "unit-switch" }, [other[1]]);
      button.addEventListener("click", () => open(other[0], alternatives[other[0]]));
      buttons.push(button);
    }
    const close = g.el("button", { type: "button", class: "unit-close" }, [t.unit_close]);
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
    const data = await dash.guard("unit", dash.api("unit/", shown, signal));
    if (!data || !shown || data.code !== shown.code) {
      return;
    }
    heading.textContent = g.format(t.unit_heading, { name: data.name || data.code });
    const cases = data.cases || [];
    totalBox.textContent = cases.length ? g.format(t.unit_total, { total: data.total, shown: cases.length }) : t.unit_empty;
    trendBox.replaceChildren(...sparkline(data.weekly || []));
    casesBox.replaceChildren(...cases.map(caseItem));
    panel.dataset.code = data.code;
    panel.dataset.level = data.level;
  }

  function open(level, code) {
    shown = { level, code };
    panel.hidden = false;
    tools.replaceChildren(...switchButtons());
    heading.textContent = t.unit_loading;
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
  dash.onFilters((params, signal) => (shown ? load(signal) : null));
})();
