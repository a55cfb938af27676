/*
 * DOM built from text only, so names and descriptions in the data never become markup; shared by
 * every page's modules.
 */

const SVG_NS = "http://www.w3.org/2000/svg";

/**
 * An element with attributes and children. Children are nodes or strings (strings become text
 * nodes); null and undefined children are left out, as are attributes whose value is null,
 * undefined or false (true sets an empty attribute).
 */
export function el(tag, attrs, children) {
  const node = document.createElement(tag);
  Object.entries(attrs || {}).forEach(([name, value]) => {
    if (value !== null && value !== undefined && value !== false) {
      node.setAttribute(name, value === true ? "" : String(value));
    }
  });
  (children || []).forEach((child) => {
    if (child !== null && child !== undefined) {
      node.append(child);
    }
  });
  return node;
}

export function svgEl(tag, attrs) {
  const node = document.createElementNS(SVG_NS, tag);
  Object.entries(attrs || {}).forEach(([name, value]) => node.setAttribute(name, String(value)));
  return node;
}

/** The page's own configuration, written by the view with json_script. */
export function readConfig(id) {
  return JSON.parse(document.getElementById(id).textContent);
}

/** The page's language as its <html lang> says (zh-Hans or en), for number and date formats. */
export function pageLanguage() {
  return document.documentElement.lang || "zh-Hans";
}
