// gemis service worker: the app opens without a connection (docs/ui.md,
// "Offline data entry").
//
// - The app shell (index.html) and the content-hashed files under /assets/ are
//   cached as they are fetched; /assets/ is answered from the cache first (its
//   names change with its content), pages from the network first.
// - A short list of API reads the forms need (who the user is, plans,
//   metadata, units, the values of a form) is answered from the network and,
//   without one, from the last answer seen. Nothing else under /api/ is ever
//   cached: no register, no case, no personal data.
// - Writes are never cached or replayed here: the page queues them itself
//   (IndexedDB) and sends them when the connection returns.
// - Signing out deletes the cached API answers (the page posts 'sign-out').
const SHELL = 'gemis-shell-v1';
const API = 'gemis-api-v1';
const API_READS = [
  /^\/api\/me$/,
  /^\/api\/roles$/,
  /^\/api\/plans(\/[^/]+)?$/,
  /^\/api\/dataElements$/,
  /^\/api\/indicators$/,
  /^\/api\/categoryCombos$/,
  /^\/api\/orgUnits$/,
  /^\/api\/orgUnits\/[^/]+$/,
  /^\/api\/dataValueSets$/,
];

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(SHELL).then((c) => c.addAll(['/'])).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== SHELL && k !== API).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('message', (event) => {
  if (event.data === 'sign-out') event.waitUntil(caches.delete(API));
});

async function networkFirst(request, cacheName, fallbackUrl) {
  const cache = await caches.open(cacheName);
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(fallbackUrl ?? request, response.clone());
    return response;
  } catch (error) {
    const cached = await cache.match(fallbackUrl ?? request);
    if (cached) return cached;
    throw error;
  }
}

async function cacheFirst(request) {
  const cache = await caches.open(SHELL);
  const cached = await cache.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.startsWith('/assets/')) {
    event.respondWith(cacheFirst(request));
  } else if (request.mode === 'navigate') {
    // Every page of the app is index.html (the server routes it the same way).
    event.respondWith(networkFirst(request, SHELL, '/'));
  } else if (API_READS.some((re) => re.test(url.pathname))) {
    event.respondWith(networkFirst(request, API));
  }
});
