/*
 * My open cases: a list with the time left before each deadline, markers on the map, and one
 * case at a time with the status changes a grid worker may make (响应, 办理中, 办结, with a photo).
 * What the server will not show this worker (another worker's case: HTTP 404) shows as nothing.
 */
(function () {
  "use strict";

  const Mobile = window.Mobile;
  const { t, el, format, api, config } = Mobile;
  // The changes a grid worker makes from each status (layers/services/complaints.py TRANSITIONS).
  const ACTIONS = {
    dispatched: ["responded"],
    responded: ["in_progress", "resolved"],
    in_progress: ["resolved"],
    escalated: ["in_progress", "resolved"],
  };

  const list = document.getElementById("cases-list");
  const pendingList = document.getElementById("pending-list");
  const listMessage = document.getElementById("cases-message");
  const caseBody = document.getElementById("case-body");
  let markers = null;
  let openCaseId = null;

  function caseUrl(id) {
    return `${config.urls.complaints}${id}/`;
  }

  function dueText(complaint) {
    if (!config.openStatuses.includes(complaint.status)) {
      // A finished or parked case has no clock running; its deadline is history.
      return el("span", { class: "m-due-past" }, [complaint.due_at ? new Date(complaint.due_at).toLocaleString(document.documentElement.lang) : t.no_deadline]);
    }
    const left = Mobile.timeLeft(complaint.due_at);
    return el("span", { class: left.overdue ? "m-due m-overdue" : "m-due" }, [left.text]);
  }

  function caseItem(complaint) {
    const link = el("a", { href: `#case/${complaint.id}`, class: "m-case-link" }, [
      el("span", { class: "m-case-title" }, [`${complaint.category_name} · ${complaint.status_label}`]),
      el("span", { class: "m-case-text" }, [complaint.description]),
      el("span", { class: "m-case-meta" }, [complaint.grid_cell ? complaint.grid_cell.code : "", " ", dueText(complaint)]),
    ]);
    return el("li", { class: "m-case", "data-id": String(complaint.id) }, [link]);
  }

  function drawMarkers(complaints) {
    markers.clearLayers();
    complaints.filter((c) => c.location).forEach((complaint) => {
      const overdue = Mobile.timeLeft(complaint.due_at).overdue;
      L.circleMarker([complaint.location.lat, complaint.location.lon], {
        radius: 8,
        color: "#ffffff",
        weight: 2,
        fillColor: overdue ? "#a4161a" : "#1f78b4",
        fillOpacity: 0.95,
        bubblingMouseEvents: false,
        className: "m-case-marker",
      })
        .on("click", () => (window.location.hash = `#case/${complaint.id}`))
        .addTo(markers);
    });
  }

  async function load() {
    listMessage.textContent = t.cases_loading;
    try {
      const page = await api("GET", config.urls.openCases);
      list.replaceChildren(...page.results.map(caseItem));
      drawMarkers(page.results);
      const notes = [navigator.onLine ? "" : t.cases_offline, page.results.length ? "" : t.cases_empty];
      listMessage.textContent = notes.filter(Boolean).join(" ");
    } catch (error) {
      listMessage.textContent = format(t.cases_failed, { status: error.message });
    }
  }

  function pendingItem(item) {
    const title = item.kind === "create" ? Mobile.categoryNames?.[item.body.category] || item.body.category : t.actions;
    const text = item.kind === "create" ? item.body.description : `#${item.body.complaintId} → ${t[`to_${item.body.to_status}`]}`;
    const state = item.failed ? format(t.pending_failed, { reason: item.lastError }) : t.pending;
    const discard = item.failed ? el("button", { type: "button", class: "m-discard" }, [t.discard]) : null;
    if (discard) {
      discard.addEventListener("click", () => Mobile.outbox.discard(item.id));
    }
    return el("li", { class: item.failed ? "m-case m-pending m-failed" : "m-case m-pending" }, [
      el("span", { class: "m-case-title" }, [`${title} · ${state}`]),
      el("span", { class: "m-case-text" }, [text]),
      discard,
    ]);
  }

  function showPending(items) {
    pendingList.replaceChildren(...items.map(pendingItem));
  }

  function detailRows(complaint) {
    const rows = [
      [t.status, complaint.status_label],
      [t.due_at, dueText(complaint)],
      [t.category, complaint.category_name],
      [t.description, complaint.description],
      [t.community, complaint.community ? complaint.community.name : t.none],
      [t.grid_cell, complaint.grid_cell ? complaint.grid_cell.code : t.none],
      [t.housing_project, complaint.housing_project ? complaint.housing_project.name : t.none],
      [t.received_at, new Date(complaint.received_at).toLocaleString(document.documentElement.lang)],
    ];
    return el("dl", { class: "m-place-list" }, rows.flatMap(([label, value]) => [el("dt", {}, [label]), el("dd", {}, [value])]));
  }

  function photoStrip(complaint) {
    const images = (complaint.photos || []).map((photo) =>
      el("img", { src: photo.url, alt: `${t.photos} ${photo.id}`, class: "m-preview", loading: "lazy" }),
    );
    return el("div", { class: "m-previews" }, images);
  }

  async function queueChange(complaint, toStatus, form) {
    const stage = toStatus === "resolved" ? "resolution" : "response";
    const file = form.elements.photo.files[0];
    const blobs = file ? [await Mobile.photos.resizeToJpeg(file, config.photoMaxSide)] : [];
    const baseline = (complaint.photos || []).filter((photo) => photo.stage === stage).length;
    const item = await Mobile.outbox.add({
      id: crypto.randomUUID(),
      kind: "transition",
      body: { complaintId: complaint.id, to_status: toStatus, note: form.elements.note.value.trim() },
      photos: blobs,
      photoBaseline: baseline,
    });
    form.querySelector(".m-message").textContent = t.action_saved;
    if (navigator.onLine) {
      await Mobile.outbox.flush(true);
      if (!(await Mobile.outbox.has(item.id))) {
        // Sent: show the case as the server now has it, with the next possible steps.
        await open(complaint.id);
        const message = caseBody.querySelector(".m-message");
        if (message) {
          message.textContent = t.action_sent;
        } else {
          caseBody.append(el("p", { class: "m-message", role: "status" }, [t.action_sent]));
        }
      }
    }
  }

  function actionForm(complaint) {
    const actions = ACTIONS[complaint.status] || [];
    if (!actions.length) {
      return el("p", { class: "m-hint" }, [t.no_actions]);
    }
    const buttons = actions.map((status) =>
      el("button", { type: "button", class: "primary", "data-to": status }, [t[`to_${status}`]]),
    );
    const form = el("form", { class: "m-actions" }, [
      el("h3", {}, [t.actions]),
      el("label", { for: "action-note" }, [t.note]),
      el("textarea", { id: "action-note", name: "note", rows: "2", maxlength: "4000" }),
      el("label", { for: "action-photo" }, [t.action_photo]),
      el("input", { id: "action-photo", name: "photo", type: "file", accept: "image/*", capture: "environment" }),
      el("p", { class: "m-message", role: "status" }),
      el("div", { class: "m-buttons" }, buttons),
    ]);
    buttons.forEach((button) =>
      button.addEventListener("click", () => queueChange(complaint, button.dataset.to, form)),
    );
    return form;
  }

  async function open(id) {
    openCaseId = String(id);
    caseBody.replaceChildren(el("p", { class: "m-hint" }, [t.cases_loading]));
    try {
      const complaint = await api("GET", caseUrl(id));
      caseBody.replaceChildren(detailRows(complaint), photoStrip(complaint), actionForm(complaint));
    } catch (error) {
      const text = error.status === 404 ? t.case_not_found : format(t.case_failed, { status: error.message });
      caseBody.replaceChildren(el("p", { class: "m-warning-text", role: "alert" }, [text]));
    }
  }

  function init(map) {
    markers = L.layerGroup().addTo(map);
    Mobile.on("outbox-changed", ({ items }) => showPending(items));
    Mobile.on("outbox-sent", ({ item }) => {
      load();
      // A change queued offline has reached the server: show the case as it now stands.
      const panelOpen = !document.getElementById("panel-case").hidden;
      if (item.kind === "transition" && panelOpen && String(item.body.complaintId) === openCaseId) {
        open(openCaseId);
      }
    });
  }

  Mobile.cases = { init, load, open };
})();
