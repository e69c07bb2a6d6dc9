// @ts-check
/** The pages' one way to the server: POST /graphql, like any other client. */

/** A request that did not produce GraphQL data (network, HTTP status or GraphQL errors). */
export class ApiError extends Error {
  /**
   * @param {string} message
   * @param {number} status HTTP status; 0 when the network failed.
   * @param {string | null} code The first GraphQL error's extensions.code, if any.
   */
  constructor(message, status, code) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
  }
}

/**
 * @param {string} query
 * @param {Record<string, unknown>} variables
 * @param {string | null} [token] A portal token, sent as the bearer credential.
 * @returns {Promise<unknown>} The `data` object.
 */
export async function request(query, variables, token = null) {
  /** @type {Record<string, string>} */
  const headers = { "content-type": "application/json", accept: "application/json" };
  if (token) headers.authorization = `Bearer ${token}`;
  let response;
  try {
    response = await fetch("/graphql", {
      method: "POST",
      headers,
      body: JSON.stringify({ query, variables }),
      credentials: "omit",
      cache: "no-store",
    });
  } catch {
    throw new ApiError("We could not reach the server. Check your connection and try again.", 0, null);
  }
  /** @type {{data?: unknown, errors?: {message: string, extensions?: {code?: string}}[]}} */
  let body = {};
  try {
    body = await response.json();
  } catch {
    // Not JSON: the status says enough.
  }
  const first = body.errors?.[0];
  if (!response.ok || first || body.data == null) {
    const code = first?.extensions?.code ?? null;
    const message =
      response.status === 401
        ? "Your session has ended. Open the latest sign-in link from your email."
        : response.status === 429 || code === "RATE_LIMITED"
          ? "Too many attempts. Please wait a minute and try again."
          : "Something went wrong. Please try again.";
    throw new ApiError(message, response.status, code);
  }
  return body.data;
}
