/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
import { build, files, version } from '$service-worker';

/**
 * The kiosk must start with the network cut (a book-fair booth, a ward office whose line is
 * down). Every file of this build is precached on install; the app is served cache-first, and
 * any navigation falls back to the cached shell. Requests to other origins (the sync-server,
 * the hardware agent) are never touched: sync has its own outbox and retry.
 */
const sw = self as unknown as ServiceWorkerGlobalScope;
const CACHE = `dangky-kiosk-${version}`;
const SHELL = new URL('./', sw.location.href).pathname;
const ASSETS = [...build, ...files, SHELL].map((path) => new URL(path, sw.location.href).pathname);

sw.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(ASSETS))
      .then(() => sw.skipWaiting()),
  );
});

sw.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
      .then(() => sw.clients.claim()),
  );
});

sw.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== sw.location.origin) return;
  event.respondWith(
    (async () => {
      const cache = await caches.open(CACHE);
      if (request.mode === 'navigate') {
        // The shell from the network when it answers (a new build), else the cached one.
        try {
          const fresh = await fetch(request);
          if (fresh.ok) return fresh;
        } catch {
          // offline: fall through to the cache
        }
        return (await cache.match(SHELL)) ?? Response.error();
      }
      const cached = await cache.match(url.pathname);
      if (cached) return cached;
      return fetch(request);
    })(),
  );
});
