/*
 * The outbox: new cases, photos and status changes wait in IndexedDB until the server has them.
 *
 * Why retries never duplicate: a new case carries its client_uuid (made once, when the worker
 * pressed 提交), and POST /api/complaints/ returns the stored case for a UUID it already has.
 * Photos are uploaded after that answer, and only those the case does not have yet (the server
 * lists them), so a photo whose answer was lost is not sent twice. A status change checks the
 * case first and is skipped when the case already has that status.
 *
 * Only what the network or the server's state stopped waits here (no answer, 5xx, 408, 429, a
 * logged-out session). A refusal (4xx) of something the worker is still looking at (submit()) is
 * handed back to its form with the server's reason; one that was queued earlier stays, marked
 * failed with that reason, until the worker discards it.
 *
 * Items belong to the user who made them: on a shared phone another login never sends them.
 */
import { isRequestError } from "../http.js";
import { api, config, emit } from "./core.js";
import { KeyValueStore } from "./idb.js";

const store = new KeyValueStore("geo_gov_mobile", "outbox");
const FIRST_RETRY_MS = 2000;
const MAX_RETRY_MS = 5 * 60 * 1000;
// How long a form waits for the server's answer before it says the item waits in the outbox:
// on a weak signal a request can hang for minutes, and the worker has other things to do.
const SUBMIT_WAIT_MS = 15000;

let flushing = null;
let again = false;
let timer = null;
let authProblem = false;
// Items whose form waits for the answer (submit()), and what the server said to them.
const awaiting = new Set();
const outcomes = new Map();

function backoff(attempts) {
  const base = Math.min(FIRST_RETRY_MS * 2 ** (attempts - 1), MAX_RETRY_MS);
  // Jitter: phones that regain the network together should not all call at once.
  return Math.round(base * (0.8 + Math.random() * 0.4));
}

async function mine() {
  const items = await store.getAll();
  return items.filter((item) => item.user === config.username).sort((a, b) => a.createdAt - b.createdAt);
}

function caseUrl(id) {
  return `${config.urls.complaints}${id}/`;
}

async function uploadPhoto(complaintId, blob, stage, index) {
  const form = new FormData();
  form.append("image", blob, `photo-${index + 1}.jpg`);
  form.append("stage", stage);
  return api("POST", `${caseUrl(complaintId)}photos/`, form);
}

function stageCount(complaint, stage) {
  return (complaint.photos || []).filter((photo) => photo.stage === stage).length;
}

async function sendCreate(item) {
  const complaint = await api("POST", config.urls.complaints, { ...item.body, client_uuid: item.id });
  if (item.complaintId !== complaint.id) {
    item.complaintId = complaint.id;
    await store.put(item);
  }
  for (let index = stageCount(complaint, "intake"); index < item.photos.length; index += 1) {
    await uploadPhoto(complaint.id, item.photos[index], "intake", index);
  }
  return complaint;
}

async function sendTransition(item) {
  const { complaintId, to_status: toStatus, note } = item.body;
  let complaint = await api("GET", caseUrl(complaintId));
  const stage = toStatus === "resolved" ? "resolution" : "response";
  // Photos of this stage beyond the count seen when the change was made are ours, already sent.
  const sent = Math.max(stageCount(complaint, stage) - item.photoBaseline, 0);
  for (let index = sent; index < item.photos.length; index += 1) {
    await uploadPhoto(complaintId, item.photos[index], stage, index);
  }
  if (complaint.status !== toStatus) {
    complaint = await api("POST", `${caseUrl(complaintId)}transition/`, { to_status: toStatus, note });
  }
  return complaint;
}

// A 403 is either an expired login or a refusal of this one request: ask which.
async function isLoggedOut() {
  try {
    await api("GET", config.urls.categories);
    return false;
  } catch (error) {
    return error.kind === "auth";
  }
}

async function refuse(item, error) {
  // Nothing of a new case reached the server (no case number yet): its form takes it back.
  if (awaiting.has(item.id) && !item.complaintId) {
    outcomes.set(item.id, { error });
    await store.delete(item.id);
    emit("outbox-refused", { item, error });
    return;
  }
  if (awaiting.has(item.id)) {
    outcomes.set(item.id, { error, complaintId: item.complaintId });
  }
  item.failed = true;
  await store.put(item);
}

