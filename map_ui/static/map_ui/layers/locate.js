/*
 * "What is here?": a click on the map (or the centre button) asks /api/locate/ which sub-district,
 * community, grid cell, estate, building and military zone contain the point (draw.js wires the
 * clicks). The answer is announced as a "geogov:located" event, which the dashboard follows.
 */
import { el } from "../dom.js";
import { describeError, getJson } from "../http.js";
import { gettext, interpolate } from "../i18n.js";
import { config, map } from "./kit.js";
import { definitionList } from "./popups.js";

const LOCATE_FIELDS = {
  subdistrict: gettext("街道"),
  community: gettext("社区"),
  grid_cell: gettext("网格"),
  housing_project: gettext("住宅项目"),
  building: gettext("楼栋"),
  military_zone: gettext("涉军单位/军产"),
};

const locateBox = document.getElementById("locate-result");
let locateMarker = null;
let locateController = null;

function placeText(place) {
  const name = place.name && place.name !== place.code ? place.name : "";
  const nodes = name ? [name, " "] : [];
  return el("span", {}, [...nodes, el("span", { class: "code" }, [place.code || ""])]);
}

function showLocation(answer, latlng) {
  const rows = [[gettext("坐标"), `${latlng.lng.toFixed(6)}, ${latlng.lat.toFixed(6)}`]];
  Object.entries(LOCATE_FIELDS).forEach(([key, label]) => {
    const place = answer[key];
    rows.push([label, place ? placeText(place) : gettext("无")]);
  });
  const nodes = answer.inside ? [] : [el("p", {}, [gettext("该点不在本街道范围内。")])];
  locateBox.replaceChildren(...nodes, definitionList(rows));
  // The dashboard opens the cases of the grid cell or estate found here.
  document.dispatchEvent(new CustomEvent("geogov:located", { detail: answer }));
}

export async function locate(latlng) {
  if (locateMarker) {
    locateMarker.setLatLng(latlng);
  } else {
    locateMarker = L.circleMarker(latlng, {
      pane: "markerPane",
      radius: 7,
      color: "#000000",
      weight: 2,
      fillColor: "#ffbf47",
      fillOpacity: 1,
      interactive: false,
    }).addTo(map);
  }
  locateBox.replaceChildren(el("p", {}, [gettext("正在查询…")]));
  if (locateController) {
    locateController.abort();
  }
  locateController = new AbortController();
  const params = new URLSearchParams({ lon: latlng.lng.toFixed(7), lat: latlng.lat.toFixed(7), crs: "wgs84" });
  try {
    showLocation(await getJson(`${config.locateUrl}?${params}`, locateController.signal), latlng);
  } catch (error) {
    if (error.name !== "AbortError") {
      const text = interpolate(gettext("位置查询暂时不可用（%(status)s）。"), { status: describeError(error) });
      locateBox.replaceChildren(el("p", {}, [text]));
    }
  }
}
