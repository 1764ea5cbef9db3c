// The JSON API client (docs/api.md): the session cookie, the CSRF token on
// every change, Accept-Language for the server's own messages, and errors as
// ApiError carrying the server's errorCode, message and field.
import { getLang } from './messages';

export class ApiError extends Error {
  constructor(
    public status: number,
    public code: string,
    message: string,
    public field?: string,
    public body?: unknown, // the answer's JSON, when it had one
  ) {
    super(message);
  }
}

let csrfToken = '';
let onUnauthenticated: (() => void) | null = null;

export function setCsrfToken(token: string): void {
  csrfToken = token;
}

// Called when the server answers 401 to a signed-in call (session expired).
export function setUnauthenticatedHandler(handler: (() => void) | null): void {
  onUnauthenticated = handler;
}

export interface CallOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  body?: unknown; // sent as JSON
  raw?: { body: string | ArrayBuffer; type: string }; // sent as is (a file to import)
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

export async function call<T>(path: string, options: CallOptions = {}): Promise<T> {
  return (await callWithEtag<T>(path, options)).data;
}

// The same, with the answer's ETag (for If-Match on a later change).
export async function callWithEtag<T>(path: string, options: CallOptions = {}): Promise<{ data: T; etag: string | null }> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = {
    Accept: 'application/json',
    'Accept-Language': getLang(),
    ...options.headers,
  };
  let body: string | ArrayBuffer | undefined;
  if (options.raw) {
    headers['Content-Type'] = options.raw.type;
    body = options.raw.body;
  } else if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(path, { method, headers, body, credentials: 'same-origin', signal: options.signal });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    // Without a connection, a read the service worker kept (public/sw.js) is
    // read here too, should the worker not have answered the request itself.
    const kept = method === 'GET' ? await cachedAnswer(path) : undefined;
    if (!kept) throw new ApiError(0, 'E_OFFLINE', '');
    res = kept;
  }
  const text = await res.text();
  let data: unknown = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = null;
    }
  }
  if (!res.ok) {
    const err = (data ?? {}) as { errorCode?: string; message?: string; field?: string };
    if (res.status === 401 && path !== '/api/auth/login' && onUnauthenticated) onUnauthenticated();
    throw new ApiError(res.status, err.errorCode ?? `HTTP_${res.status}`, err.message ?? res.statusText, err.field, data ?? undefined);
  }
  return { data: data as T, etag: res.headers.get('ETag') };
}

async function cachedAnswer(path: string): Promise<Response | undefined> {
  try {
    if (!('caches' in globalThis)) return undefined;
    const cache = await caches.open('gemis-api-v1');
    return await cache.match(new URL(path, location.href).href);
  } catch {
    return undefined;
  }
}

// A path segment: plan numbers hold '/', which must travel encoded.
export function seg(s: string): string {
  return encodeURIComponent(s);
}

export function query(params: Record<string, string | number | boolean | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

export interface UnitRef {
  id: string;
  code: string;
  name: string;
  active: boolean;
}

export interface Me {
  username: string;
  displayName: string;
  email: string;
  roles: string[];
  entryScope: UnitRef[];
  viewScope: UnitRef[];
  contentAreas: string[];
  authorities: string[];
  csrfToken?: string;
}

export interface Role {
  code: string;
  name: string;
  nameEn?: string;
  builtin?: boolean;
  authorities: string[];
}