async function handleFailure(item, error) {
  if (error.kind === "auth" && (await isLoggedOut())) {
    authProblem = true;
    return "stop";
  }
  item.lastError = error.message;
  if (error.kind === "rejected" || error.kind === "auth") {
    await refuse(item, error);
    return "next";
  }
  item.attempts = (item.attempts || 0) + 1;
  item.nextAttemptAt = Date.now() + backoff(item.attempts);
  await store.put(item);
  // The network (or the server) is down: the rest of the queue would fail the same way.
  return "stop";
}

async function sendDue(force) {
  for (const item of await mine()) {
    if (item.failed || (!force && item.nextAttemptAt > Date.now())) {
      continue;
    }
    try {
      const complaint = item.kind === "create" ? await sendCreate(item) : await sendTransition(item);
      await store.delete(item.id);
      if (awaiting.has(item.id)) {
        outcomes.set(item.id, { complaint });
      }
      emit("outbox-sent", { item, complaint });
    } catch (error) {
      if (!isRequestError(error)) {
        throw error;
      }
      if ((await handleFailure(item, error)) === "stop") {
        return;
      }
    }
  }
}

async function schedule() {
  clearTimeout(timer);
  const waiting = (await mine()).filter((item) => !item.failed);
  emit("outbox-changed", { items: await mine(), authProblem });
  if (waiting.length && !authProblem) {
    const next = Math.min(...waiting.map((item) => item.nextAttemptAt || 0));
    timer = setTimeout(() => flush(false), Math.max(next - Date.now(), 1000));
  }
}

// Two tabs of the page share one outbox: without a lock both could upload the same photo
// (the case itself is safe either way, by its client_uuid).
function exclusive(task) {
  return navigator.locks ? navigator.locks.request("geo-gov-mobile-outbox", task) : task();
}

/** Send what is due; one flush at a time (a second call runs once more after the first). */
export async function flush(force) {
  if (flushing) {
    again = true;
    return flushing;
  }
  flushing = (async () => {
    try {
      let forceThis = force;
      do {
        again = false;
        await exclusive(() => sendDue(forceThis));
        forceThis = false;
      } while (again && !authProblem);
    } finally {
      flushing = null;
      await schedule();
    }
  })();
  return flushing;
}

async function add(item) {
  const entry = { createdAt: Date.now(), user: config.username, attempts: 0, nextAttemptAt: 0, ...item };
  await store.put(entry);
  await schedule();
  return entry;
}

/**
 * Stores an item (so nothing the worker pressed 提交 for is lost), sends it at once when online,
 * and says what became of it: { state: "sent", complaint }; { state: "refused", error } (taken
 * back out of the outbox: the form keeps its input and shows error.message); { state: "failed",
 * error, complaintId } (the case was stored but a later part, a photo, was refused: it stays
 * in the list, marked failed); or { state: "queued" } (it waits for the network or the server).
 */
export async function submit(item) {
  const entry = await add(item);
  if (!navigator.onLine) {
    return { state: "queued" };
  }
  awaiting.add(entry.id);
  let waited = null;
  try {
    await Promise.race([
      flush(true),
      new Promise((resolve) => {
        waited = setTimeout(resolve, SUBMIT_WAIT_MS);
      }),
    ]);
  } finally {
    clearTimeout(waited);
    awaiting.delete(entry.id);
  }
  const outcome = outcomes.get(entry.id);
  outcomes.delete(entry.id);
  if (outcome && outcome.complaint) {
    return { state: "sent", complaint: outcome.complaint };
  }
  if (outcome && outcome.error) {
    return { state: outcome.complaintId ? "failed" : "refused", error: outcome.error, complaintId: outcome.complaintId };
  }
  return { state: "queued" };
}

window.addEventListener("online", () => {
  authProblem = false;
  flush(true);
});

/** Drop an item the server refused (the worker has read why); nothing else is ever dropped. */
export async function discard(id) {
  const item = await store.get(id);
  if (item && item.failed) {
    await store.delete(id);
  }
  await schedule();
}
