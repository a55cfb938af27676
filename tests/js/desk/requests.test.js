// map_ui/static/map_ui/desk/requests.js: what each desk form sends to the API.
import assert from "node:assert/strict";
import { test } from "node:test";

import { assignBody, callbackBody, transitionBody } from "../../../map_ui/static/map_ui/desk/requests.js";

function form(values) {
  const data = new FormData();
  Object.entries(values).forEach(([name, value]) => data.append(name, value));
  return data;
}

test("a reassignment names the cases, and an empty handler or department is null", () => {
  assert.deepEqual(assignBody(form({ assignee: "dept", department: "", note: "集中处理" }), [3, 5]), {
    cases: [3, 5],
    assignee: "dept",
    department: null,
    note: "集中处理",
  });
  assert.deepEqual(assignBody(form({ department: "D1" }), [7]), { cases: [7], assignee: null, department: "D1", note: "" });
});

test("挂账 carries its owner and target date; other steps only their note", () => {
  const values = { note: "纳入大修计划", ledger_owner: "城管科 王科长", ledger_target_date: "2030-05-01" };
  assert.deepEqual(transitionBody(form(values), "ledger"), {
    to_status: "ledger",
    note: "纳入大修计划",
    ledger_owner: "城管科 王科长",
    ledger_target_date: "2030-05-01",
  });
  assert.deepEqual(transitionBody(form(values), "escalated"), { to_status: "escalated", note: "纳入大修计划" });
  assert.deepEqual(transitionBody(form({}), "responded"), { to_status: "responded", note: "" });
});

test("a call not reached sends no satisfaction, a reached one its choice", () => {
  const missed = callbackBody(form({ reached: "false", satisfaction: "satisfied", remark: "无人接听" }));
  assert.deepEqual(missed, { reached: false, satisfaction: null, remark: "无人接听", called_at: null });
  const reached = callbackBody(form({ reached: "true", satisfaction: "basically", remark: "" }));
  assert.deepEqual(reached, { reached: true, satisfaction: "basically", remark: "", called_at: null });
});

test("the call's time goes with its zone, as the browser's local time", () => {
  const body = callbackBody(form({ reached: "true", satisfaction: "satisfied", called_at: "2026-03-02T09:30" }));
  assert.equal(body.called_at, new Date(2026, 2, 2, 9, 30).toISOString());
  assert.match(body.called_at, /Z$/);
});
