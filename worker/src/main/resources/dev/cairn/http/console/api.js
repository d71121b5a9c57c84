// Cairn console: every call to the worker goes through here. The session cookie travels by itself
// (same origin); a call that changes state also carries the session's CSRF token, which lives only in memory.

export const session = { csrf: null, access: 'full', authRequired: false, dashboardUrl: null, version: '' };

/** An answer of the API that is not a 2xx, with the API's own `error` code and `message`. */
export class ApiError extends Error {
  constructor(status, error, message) {
    super(message);
    this.status = status;
    this.error = error;
  }

  /** @returns a sentence for the page: what the worker said, and what to do about 401/403/429 */
  describe() {
    const hints = {
      401: 'Log in again (the session ended or the token changed).',
      403: this.error === 'csrf' ? 'Reload the console.' : 'Your login may not do this (the read-only token changes nothing).',
      429: 'Too many calls: wait a moment.',
    };
    return `${this.status} ${this.error}: ${this.message}` + (hints[this.status] ? ` ${hints[this.status]}` : '');
  }
}

let onUnauthorized = () => {};

/** @param handler called when the API answers 401 while a login is needed (the session ended) */
export function whenUnauthorized(handler) {
  onUnauthorized = handler;
}

/**
 * Calls the API.
 * @param path e.g. `/api/dlq?type=x`
 * @param options `method` (GET), `body` (sent as JSON), `raw` (return the Response)
 * @returns the parsed JSON answer
 * @throws ApiError
 */
export async function api(path, { method = 'GET', body, raw = false } = {}) {
  const headers = { Accept: 'application/json' };
  if (method !== 'GET' && session.csrf) headers['X-CSRF-Token'] = session.csrf;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response;
  try {
    response = await fetch(path, { method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (e) {
    throw new ApiError(0, 'network', `the worker did not answer (${e.message})`);
  }
  if (raw && response.ok) return response;
  const text = await response.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch (e) {
    json = null;
  }
  if (!response.ok) {
    const error = new ApiError(response.status, json?.error ?? `http_${response.status}`, json?.message ?? response.statusText);
    if (response.status === 401 && session.authRequired && !path.startsWith('/console/')) onUnauthorized(error);
    throw error;
  }
  return json;
}

/** @returns a query string from the non-empty entries of `params`, with a leading `?` (or nothing) */
export function query(params) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && String(value).trim() !== '') search.set(key, String(value).trim());
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** @returns whether this login may change state (not the read-only token) */
export function canChange() {
  return session.access === 'full';
}
