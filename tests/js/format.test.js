// map_ui/static/map_ui/format.js: numbers, lists, URLs, file names and deadlines.
import assert from "node:assert/strict";
import { afterEach, test } from "node:test";

import {
  durationText,
  fileNameOf,
  formatNumber,
  joinList,
  sameOrigin,
  timeLeft,
  withQuery,
} from "../../map_ui/static/map_ui/format.js";

const HOUR = 3600 * 1000;

afterEach(() => {
  delete globalThis.django;
});

test("formatNumber: digits, fixed decimals, locale and the absent mark", () => {
  assert.equal(formatNumber(1234.567, { locale: "en" }), "1,235");
  assert.equal(formatNumber(1234.5, { digits: 1, locale: "en" }), "1,234.5");
  assert.equal(formatNumber(2, { digits: 2, locale: "en" }), "2");
  assert.equal(formatNumber(2, { digits: 2, fixed: true, locale: "en" }), "2.00");
  assert.equal(formatNumber("7.25", { digits: 1, locale: "en" }), "7.3");
  for (const value of [null, undefined, "", "abc", Number.NaN]) {
    assert.equal(formatNumber(value), "—", String(value));
    assert.equal(formatNumber(value, { absent: "无" }), "无");
  }
  assert.equal(formatNumber(0), "0");
});

test("joinList joins with 、 in Chinese and with the catalogue's separator in English", () => {
  assert.equal(joinList(["东社区", "西社区"]), "东社区、西社区");
  globalThis.django = { gettext: (msgid) => (msgid === "、" ? ", " : msgid) };
  assert.equal(joinList(["East", "West"]), "East, West");
  assert.equal(joinList([]), "");
});

test("sameOrigin keeps the path and query on our own origin, whatever host a link names", () => {
  const page = "http://127.0.0.1:8105/planner/?start=2026-01-01";

  assert.equal(
    sameOrigin("http://internal-proxy:8000/api/layers/?page=2&page_size=5000", page),
    "http://127.0.0.1:8105/api/layers/?page=2&page_size=5000",
  );
  assert.equal(sameOrigin("/api/locate/?lon=1", page), "http://127.0.0.1:8105/api/locate/?lon=1");
  assert.equal(sameOrigin("estates/", page), "http://127.0.0.1:8105/planner/estates/");
  assert.equal(sameOrigin("//cdn.example/x.js#frag", page), "http://127.0.0.1:8105/x.js");
});

test("withQuery appends parameters only when there are some", () => {
  assert.equal(withQuery("/api/x/", { start: "2026-01-01", codes: "A,B" }), "/api/x/?start=2026-01-01&codes=A%2CB");
  assert.equal(withQuery("/api/x/", {}), "/api/x/");
});

test("fileNameOf prefers RFC 6266's UTF-8 name, then the plain one", () => {
  const both = `attachment; filename="renovation.xlsx"; filename*=UTF-8''%E6%94%B9%E9%80%A0%E5%80%99%E9%80%89.xlsx`;
  assert.equal(fileNameOf(both), "改造候选.xlsx");
  assert.equal(fileNameOf('attachment; filename="estates.gpkg"'), "estates.gpkg");
  assert.equal(fileNameOf("attachment; filename=plain.csv"), "plain.csv");
  assert.equal(fileNameOf(null), "");
});

test("durationText: days and hours past a day, else hours and minutes, whichever the sign", () => {
  assert.equal(durationText(2 * 24 * HOUR + 3 * HOUR + 59 * 60 * 1000), "2天3小时");
  assert.equal(durationText(5 * HOUR + 10 * 60 * 1000 + 59 * 1000), "5小时10分");
  assert.equal(durationText(-(5 * HOUR + 10 * 60 * 1000)), "5小时10分");
  assert.equal(durationText(0), "0小时0分");
});

test("timeLeft says how long remains or how long it is overdue", () => {
  const now = Date.parse("2026-03-01T08:00:00+08:00");

  assert.deepEqual(timeLeft("2026-03-02T07:30:00+08:00", now), { text: "剩余 23小时30分", overdue: false });
  assert.deepEqual(timeLeft("2026-02-27T06:00:00+08:00", now), { text: "已超时 2天2小时", overdue: true });
  assert.deepEqual(timeLeft(null, now), { text: "无时限", overdue: false });
});
