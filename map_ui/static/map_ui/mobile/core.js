/*
 * Shared pieces of the mobile page: its configuration (#mobile-config, map_ui/mobile.py), requests
 * through ../http.js, the category names, and a tiny event hub between the modules
 * (outbox → lists, report → map).
 */
import { readConfig } from "../dom.js";
import { requestJson } from "../http.js";

export const config = readConfig("mobile-config");

/** Category code → name in the reader's language, filled when the categories have loaded. */
export const categoryNames = new Map();

/** A request to our own origin: JSON in and out unless `body` is FormData (see ../http.js for errors). */
export function api(method, url, body) {
  return requestJson(url, { method, body });
}

const listeners = {};

export function on(name, callback) {
  (listeners[name] = listeners[name] || []).push(callback);
}

export function emit(name, detail) {
  (listeners[name] || []).forEach((callback) => callback(detail));
}
