// map_ui/static/map_ui/http.js against a real HTTP server on the loopback: what is sent, and what a
// refusal, a server error or no answer at all turns into.
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { after, before, test } from "node:test";

import {
  describeError,
  errorKind,
  errorMessage,
  getFeatures,
  getJson,
  HttpError,
  isRequestError,
  NetworkError,
  requestJson,
} from "../../map_ui/static/map_ui/http.js";

let server;
let origin;
const seen = [];

function answer(response, status, body, type = "application/json") {
  response.writeHead(status, { "Content-Type": type });
  response.end(type.includes("json") ? JSON.stringify(body) : body);
}

const ROUTES = {
  "/ok/": (request, response) => answer(response, 200, { hello: "世界" }),
  "/echo/": (request, response, body) =>
    answer(response, 201, { method: request.method, headers: request.headers, body: body && JSON.parse(body) }),
  "/refused/": (request, response) =>
    answer(response, 400, { description: ["at most 4000 characters, got 4001"], non_field_errors: ["重复的诉求"] }),
  "/read-only/": (request, response) => answer(response, 403, { detail: "此角色只读，不能登记诉求" }),
  "/busy/": (request, response) => answer(response, 503, { detail: "服务暂时不可用" }),
  "/missing/": (request, response) => answer(response, 404, "<h1>Not Found</h1>", "text/html"),
  "/moved/": (request, response) => {
    response.writeHead(302, { Location: "/accounts/login/" });
    response.end();
  },
  "/accounts/login/": (request, response) => answer(response, 200, "<form>登录</form>", "text/html"),
  "/empty/": (request, response) => {
    response.writeHead(204);
    response.end();
  },
  "/pages/": (request, response) => {
    const page = new URL(request.url, origin).searchParams.get("page");
    // The second page's link names a host the page must never contact.
    const next = page ? null : "http://internal-proxy:8000/pages/?page=2";
    answer(response, 200, { next, features: [{ id: page ? "B" : "A" }] });
  },
};

before(async () => {
  server = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk) => (body += chunk));
    request.on("end", () => {
      seen.push(request.url);
      ROUTES[new URL(request.url, "http://x").pathname](request, response, body);
    });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${server.address().port}`;
  // What a page has: its address and Django's CSRF cookie.
  globalThis.location = new URL(`${origin}/m/`);
  globalThis.document = { cookie: "sessionid=s; csrftoken=t0k%3Den" };
});

after(() => {
  server.close();
  delete globalThis.location;
  delete globalThis.document;
});

test("errorMessage reads DRF's and Open311's error shapes", () => {
  assert.equal(errorMessage({ detail: "未登录" }), "未登录");
  assert.equal(errorMessage({ end: ["end 必须晚于 start"] }), "end: end 必须晚于 start");
  assert.equal(errorMessage({ a: ["x", "y"], non_field_errors: ["z"] }), "a: x y; z");
  assert.equal(errorMessage({ location: { lon: ["超出范围"] } }), "location: lon: 超出范围");
  assert.equal(errorMessage(["一", "二"]), "一 二");
  assert.equal(errorMessage([{ code: 400, description: "service_code 无效" }]), "service_code 无效");
  assert.equal(errorMessage(null), "");
  assert.equal(errorMessage(42), "");
});

test("errorKind: retry on no answer and server trouble, wait on auth, give up on refusals", () => {
  assert.equal(errorKind(0), "network");
  assert.equal(errorKind(401), "auth");
  assert.equal(errorKind(403), "auth");
  for (const status of [500, 502, 503, 408, 429]) {
    assert.equal(errorKind(status), "server", String(status));
  }
  for (const status of [400, 404, 409, 413, 422]) {
    assert.equal(errorKind(status), "rejected", String(status));
  }
});

test("a JSON answer is read; 204 is null", async () => {
  assert.deepEqual(await getJson("/ok/"), { hello: "世界" });
  assert.equal(await requestJson("/empty/", { method: "DELETE" }), null);
});

test("a write carries Django's CSRF token and a JSON body", async () => {
  const echo = await requestJson("/echo/", { method: "POST", body: { lon: 116.25 } });

  assert.equal(echo.method, "POST");
  assert.equal(echo.headers["x-csrftoken"], "t0k=en");
  assert.equal(echo.headers["content-type"], "application/json");
  assert.equal(echo.headers.accept, "application/json");
  assert.deepEqual(echo.body, { lon: 116.25 });
  const read = await getJson("/echo/");
  assert.equal(read.headers["x-csrftoken"], undefined);
});

test("a refusal carries the server's own reason and status", async () => {
  const error = await getJson("/refused/").catch((caught) => caught);

  assert.ok(error instanceof HttpError);
  assert.equal(error.status, 400);
  assert.equal(error.kind, "rejected");
  assert.equal(error.message, "description: at most 4000 characters, got 4001; 重复的诉求");
  assert.equal(describeError(error), error.message);

  const readOnly = await requestJson("/read-only/", { method: "POST", body: {} }).catch((caught) => caught);
  assert.deepEqual([readOnly.status, readOnly.kind, readOnly.message], [403, "auth", "此角色只读，不能登记诉求"]);
  const busy = await getJson("/busy/").catch((caught) => caught);
  assert.deepEqual([busy.status, busy.kind, busy.message], [503, "server", "服务暂时不可用"]);
});

test("an answer without JSON says its status", async () => {
  const error = await getJson("/missing/").catch((caught) => caught);

  assert.deepEqual([error.status, error.kind, error.message], [404, "rejected", "HTTP 404"]);
});

test("no answer, or a redirect (a logged-out page), is a network error, never data", async () => {
  const closed = createServer();
  await new Promise((resolve) => closed.listen(0, "127.0.0.1", resolve));
  const port = closed.address().port;
  await new Promise((resolve) => closed.close(resolve));
  globalThis.location = new URL(`http://127.0.0.1:${port}/m/`);
  try {
    const error = await getJson("/ok/").catch((caught) => caught);
    assert.ok(error instanceof NetworkError && isRequestError(error));
    assert.deepEqual([error.status, error.kind, error.message], [0, "network", "网络错误"]);
    assert.equal(describeError(error), "网络错误");
  } finally {
    globalThis.location = new URL(`${origin}/m/`);
  }
  const redirected = await getJson("/moved/").catch((caught) => caught);
  assert.ok(redirected instanceof NetworkError);
  assert.equal(describeError(new TypeError("bug")), "网络错误");
  assert.equal(isRequestError(new TypeError("bug")), false);
});

test("an aborted request stays an AbortError (the caller asked for it)", async () => {
  const controller = new AbortController();
  controller.abort();
  const error = await getJson("/ok/", controller.signal).catch((caught) => caught);

  assert.equal(error.name, "AbortError");
  assert.equal(isRequestError(error), false);
});

test("getFeatures follows `next` pages on our own origin, whatever host they name", async () => {
  seen.length = 0;

  assert.deepEqual(await getFeatures("/pages/"), [{ id: "A" }, { id: "B" }]);
  assert.deepEqual(seen, ["/pages/", "/pages/?page=2"]);
});
