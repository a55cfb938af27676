/*
 * 今日巡查: the logged-in grid worker's patrol route of the day (/api/planning/patrols/, no date =
 * the server's today), as an ordered list and, while its tab is open, a dashed line with numbered
 * stops on the map. The service worker keeps the last answer, so the route still shows offline.
 */
(function () {
  "use strict";

  const Mobile = window.Mobile;
  const { t, el, format, api, config } = Mobile;
  let map = null;
  let layer = null;
  let visible = false;

  const message = () => document.getElementById("route-message");
  const list = () => document.getElementById("route-list");
  const dropped = () => document.getElementById("route-dropped");

  function latLng(coordinates) {
    return [coordinates[1], coordinates[0]];
  }

  function draw(route, stops) {
    if (layer) {
      layer.remove();
    }
    layer = L.layerGroup();
    if (route.geometry) {
      L.polyline(route.geometry.coordinates.map(latLng), {
        color: "#1f3a5f",
        weight: 4,
        dashArray: "8 6",
        interactive: false,
        className: "m-route",
      }).addTo(layer);
    }
    stops.forEach((stop) => {
      const icon = L.divIcon({ className: "m-stop", html: "", iconSize: [26, 26] });
      const marker = L.marker(latLng(stop.geometry.coordinates), { icon, keyboard: false, interactive: false });
      marker.on("add", () => (marker.getElement().textContent = String(stop.properties.order)));
      marker.addTo(layer);
    });
    Mobile.patrol.show(visible);
  }

  // Reasons come as "中文 / English": show the half in the page's language.
  function reasonText(reason) {
    const [zh, en] = reason.split(" / ");
    return t.html_lang === "en" && en ? en : zh;
  }

  function listItem(stop) {
    const p = stop.properties;
    return el("li", { class: `m-route-stop m-route-${p.stop_kind}` }, [
      el("strong", {}, [`${p.order}. ${p.name}`]),
      el("div", { class: "m-case-meta" }, [reasonText(p.reason)]),
      el("div", { class: "m-case-meta" }, [format(t.route_visits, { count: p.visits_per_week })]),
    ]);
  }

  function render(collection) {
    const features = collection.features || [];
    const route = features.find((f) => f.properties.kind === "route" && f.properties.worker === config.username);
    const stops = features
      .filter((f) => f.properties.kind === "stop" && f.properties.worker === config.username)
      .sort((a, b) => a.properties.order - b.properties.order);
    if (!route) {
      message().textContent = t.route_none;
      list().replaceChildren();
      return;
    }
    const p = route.properties;
    const summary = stops.length
      ? format(t.route_summary, { date: p.date, stops: stops.length, length: Math.round(p.length_m), minutes: Math.round(p.minutes) })
      : format(t.route_empty, { date: p.date });
    message().textContent = navigator.onLine ? summary : `${t.route_offline} ${summary}`;
    list().replaceChildren(...stops.map(listItem));
    const names = (p.dropped || []).map((d) => d.name).join(t.list_separator || "、");
    dropped().textContent = names ? format(t.route_dropped, { names }) : "";
    draw(route, stops);
  }

  Mobile.patrol = {
    init(leafletMap) {
      map = leafletMap;
    },
    async load() {
      message().textContent = t.route_loading;
      try {
        render(await api("GET", config.urls.patrol));
      } catch (error) {
        message().textContent = format(t.route_failed, { status: error.status || t.network_error });
      }
    },
    show(on) {
      visible = on;
      if (!layer || !map) {
        return;
      }
      if (on) {
        layer.addTo(map);
        const bounds = L.featureGroup(layer.getLayers()).getBounds();
        if (bounds.isValid()) {
          // No animation: the route is in place at once (a zoom animation moves line and markers apart
          // until it ends, which a glance or a screenshot at that moment shows as a misdrawn route).
          map.fitBounds(bounds, { padding: [24, 24], maxZoom: 18, animate: false });
        }
      } else {
        layer.remove();
      }
    },
  };
})();
