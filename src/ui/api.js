// @ts-check
/**
 * The workspace's only door to the server: same-origin fetch with the session cookie, the session's CSRF token on
 * every state change, and the API's error shape turned into an ApiError the page can show.
 */

export class ApiError extends Error {
  /** @param {number} status @param {string} code @param {string} message @param {Record<string, unknown>} [details] */
  constructor(status, code, message, details = {}) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

/** @type {string | null} */
let csrfToken = null;
/** @type {() => void} */
let onSignedOut = () => {};

/** @param {string | null} token */
export function setCsrfToken(token) {
  csrfToken = token;
}

/** Called when the server says the session is gone (expired, signed out elsewhere, key removed). @param {() => void} fn */
export function whenSignedOut(fn) {
  onSignedOut = fn;
}

/**
 * @param {'GET' | 'POST' | 'DELETE'} method
 * @param {string} path
 * @param {unknown} [body]
 * @param {{ quiet401?: boolean }} [opts]
 * @returns {Promise<any>}
 */
export async function api(method, path, body, opts = {}) {
  /** @type {Record<string, string>} */
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['X-Sieve-CSRF'] = csrfToken;
  let res;
  try {
    res = await fetch(path, { method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw new ApiError(0, 'network', 'the server could not be reached');
  }
  if (res.status === 204) return null;
  const data = await res.json().catch(() => null);
  if (!res.ok) {
    const err = data && data.error ? data.error : {};
    if (res.status === 401 && !opts.quiet401) onSignedOut();
    throw new ApiError(res.status, err.code ?? `http_${res.status}`, err.message ?? res.statusText, err);
  }
  return data;
}

/** Path segment escaping for ids from the API. @param {string} s */
export const seg = (s) => encodeURIComponent(s);

/** A query string from the non-empty values. @param {Record<string, string | number | undefined | null>} params */
export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}
