// @ts-check
/** /portal/sign-in#token=…: exchange the emailed link for a portal token, then open /portal.
 * The token is read from the fragment (never sent to the server by the browser, never logged)
 * and removed from the address bar and history straight away. */

import { $, notify } from "./dom.js";
import { ApiError } from "./graphql.js";
import { exchangePortalLink } from "./operations/exchangePortalLink.js";
import { keepPortalToken } from "./session.js";

/** @type {Record<string, string>} */
const WHY = {
  EXPIRED: "This sign-in link has expired: links work for 30 minutes.",
  ALREADY_USED: "This sign-in link was already used: each link works once.",
  INVALID_TOKEN: "This sign-in link is not valid.",
};

/** @param {string} text */
function fail(text) {
  $("title").textContent = "We could not sign you in";
  document.title = "Sign-in failed";
  notify(`${text} Ask for a new link on the programme's page.`, "error");
}

async function main() {
  const token = new URLSearchParams(location.hash.slice(1)).get("token");
  history.replaceState(null, "", location.pathname);
  if (!token) {
    fail("This address has no sign-in token.");
    return;
  }
  try {
    const answer = await exchangePortalLink(token);
    if (answer.__typename === "UserError") {
      fail(WHY[answer.code] ?? answer.message);
      return;
    }
    keepPortalToken(answer.portalToken, answer.expiresAt);
    location.replace("/portal");
  } catch (error) {
    fail(error instanceof ApiError ? error.message : "Something went wrong.");
  }
}

main();
