// The one place the console talks to the server.
// - same-origin cookie session (the HttpOnly cookie is never read or stored by the console)
// - header X-Hotline-Csrf: 1 on every request
// - JSON in, JSON out; failures throw ApiError carrying the parsed application/problem+json body
// - a 401 on any call other than login hands control to the unauthorized handler (back to the login view)

const BASE = '/api/v1';
const LOGIN_PATH = '/auth/login';

let unauthorizedHandler = null;

/** Registers the function called when a request (other than login) answers 401. */
export function setUnauthorizedHandler(fn) {
  unauthorizedHandler = fn;
}

export class ApiError extends Error {
  /**
   * @param {number} status HTTP status, 0 when the server could not be reached
   * @param {object|null} problem parsed problem+json body (may be null)
   * @param {Headers|null} headers response headers
   */
  constructor(status, problem, headers) {
    const p = problem && typeof problem === 'object' ? problem : {};
    super(p.detail || p.title || (status ? `HTTP ${status}` : 'network error'));
    this.name = 'ApiError';
    this.status = status;
    this.network = status === 0;
    this.problem = p;
    this.detail = typeof p.detail === 'string' ? p.detail : '';
    this.title = typeof p.title === 'string' ? p.title : '';
    this.requestId = p.requestId || (headers && headers.get('X-Request-Id')) || '';
    this.errors = Array.isArray(p.errors) ? p.errors.filter((e) => e && typeof e === 'object') : [];
    this.retryAfter = parseRetryAfter(headers && headers.get('Retry-After'));
  }

  /** Messages the server attached to one request field. */
  fieldErrors(field) {
    return this.errors.filter((e) => e.field === field).map((e) => String(e.message ?? ''));
  }
}

/** Retry-After is either delta-seconds or an HTTP date; returns whole seconds or null. */
function parseRetryAfter(value) {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const when = Date.parse(trimmed);
  if (Number.isNaN(when)) return null;
  return Math.max(0, Math.ceil((when - Date.now()) / 1000));
}

async function request(method, path, body, options = {}) {
  const headers = {
    Accept: 'application/json, application/problem+json',
    'X-Hotline-Csrf': '1',
    ...(options.headers || {}),
  };
  const init = { method, headers, credentials: 'same-origin', cache: 'no-store' };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  if (options.signal) init.signal = options.signal;

  let response;
  try {
    response = await fetch(BASE + path, init);
  } catch (cause) {
    if (cause && cause.name === 'AbortError') throw cause;
    throw new ApiError(0, null, null);
  }

  let data = null;
  const type = response.headers.get('Content-Type') || '';
  if (response.status !== 204 && /json/i.test(type)) {
    try {
      data = await response.json();
    } catch {
      data = null;
    }
  }

  if (!response.ok) {
    const error = new ApiError(response.status, data, response.headers);
    if (response.status === 401 && path !== LOGIN_PATH && unauthorizedHandler) {
      unauthorizedHandler(error);
    }
    throw error;
  }
  return data;
}

export const api = {
  get: (path, options) => request('GET', path, undefined, options),
  post: (path, body, options) => request('POST', path, body === undefined ? {} : body, options),
  patch: (path, body, options) => request('PATCH', path, body, options),
  put: (path, body, options) => request('PUT', path, body, options),
  delete: (path, options) => request('DELETE', path, undefined, options),
};

/** The If-Match header value for an order version (the API's ETag is the version in quotes). */
export function ifMatch(version) {
  return { 'If-Match': `"${version}"` };
}

/** Encodes one path segment (ids may be numbers or strings). */
export function seg(value) {
  return encodeURIComponent(String(value));
}

/** How far the server's clock is ahead of this browser's, in ms (from /auth/session). */
let serverOffset = 0;

/** Learns the server's time (an ISO instant) so that "today" and "this month" are the server's. */
export function setServerTime(iso) {
  const t = Date.parse(iso || '');
  if (!Number.isNaN(t)) serverOffset = t - Date.now();
}

/** Now by the server's clock: what the current day, week and month are reckoned from. */
export function serverNow() {
  return new Date(Date.now() + serverOffset);
}
