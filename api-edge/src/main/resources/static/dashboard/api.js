// Calls to the API with the bearer token the page holds. Failures are thrown as ApiError carrying the RFC 9457
// problem the API answered with.
const TOKEN_KEY = 'conveyor.token';

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail ?? problem?.title ?? `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

export const token = {
  // the tab's session only: a token does not outlive the tab, and other sites cannot read it
  get: () => sessionStorage.getItem(TOKEN_KEY),
  set: (value) => sessionStorage.setItem(TOKEN_KEY, value),
  clear: () => sessionStorage.removeItem(TOKEN_KEY),
};

export async function call(method, path, body) {
  const headers = { Accept: 'application/json' };
  const current = token.get();
  if (current) {
    headers.Authorization = `Bearer ${current}`;
  }
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  const response = await fetch(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    cache: 'no-store',
  });
  const text = await response.text();
  const json = text ? safeJson(text) : null;
  if (!response.ok) {
    throw new ApiError(response.status, json);
  }
  return json;
}

/** A development token, when this server offers one to this browser (only with its development key). */
export async function devToken() {
  const response = await fetch('/dashboard/dev-token', { method: 'POST', cache: 'no-store' });
  if (!response.ok) {
    return null;
  }
  return (await response.json()).token;
}

function safeJson(text) {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
