/*
 * The bodies the desk's forms send to the API, built from a form's values (FormData, or anything
 * with get()): pure, so node --test checks them (tests/js/desk/requests.test.js).
 * - /api/desk/assign/: 派单 and 改派, one case or many;
 * - /api/complaints/<id>/transition/: every other step, 挂账 with its owner and target date;
 * - /api/complaints/<id>/callbacks/: one call-back attempt (回访).
 */

const text = (data, name) => data.get(name) || "";

export function assignBody(data, cases) {
  return {
    cases,
    assignee: text(data, "assignee") || null,
    department: text(data, "department") || null,
    note: text(data, "note"),
  };
}

export function transitionBody(data, toStatus) {
  const body = { to_status: toStatus, note: text(data, "note") };
  if (toStatus === "ledger") {
    body.ledger_owner = text(data, "ledger_owner");
    body.ledger_target_date = text(data, "ledger_target_date");
  }
  return body;
}

/**
 * One call-back attempt. A call not reached has no satisfaction (the service refuses one), so a
 * choice left in the list from before is not sent. The time typed (datetime-local, the browser's
 * own time) goes as ISO 8601 with its zone, as the API asks; none means now.
 */
export function callbackBody(data) {
  const reached = data.get("reached") === "true";
  const when = text(data, "called_at");
  return {
    reached,
    satisfaction: reached ? text(data, "satisfaction") || null : null,
    remark: text(data, "remark"),
    called_at: when ? new Date(when).toISOString() : null,
  };
}
