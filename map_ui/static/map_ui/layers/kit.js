/*
 * The map page's kit, which the other layer modules and the dashboard build on: the page's
 * configuration (#map-config, written by map_ui/views.py), the folium map, how our WGS84
 * coordinates are placed on it, the layers' names, and one notice for every layer that failed.
 */
import { el, readConfig } from "../dom.js";
import { describeError } from "../http.js";
import { joinList } from "../format.js";
import { gettext, interpolate, pgettext } from "../i18n.js";

export const config = readConfig("map-config");

// folium declares the map as a global variable of the page's inline script, named in the config.
export const map = window[config.mapVariable];

// How our WGS84 coordinates are placed on the map: as they are, unless the base map needs a
// display shift (AMap's GCJ-02, see ../dashboard/gcj02.js). Data and requests stay WGS84.
export const display = { toLatLng: (lng, lat) => L.latLng(lat, lng) };

// "plural": the English name of a layer is plural where the word alone is not (社区 Communities).
export const LAYER_NAMES = {
  subdistrict: gettext("街道边界"),
  communities: pgettext("plural", "社区"),
  "military-zones": gettext("涉军单位/军产小区"),
  "housing-projects": pgettext("plural", "住宅项目"),
  renovation: gettext("综合整治"),
  "grid-cells": gettext("单元网格"),
  buildings: pgettext("plural", "楼栋"),
};

export function narrowScreen() {
  return window.matchMedia("(max-width: 48rem)").matches;
}

/**
 * Whether a layer (a draw.js spec id or a dashboard overlay: heat, hotspots, topics) shows on the
 * first view: the calm set of the reader's role on this screen (map_ui/start_view.py); the others
 * wait in the layer control. Without a set (an older page), everything shows.
 */
export function startsVisible(key) {
  const start = config.startLayers;
  if (!start) {
    return true;
  }
  return (narrowScreen() ? start.phone : start.desktop).includes(key);
}

/** "“社区”（HTTP 404）": one failed thing in a notice's list. */
export function failureItem(name, error) {
  return interpolate(gettext("“%(layer)s”（%(status)s）"), { layer: name, status: describeError(error) });
}

/**
 * A notice in the map's notice box that lists failures by name: one box for all of them, so a
 * missing API does not bury the map in boxes. `sentence` turns the joined list into the text.
 */
export class FailureNotice {
  constructor(className, sentence, { first = false } = {}) {
    this.className = className;
    this.sentence = sentence;
    this.first = first;
    this.failures = new Map();
    this.box = null;
  }

  set(name, error) {
    this.failures.set(name, failureItem(name, error));
    this.show();
  }

  delete(name) {
    this.failures.delete(name);
    this.show();
  }

  show() {
    if (!this.failures.size) {
      this.remove();
      return;
    }
    if (!this.box) {
      const close = el("button", { type: "button", "aria-label": gettext("关闭提示") }, ["×"]);
      this.box = el("div", { class: this.className }, [el("p"), close]);
      close.addEventListener("click", () => {
        this.remove();
        this.failures.clear();
      });
      const notices = document.getElementById("map-notices");
      // The layers' notice goes first, whichever failed first: the dashboard's figures
      // (preloaded) often answer before the layers.
      if (this.first) {
        notices.prepend(this.box);
      } else {
        notices.append(this.box);
      }
    }
    this.box.querySelector("p").textContent = this.sentence(joinList([...this.failures.values()]));
  }

  remove() {
    if (this.box) {
      this.box.remove();
      this.box = null;
    }
  }
}

const layerNotice = new FailureNotice(
  "map-notice",
  (layers) => interpolate(gettext("以下图层暂时无法加载：%(layers)s。地图其余部分仍可使用。"), { layers }),
  { first: true },
);

export function reportLayerError(layerName, error) {
  layerNotice.set(layerName, error);
}
