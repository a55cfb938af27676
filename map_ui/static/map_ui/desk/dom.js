/*
 * DOM from text only (names and descriptions in the data never become markup) and the page's
 * configuration. The same exports as map_ui/dom.js of the ES-module work (el, readConfig); at the
 * merge the desk's modules import that one and this file goes.
 */

export function el(tag, attrs, children) {
  const node = document.createElement(tag);
  Object.entries(attrs || {}).forEach(([name, value]) => node.setAttribute(name, String(value)));
  (children || []).forEach((child) => node.append(child));
  return node;
}

export function readConfig(id) {
  return JSON.parse(document.getElementById(id).textContent);
}

export function format(template, values) {
  return template.replace(/\{(\w+)\}/g, (match, key) => (key in values ? values[key] : match));
}
