/*
 * Pure formatting helpers shared by the pages (no DOM, no fetch: tested under node, tests/js/).
 */
import { gettext, interpolate } from "./i18n.js";

function missing(value) {
  return value === null || value === undefined || value === "" || Number.isNaN(Number(value));
}

/**
 * A number in the reader's locale, or `absent` when there is none. `digits` is the most decimals
 * shown; with `fixed` it is also the fewest (a column of figures that line up).
 */
export function formatNumber(value, { digits = 0, fixed = false, locale = "zh-Hans", absent = "—" } = {}) {
  if (missing(value)) {
    return absent;
  }
  return Number(value).toLocaleString(locale, {
    minimumFractionDigits: fixed ? digits : 0,
    maximumFractionDigits: digits,
  });
}

/** Items joined the way the language lists them: 甲、乙 / A, B. */
export function joinList(items) {
  // Translators: the separator between the items of a list (Chinese 、, English ", ").
  return items.join(gettext("、"));
}

/**
 * A URL moved onto our own origin: its path and query, resolved against `base` (the page's
 * address). Only these are followed: behind a proxy the API may build `next` links with an
 * internal host name, and our pages never talk to another origin anyway (closed networks).
 */
export function sameOrigin(url, base = globalThis.location?.href) {
  const parsed = new URL(url, base);
  return new URL(parsed.pathname + parsed.search, base).href;
}

/** `url` with the parameters as its query string (none: the URL as it is). */
export function withQuery(url, params) {
  const query = new URLSearchParams(params).toString();
  return query ? `${url}?${query}` : url;
}

/** The file name of a Content-Disposition header; RFC 6266's filename*=UTF-8'' wins over filename=. */
export function fileNameOf(disposition) {
  const extended = /filename\*=UTF-8''([^;]+)/i.exec(disposition || "");
  if (extended) {
    return decodeURIComponent(extended[1]);
  }
  const plain = /filename="?([^";]+)"?/i.exec(disposition || "");
  return plain ? plain[1] : "";
}

/** "2天3小时" / "5小时10分": the length of a time span, whichever its sign. */
export function durationText(milliseconds) {
  const minutes = Math.floor(Math.abs(milliseconds) / 60000);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  if (days > 0) {
    return interpolate(gettext("%(days)s天%(hours)s小时"), { days, hours });
  }
  return interpolate(gettext("%(hours)s小时%(minutes)s分"), { hours, minutes: minutes % 60 });
}

/** The time left before a deadline (ISO text), or how long it is overdue, as of `now` (ms). */
export function timeLeft(dueAt, now = Date.now()) {
  if (!dueAt) {
    return { text: gettext("无时限"), overdue: false };
  }
  const left = new Date(dueAt).getTime() - now;
  const template = left < 0 ? gettext("已超时 %(time)s") : gettext("剩余 %(time)s");
  return { text: interpolate(template, { time: durationText(left) }), overdue: left < 0 };
}
