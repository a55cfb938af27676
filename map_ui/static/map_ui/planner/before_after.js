/*
 * /planner/before-after/: renovated estates' complaint density per category before and after the
 * works (GET planning-before-after), with CSS bars, the change and whether it is beyond chance.
 */
(function () {
  "use strict";

  const P = window.Planner;
  const { t, config, el, number } = P;

  const body = document.getElementById("before-after-body");
  const filter = document.getElementById("category-filter");
  const TOTALS = "__totals__";
  let results = [];
  let totals = [];

  function categories(rows) {
    const seen = new Map();
    rows.forEach((row) => seen.set(row.category, row.category_name || row.category));
    return [...seen];
  }

  function fillFilter(rows) {
    const options = categories(rows).map(([code, name]) => el("option", { value: code }, [name]));
    const together = totals.length ? [el("option", { value: TOTALS }, [t.categories_together])] : [];
    filter.replaceChildren(el("option", { value: "" }, [t.all_categories]), ...together, ...options);
  }

  // Two bars on one scale (the largest density shown): before in grey, after in the brand colour,
  // each with its figure, so the chart reads without colour too.
  function chart(row, scale) {
    const bar = (kind, value) =>
      el("div", { class: `ba-bar ba-${kind}` }, [
        el("span", { class: "ba-label" }, [t[kind]]),
        el("span", { class: "ba-track" }, [
          el("span", { class: "ba-fill", style: `width:${scale > 0 ? (100 * value) / scale : 0}%` }),
        ]),
        el("span", { class: "ba-value" }, [number(value, 1)]),
      ]);
    return el("td", { class: "ba-chart" }, [
      bar("before", Number(row.before_per_100_per_year) || 0),
      bar("after", Number(row.after_per_100_per_year) || 0),
    ]);
  }

  function change(row) {
    if (row.change_pct === null || row.change_pct === undefined) {
      return t.none;
    }
    const value = Number(row.change_pct);
    const sign = value > 0 ? "+" : "";
    return `${sign}${number(value, 1)}%`;
  }

  function rowFor(row, scale) {
    const works = `${row.renovation_start || "?"} – ${row.renovation_end || "?"}`;
    const significant = row.significant ? t.significant_yes : t.significant_no;
    return el("tr", { class: row.significant ? "is-significant" : "" }, [
      el("th", { scope: "row" }, [row.name || row.code, el("span", { class: "code" }, [` ${row.code}`])]),
      el("td", {}, [works]),
      el("td", {}, [row.category_name || row.category || t.all_categories]),
      el("td", { class: "num" }, [number(row.before_count)]),
      el("td", { class: "num" }, [number(row.after_count)]),
      chart(row, scale),
      el("td", { class: "num" }, [change(row)]),
      el("td", { class: "num" }, [row.p_value === null ? t.none : number(row.p_value, 3)]),
      el("td", {}, [significant]),
    ]);
  }

  function pick(value) {
    if (value === TOTALS) {
      return totals;
    }
    return value ? results.filter((row) => row.category === value) : results;
  }

  function draw() {
    const rows = pick(filter.value);
    const densities = rows.flatMap((row) => [row.before_per_100_per_year, row.after_per_100_per_year]);
    const scale = Math.max(0, ...densities.map((value) => Number(value) || 0));
    body.replaceChildren(...rows.map((row) => rowFor(row, scale)));
    P.status(rows.length ? "" : t.no_renovated);
  }

  async function load() {
    document.documentElement.dataset.plannerState = "loading";
    P.status(t.loading);
    try {
      const answer = await P.getJson(config.beforeAfterUrl);
      results = answer.results || [];
      totals = answer.totals || [];
      fillFilter(results);
      draw();
      document.documentElement.dataset.plannerState = "ready";
    } catch (error) {
      P.loadFailed(error);
      P.status("");
      document.documentElement.dataset.plannerState = "failed";
    }
  }

  filter.addEventListener("change", draw);
  document.getElementById("category-form").addEventListener("submit", (event) => event.preventDefault());
  load();
})();
