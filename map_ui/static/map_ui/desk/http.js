/*
 * The desk's requests: same-origin fetch with the session cookie and Django's CSRF header, JSON in
 * and out, and refusals as errors whose message is the server's own reason.
 * The same calls as map_ui/http.js of the ES-module work (requestJson); at the merge the desk's
 * modules import that one and this file goes.
 */

export class HttpError extends Error {
  constructor(status, detail) {
    super(detail || `HTTP ${status}`);
    this.name = "HttpError";
    this.status = status;
  }
}

/** {"detail": "…"} or {"field": ["…"]} as one line. */
export function errorMessage(body) {
  if (typeof body === "string") {
    return body;
  }
  if (Array.isArray(body)) {
    return body.map(errorMessage).join(" ");
  }
  if (!body || typeof body !== "object") {
    return "";
  }
  if (typeof body.detail === "string") {
    return body.detail;
  }
  return Object.entries(body)
    .map(([field, value]) => (field === "non_field_errors" ? errorMessage(value) : `${field}: ${errorMessage(value)}`))
    .join("; ");
}

function csrfToken() {
  const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
  return match ? decodeURIComponent(match[1]) : "";
}

/** POST (or another method) to our own origin; the answer's JSON, or HttpError with the reason. */
export async function requestJson(url, { method = "GET", body } = {}) {
  const headers = { Accept: "application/json" };
  const init = { method, headers, credentials: "same-origin", redirect: "error" };
  if (method !== "GET") {
    headers["X-CSRFToken"] = csrfToken();
    if (body instanceof FormData) {
      init.body = body;
    } else if (body !== undefined) {
      headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
  }
  const response = await fetch(url, init);
  let answer = null;
  if ((response.headers.get("Content-Type") || "").includes("json")) {
    answer = await response.json();
  }
  if (!response.ok) {
    throw new HttpError(response.status, errorMessage(answer));
  }
  return answer;
}
