/*
 * Service worker of the mobile page (served from /m/sw.js by map_ui/mobile.py, which prepends
 * SW_CONFIG: the version, our static files, the shell URL and the API paths worth keeping).
 *
 * - our static files: cache first (the version in the cache name changes when any file does);
 * - the page shell and the API answers it reads: network first, the cached copy only when the
 *   network fails, so an online phone always sees the server's truth;
 * - everything else, and every POST, passes through untouched: writes wait in the page's
 *   IndexedDB outbox, never in this cache.
 */
"use strict";

const CACHE = `mobile-${SW_CONFIG.version}`;
const ASSETS = new Set(SW_CONFIG.assets);
const RUNTIME = new Set(SW_CONFIG.runtime.map((url) => new URL(url, self.location.origin).href));

// A login-protected URL fetched without following redirects: a logged-out answer (a redirect
// to the login page) must never be stored as the page or as data.
async function keepIfOk(cache, url) {
  try {
    const response = await fetch(url, { credentials: "same-origin", redirect: "manual" });
    if (response.ok) {
      await cache.put(url, response);
    }
  } catch (error) {
    // Offline during install: the copy is made at the next online visit instead.
  }
}

self.addEventListener("install", (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      await cache.addAll([...ASSETS]);
      await Promise.all([SW_CONFIG.shell, ...SW_CONFIG.runtime].map((url) => keepIfOk(cache, url)));
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      const names = await caches.keys();
      await Promise.all(names.filter((name) => name.startsWith("mobile-") && name !== CACHE).map((name) => caches.delete(name)));
      await self.clients.claim();
    })(),
  );
});

async function cacheFirst(request) {
  const cache = await caches.open(CACHE);
  const cached = await cache.match(request);
  if (cached) {
    return cached;
  }
  const response = await fetch(request);
  if (response.ok) {
    await cache.put(request, response.clone());
  }
  return response;
}

async function networkFirst(request, cacheKey) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (response.ok && !response.redirected) {
      await cache.put(cacheKey, response.clone());
    }
    return response;
  } catch (error) {
    // DRF answers vary on Accept and Cookie; a copy fetched at install (Accept: */*) must still
    // serve the page's JSON request. The cache holds one user's answers only (cleared at logout).
    const cached = await cache.match(cacheKey, { ignoreVary: true });
    if (cached) {
      return cached;
    }
    throw error;
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) {
    return;
  }
  if (ASSETS.has(url.pathname)) {
    event.respondWith(cacheFirst(request));
  } else if (request.mode === "navigate" && url.pathname === SW_CONFIG.shell) {
    // The shell is one page whatever its #route; the query string carries nothing it needs.
    event.respondWith(networkFirst(request, SW_CONFIG.shell));
  } else if (RUNTIME.has(url.href) || SW_CONFIG.apiPrefixes.some((prefix) => url.pathname.startsWith(prefix))) {
    event.respondWith(networkFirst(request, request));
  }
});
