/*
 * Shared pieces of the mobile page: its configuration and words (from the page, map_ui/mobile.py),
 * DOM building from text only, and fetch() against our own origin with errors sorted by what the
 * caller should do about them: retry later, ask for a new login, or give up and tell the worker.
 */
(function () {
  "use strict";

  const Mobile = (window.Mobile = window.Mobile || {});
  Mobile.config = JSON.parse(document.getElementById("mobile-config").textContent);
  Mobile.t = Mobile.config.labels;

  Mobile.format = function (template, values) {
    return template.replace(/\{(\w+)\}/g, (match, key) => (key in values ? String(values[key]) : match));
  };

  // Text from the data (descriptions, names) only ever becomes text nodes, never markup.
  Mobile.el = function (tag, attrs, children) {
    const node = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([name, value]) => {
      if (value !== null && value !== undefined && value !== false) {
        node.setAttribute(name, value === true ? "" : value);
      }
    });
    (children || []).forEach((child) => {
      if (child !== null && child !== undefined) {
        node.append(child);
      }
    });
    return node;
  };

  /* Errors: "network" and "server" are worth retrying; "auth" waits for a new login;
     "rejected" (bad input, no such case) will fail the same way every time. */
  class ApiError extends Error {
    constructor(kind, status, detail) {
      super(detail || (status ? `HTTP ${status}` : Mobile.t.network_error));
      this.kind = kind;
      this.status = status;
    }
  }
  Mobile.ApiError = ApiError;

  function csrfToken() {
    const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  // DRF answers {"field": ["message", ...]} or {"detail": "..."}: flatten it for the worker.
  function describe(body) {
    if (!body || typeof body !== "object") {
      return "";
    }
    return Object.entries(body)
      .map(([field, value]) => `${field}: ${[].concat(value).join(" ")}`)
      .join("; ");
  }

  async function classify(response) {
    let body = null;
    try {
      body = await response.json();
    } catch (error) {
      body = null;
    }
    const detail = describe(body) || `HTTP ${response.status}`;
    if (response.status === 401 || response.status === 403) {
      return new ApiError("auth", response.status, detail);
    }
    if (response.status >= 500 || response.status === 408 || response.status === 429) {
      return new ApiError("server", response.status, detail);
    }
    return new ApiError("rejected", response.status, detail);
  }

  /** fetch() to our own origin; JSON in and out unless `body` is FormData. */
  Mobile.api = async function (method, url, body) {
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
    let response;
    try {
      response = await fetch(url, init);
    } catch (error) {
      throw new ApiError("network", 0, null);
    }
    if (!response.ok) {
      throw await classify(response);
    }
    return response.status === 204 ? null : response.json();
  };

  /** "2天3小时" / "5小时10分": the time between now and a deadline, always positive. */
  Mobile.duration = function (milliseconds) {
    const minutes = Math.floor(Math.abs(milliseconds) / 60000);
    const days = Math.floor(minutes / 1440);
    const hours = Math.floor((minutes % 1440) / 60);
    if (days > 0) {
      return Mobile.format(Mobile.t.days_hours, { days, hours });
    }
    return Mobile.format(Mobile.t.hours_minutes, { hours, minutes: minutes % 60 });
  };

  Mobile.timeLeft = function (dueAt, now) {
    if (!dueAt) {
      return { text: Mobile.t.no_deadline, overdue: false };
    }
    const left = new Date(dueAt).getTime() - (now || Date.now());
    const key = left < 0 ? "overdue" : "time_left";
    return { text: Mobile.format(Mobile.t[key], { time: Mobile.duration(left) }), overdue: left < 0 };
  };

  /* A tiny event hub between the modules (outbox → lists, report → map). */
  const listeners = {};
  Mobile.on = function (name, callback) {
    (listeners[name] = listeners[name] || []).push(callback);
  };
  Mobile.emit = function (name, detail) {
    (listeners[name] || []).forEach((callback) => callback(detail));
  };
})();
