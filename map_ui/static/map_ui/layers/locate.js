/*
 * "What is here?": a click on the map (or the centre button) asks /api/locate/ which sub-district,
 * community, grid cell, estate, building and military zone contain the point (after kit.js and
 * popups.js; draw.js wires the clicks).
 */
(function () {
  "use strict";

  const g = window.geoGov;
  const { t, el, format, map } = g;
  const locateBox = document.getElementById("locate-result");
  let locateMarker = null;
  let locateController = null;

  function placeText(place) {
    const name = place.name && place.name !== place.code ? place.name : "";
    const nodes = name ? [name, " "] : [];
    return el("span", {}, [...nodes, el("span", { class: "code" }, [place.code || ""])]);
  }

  function showLocation(answer, latlng) {
    const rows = [[t.locate_point, `${latlng.lng.toFixed(6)}, ${latlng.lat.toFixed(6)}`]];
    Object.entries(t.locate_fields).forEach(([key, label]) => {
      const place = answer[key];
      rows.push([label, place ? placeText(place) : t.none]);
    });
    const nodes = answer.inside ? [] : [el("p", {}, [t.locate_outside])];
    locateBox.replaceChildren(...nodes, g.definitionList(rows));
    // The dashboard opens the cases of the grid cell or estate found here.
    document.dispatchEvent(new CustomEvent("geogov:located", { detail: answer }));
  }

  async function locate(latlng) {
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
    locateBox.replaceChildren(el("p", {}, [t.locate_loading]));
    if (locateController) {
      locateController.abort();
    }
    locateController = new AbortController();
    const params = new URLSearchParams({ lon: latlng.lng.toFixed(7), lat: latlng.lat.toFixed(7), crs: "wgs84" });
    try {
      showLocation(await g.getJson(`${g.config.locateUrl}?${params}`, locateController.signal), latlng);
    } catch (error) {
      if (error.name !== "AbortError") {
        locateBox.replaceChildren(el("p", {}, [format(t.locate_unavailable, { status: g.describeError(error) })]));
      }
    }
  }

  g.locate = locate;
})();
