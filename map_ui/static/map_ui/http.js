/*
 * The one way our pages talk to the server: fetch() to our own origin only (closed networks), with
 * the session cookie and Django's CSRF header, and errors that say what the server said.
 *
 * A refused request throws HttpError, whose message is the server's own reason (DRF's
 * {"detail": …} or {"field": ["…"]}), else "HTTP <status>"; no answer at all throws NetworkError.
 * Each has a `kind` telling the caller what to do about it: "network" and "server" are worth a
 * retry later, "auth" waits for a new login, "rejected" will fail the same way every time.
 * An aborted request throws the browser's AbortError unchanged.
 */
import { sameOrigin } from "./format.js";
import { gettext } from "./i18n.js";

/** What a failed status means for the caller (see the module's comment). */
export function errorKind(status) {
  if (!status) {
    return "network";
  }
  if (status === 401 || status === 403) {
    return "auth";
  }
  // 408 and 429 ask for the same request again later; they say nothing against its content.
  if (status >= 500 || status === 408 || status === 429) {
    return "server";
  }
  return "rejected";
}

export class HttpError extends Error {
  constructor(status, detail = "") {
    super(detail || `HTTP ${status}`);
    this.name = "HttpError";
    this.status = status;
    this.detail = detail;
    this.kind = errorKind(status);
  }
}

export class NetworkError extends Error {
  constructor(cause) {
    super(gettext("网络错误"), { cause });
    this.name = "NetworkError";
    this.status = 0;
    this.kind = "network";
  }
}

/** Whether an error is one of ours (the server refused, or did not answer), not a bug in the caller. */
export function isRequestError(error) {
  return error instanceof HttpError || error instanceof NetworkError;
}

/**
 * The reason in an error answer's JSON, as one line: {"detail": "…"} gives its text;
 * {"field": ["…", "…"]} gives "field: … …" (several fields joined by "; "); non-field errors and a
 * bare list give their messages alone. Anything else gives "".
 */
export function errorMessage(body) {
  if (typeof body === "string") {
    return body;
  }
  if (Array.isArray(body)) {
    return body.map((item) => (item && typeof item === "object" && item.description) || errorMessage(item)).join(" ");
  }
  if (!body || typeof body !== "object") {
    return "";
  }
  if (typeof body.detail === "string") {
    return body.detail;
  }
  return Object.entries(body)
    .map(([field, value]) => {
      const text = errorMessage(value);
      return field === "non_field_errors" ? text : `${field}: ${text}`;
    })
    .join("; ");
}

/** The HttpError for a response that is not ok, with the reason from its JSON body if it has one. */
export async function errorOf(response) {
  let detail = "";
  if ((response.headers.get("Content-Type") || "").includes("json")) {
    try {
      detail = errorMessage(await response.json());
    } catch {
      detail = "";
    }
  }
  return new HttpError(response.status, detail);
}

/** What a person reads about a failure: the server's reason or status, else "网络错误". */
export function describeError(error) {
  return error instanceof HttpError ? error.message : gettext("网络错误");
}

function csrfToken() {
  const match = (globalThis.document?.cookie || "").match(/(?:^|;\s*)csrftoken=([^;]+)/);
  return match ? decodeURIComponent(match[1]) : "";
}

/**
 * fetch() to our own origin; throws HttpError, NetworkError or AbortError, else the Response.
 * `body` is sent as JSON, or as it is when FormData. A redirect is an error: the API never
 * redirects, and a logged-out answer must not be read as data.
 */
export async function request(url, { method = "GET", body, signal, accept = "application/json" } = {}) {
  const headers = { Accept: accept };
  const init = { method, headers, credentials: "same-origin", redirect: "error", signal };
  if (method !== "GET" && method !== "HEAD") {
    headers["X-CSRFToken"] = csrfToken();
    if (body instanceof FormData) {
      init.body = body;
    } else if (body !== undefined) {
      headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
  }
  let response;
  try {
    response = await fetch(sameOrigin(url), init);
  } catch (error) {
    if (error.name === "AbortError") {
      throw error;
    }
    throw new NetworkError(error);
  }
  if (!response.ok) {
    throw await errorOf(response);
  }
  return response;
}

/** The JSON answer of a request (null for 204 No Content). */
export async function requestJson(url, options) {
  const response = await request(url, options);
  return response.status === 204 ? null : response.json();
}

export function getJson(url, signal) {
  return requestJson(url, { signal });
}

/** Every feature of a (paginated) GeoJSON answer, following `next`. */
export async function getFeatures(url, signal) {
  let next = url;
  const features = [];
  while (next) {
    const page = await getJson(next, signal);
    features.push(...(page.features || []));
    next = page.next;
  }
  return features;
}
