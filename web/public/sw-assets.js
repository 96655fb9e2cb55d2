/* global self, caches */
/**
 * Imported by the service worker web/vite.config.mts generates, before its own fetch handler: the
 * build's scripts (/assets/*.js, named by their content, cached by the browser for a year) come from
 * the browser's HTTP cache, passed through unchanged, and from the precache only when the HTTP cache
 * no longer has them (evicted, or the install fetched them first); never from the network while
 * either has them, so offline starts work as before.
 *
 * Why (issue 20, the report page's warm start on a phone): Chrome keeps compiled code for a script
 * the page loaded from the network or through a service worker that passed the network's answer on,
 * and reuses it on the next visit. A script answered from the precache (Cache Storage) has its own
 * code cache instead, which Chrome fills at install by compiling each script as a classic script —
 * of no use to the app's ES modules — so the first start from the precache threw that away and
 * serialised new code on the main thread before the form showed (≈ 60–90 ms of it at 4× slower CPU).
 */
self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || !url.pathname.startsWith('/assets/') || !/\.m?js$/.test(url.pathname)) return;
  // Not precached (the config's globIgnores: the chart library): left to the generated handler's runtime cache, as before.
  if (/^\/assets\/EChart-[^/]*\.js$/.test(url.pathname)) return;
  // Answered here: the generated handler (the precache's route) is not asked as well.
  event.stopImmediatePropagation();
  event.respondWith(
    fetch(request, { cache: 'only-if-cached', mode: 'same-origin' })
      .then((response) => (response.ok ? response : Promise.reject(new Error(`HTTP cache: ${response.status}`))))
      .catch(() => caches.match(request).then((cached) => cached ?? fetch(request))),
  );
});
