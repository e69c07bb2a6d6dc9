// @ts-check
/** The portal token, kept for this tab only (sessionStorage), never in a URL or cookie. */

const KEY = "vouch.portalToken";

/** @returns {string | null} */
export function portalToken() {
  try {
    const raw = sessionStorage.getItem(KEY);
    if (!raw) return null;
    const { token, expiresAt } = /** @type {{token: string, expiresAt: string}} */ (JSON.parse(raw));
    if (Date.parse(expiresAt) <= Date.now()) {
      sessionStorage.removeItem(KEY);
      return null;
    }
    return token;
  } catch {
    return null;
  }
}

/**
 * @param {string} token
 * @param {string} expiresAt ISO 8601
 */
export function keepPortalToken(token, expiresAt) {
  sessionStorage.setItem(KEY, JSON.stringify({ token, expiresAt }));
}

export function forgetPortalToken() {
  sessionStorage.removeItem(KEY);
}
