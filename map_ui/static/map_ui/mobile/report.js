/*
 * Reporting a new problem: a pin from GPS or a tap on the map, where it falls (community, grid
 * cell, estate) and whether it sits near a boundary, then category, description and photos.
 * The case goes into the outbox first and is sent from there, online or not.
 */
(function () {
  "use strict";

  const Mobile = window.Mobile;
  const { t, el, format, api, config } = Mobile;
  const COORDINATE_DIGITS = 7; // about 1 cm: more would only pretend precision

  const form = document.getElementById("report-form");
  const info = document.getElementById("pin-info");
  const warning = document.getElementById("pin-warning");
  const message = document.getElementById("report-message");
  const photoInput = document.getElementById("report-photos");
  const previews = document.getElementById("photo-previews");
  const categorySelect = document.getElementById("report-category");

  let map = null;
  let pin = null;
  let pinLayers = [];
  let lookupSeq = 0;
  let photos = { blobs: [], problems: [] };
  let photosReady = Promise.resolve();

  function row(label, value) {
    return [el("dt", {}, [label]), el("dd", {}, [value])];
  }

  function placeName(found) {
    return found ? found.name || found.code : t.none;
  }

  function pinRows(current) {
    const source = current.source === "gps" ? t.source_gps : t.source_map;
    const accuracy = current.accuracy === null ? "" : `，${format(t.accuracy, { metres: Math.round(current.accuracy) })}`;
    const point = `${current.lat.toFixed(6)}, ${current.lon.toFixed(6)}`;
    return [...row(t.coordinates, point), ...row(t.location, source + accuracy)];
  }

  function renderPlace(current, located, note) {
    const rows = pinRows(current);
    if (located && located.inside) {
      rows.push(...row(t.community, placeName(located.community)));
      rows.push(...row(t.grid_cell, placeName(located.grid_cell && { code: located.grid_cell.code })));
      rows.push(...row(t.housing_project, placeName(located.housing_project)));
    }
    const parts = [el("dl", { class: "m-place-list" }, rows)];
    if (located && !located.inside) {
      parts.push(el("p", { class: "m-warning-text" }, [t.outside]));
    }
    if (note) {
      parts.push(el("p", { class: "m-hint" }, [note]));
    }
    info.replaceChildren(...parts);
  }

  function renderNear(answer) {
    if (!answer || !answer.near.length) {
      warning.hidden = true;
      warning.replaceChildren();
      return;
    }
    const items = answer.near.map((near) => {
      const template = near.inside ? t.near_item_inside : t.near_item_outside;
      const layer = t.layer_names[near.layer] || near.layer;
      return el("li", {}, [format(template, { layer, name: near.name || near.code, distance: near.distance_m })]);
    });
    warning.replaceChildren(
      el("p", {}, [format(t.near_boundary, { metres: answer.threshold_m })]),
      el("ul", {}, items),
    );
    warning.hidden = false;
  }

  function offlineNote(current) {
    const cell = Mobile.cellAt ? Mobile.cellAt(current.lon, current.lat) : null;
    return cell ? format(t.locate_offline_cell, { code: cell }) : t.locate_offline;
  }

  async function lookup(current) {
    const seq = (lookupSeq += 1);
    const query = new URLSearchParams({ lon: current.lon, lat: current.lat });
    renderPlace(current, null, t.cases_loading);
    renderNear(null);
    try {
      const [located, near] = await Promise.all([
        api("GET", `${config.urls.locate}?${query}&crs=wgs84`),
        api("GET", `${config.urls.nearBoundary}?${query}`),
      ]);
      if (seq === lookupSeq) {
        renderPlace(current, located, null);
        renderNear(near);
      }
    } catch (error) {
      if (seq === lookupSeq) {
        const note = error.kind === "network" ? offlineNote(current) : format(t.locate_failed, { status: error.message });
        renderPlace(current, null, note);
      }
    }
  }

  function drawPin(current) {
    pinLayers.forEach((layer) => layer.remove());
    const latlng = [current.lat, current.lon];
    pinLayers = [L.circleMarker(latlng, { radius: 9, color: "#ffffff", weight: 3, fillColor: "#c51b7d", fillOpacity: 1, className: "m-pin" })];
    if (current.accuracy) {
      pinLayers.unshift(L.circle(latlng, { radius: current.accuracy, color: "#c51b7d", weight: 1, fillOpacity: 0.1, interactive: false }));
    }
    pinLayers.forEach((layer) => layer.addTo(map));
  }

  function setPin(lat, lon, source, accuracy) {
    const round = (value) => Number(value.toFixed(COORDINATE_DIGITS));
    pin = { lat: round(lat), lon: round(lon), source, accuracy: accuracy === undefined ? null : accuracy };
    message.textContent = "";
    drawPin(pin);
    lookup(pin);
  }

  function useGps() {
    if (!navigator.geolocation) {
      info.replaceChildren(el("p", { class: "m-warning-text" }, [format(t.gps_failed, { reason: "-" })]));
      return;
    }
    info.replaceChildren(el("p", { class: "m-hint" }, [t.gps_locating]));
    navigator.geolocation.getCurrentPosition(
      (position) => {
        const { latitude, longitude, accuracy } = position.coords;
        setPin(latitude, longitude, "gps", accuracy);
        map.setView([latitude, longitude], Math.max(map.getZoom(), 17));
      },
      (error) => info.replaceChildren(el("p", { class: "m-warning-text" }, [format(t.gps_failed, { reason: error.message })])),
      { enableHighAccuracy: true, timeout: 20000, maximumAge: 0 },
    );
  }

  async function loadCategories() {
    try {
      const answer = await api("GET", config.urls.categories);
      Mobile.categoryNames = Object.fromEntries(answer.categories.map((c) => [c.code, c.name]));
      categorySelect.append(...answer.categories.map((c) => el("option", { value: c.code }, [c.name])));
    } catch (error) {
      message.textContent = format(t.locate_failed, { status: error.message });
    }
  }

  function missingFields() {
    const missing = [];
    if (!pin) missing.push(t.location);
    if (!categorySelect.value) missing.push(t.category);
    if (!form.elements.description.value.trim()) missing.push(t.description);
    return missing;
  }

  function resetForm() {
    form.reset();
    photos = { blobs: [], problems: [] };
    Mobile.photos.showPreviews(previews, []);
    pinLayers.forEach((layer) => layer.remove());
    pin = null;
    info.replaceChildren();
    renderNear(null);
  }

  async function submit(event) {
    event.preventDefault();
    await photosReady;
    const missing = missingFields();
    if (missing.length) {
      message.textContent = format(t.required, { fields: missing.join(t.list_separator) });
      return;
    }
    const body = {
      channel: "grid_patrol",
      category: categorySelect.value,
      description: form.elements.description.value.trim(),
      lon: pin.lon,
      lat: pin.lat,
      crs: "wgs84",
      location_source: pin.source === "gps" ? "gps" : "map_pick",
      accuracy: pin.accuracy,
    };
    const item = await Mobile.outbox.add({ id: crypto.randomUUID(), kind: "create", body, photos: photos.blobs });
    resetForm();
    message.textContent = t.saved_offline;
    if (navigator.onLine) {
      await Mobile.outbox.flush(true);
      if (!(await Mobile.outbox.has(item.id))) {
        message.textContent = t.saved_online;
      }
    }
  }

  function init(leafletMap) {
    map = leafletMap;
    map.on("click", (event) => {
      Mobile.showTab("report");
      setPin(event.latlng.lat, event.latlng.lng, "map_pick");
    });
    document.getElementById("use-gps").addEventListener("click", useGps);
    photoInput.addEventListener("change", () => {
      photosReady = Mobile.photos.collect(photoInput, previews, config.maxPhotos).then((result) => {
        photos = result;
        message.textContent = result.problems.join(" ");
      });
    });
    form.addEventListener("submit", submit);
    loadCategories();
  }

  Mobile.report = { init, setPin };
})();
