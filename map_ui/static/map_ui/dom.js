/*
 * Helpers shared by the map page's and the planners' scripts (loaded before either): DOM built from
 * text nodes only, so names in the data never become markup; {placeholders} filled in the page's
 * words; and the same-origin path of a URL the API gave us.
 */
(function () {
  "use strict";

  const SVG_NS = "http://www.w3.org/2000/svg";

  function format(template, values) {
    return template.replace(/\{(\w+)\}/g, (match, key) => (key in values ? values[key] : match));
  }

  function el(tag, attrs, children) {
    const node = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([name, value]) => node.setAttribute(name, value));
    (children || []).forEach((child) => node.append(child));
    return node;
  }

  function svgEl(tag, attrs) {
    const node = document.createElementNS(SVG_NS, tag);
    Object.entries(attrs || {}).forEach(([name, value]) => node.setAttribute(name, String(value)));
    return node;
  }

  // Only the path and query are followed: behind a proxy the API may build `next` links with an
  // internal host name, and our pages never talk to another origin anyway (closed networks).
  function sameOriginPath(url) {
    const parsed = new URL(url, window.location.href);
    return parsed.pathname + parsed.search;
  }

  window.geoGovDom = { format, el, svgEl, sameOriginPath };
})();
