// @ts-check
/**
 * vouch.js 1: Vouch's first-party snippet for the shop's own pages. No dependencies.
 *
 * On the landing page a share link (/r/{code}) redirects to, it reads `ref` (the referral
 * code) and `vt` (the visit token) from the URL and keeps them in a first-party cookie
 * (`_vouch`) for the campaign's attribution window (`vw` days in the URL, else the script
 * tag's `data-attribution-days`, else 30). Later pages read them back:
 *
 *   Vouch.visitToken()          the visit token, or null
 *   Vouch.referralCode()        the referral code, or null
 *   Vouch.clientReferenceId()   what to pass as Stripe Checkout's client_reference_id
 *   Vouch.fill(root)            fills inputs marked data-vouch="visit-token" | "referral-code"
 *                               | "client-reference-id" under root (done for the page on load)
 *   Vouch.checkoutUrl(url)      a Stripe Payment Link with client_reference_id added
 */
(function () {
  "use strict";

  var VERSION = "1";
  var COOKIE = "_vouch";
  var DEFAULT_DAYS = 30;
  var MAX_DAYS = 365;
  var TOKEN = /^[A-Za-z0-9_-]{1,40}$/;

  /** @typedef {{ vt: string | null, ref: string | null }} Touch */

  /**
   * @param {string | null | undefined} value
   * @returns {string | null}
   */
  function clean(value) {
    return value && TOKEN.test(value) ? value : null;
  }

  /**
   * @param {string | null | undefined} value
   * @returns {number | null}
   */
  function days(value) {
    var n = value ? parseInt(value, 10) : NaN;
    return n >= 1 ? Math.min(n, MAX_DAYS) : null;
  }

  /** @returns {Touch} */
  function stored() {
    var parts = document.cookie ? document.cookie.split("; ") : [];
    for (var i = 0; i < parts.length; i++) {
      var eq = parts[i].indexOf("=");
      if (parts[i].slice(0, eq) !== COOKIE) continue;
      try {
        /** @type {unknown} */
        var parsed = JSON.parse(decodeURIComponent(parts[i].slice(eq + 1)));
        if (parsed && typeof parsed === "object") {
          var touch = /** @type {{ vt?: unknown, ref?: unknown }} */ (parsed);
          return {
            vt: typeof touch.vt === "string" ? clean(touch.vt) : null,
            ref: typeof touch.ref === "string" ? clean(touch.ref) : null,
          };
        }
      } catch (_ignored) {
        // a cookie this script did not write: start afresh
      }
    }
    return { vt: null, ref: null };
  }

  /**
   * @param {Touch} touch
   * @param {number} lifetimeDays
   */
  function keep(touch, lifetimeDays) {
    var secure = location.protocol === "https:" ? "; Secure" : "";
    document.cookie =
      COOKIE +
      "=" +
      encodeURIComponent(JSON.stringify(touch)) +
      "; Max-Age=" +
      String(lifetimeDays * 86400) +
      "; Path=/; SameSite=Lax" +
      secure;
  }

  /** The latest share-link visit wins: its touch replaces what the cookie held. */
  function capture() {
    var params = new URLSearchParams(location.search);
    var touch = { vt: clean(params.get("vt")), ref: clean(params.get("ref")) };
    if (!touch.vt && !touch.ref) return;
    var script = /** @type {HTMLScriptElement | null} */ (document.currentScript);
    var lifetime =
      days(params.get("vw")) ||
      days(script ? script.getAttribute("data-attribution-days") : null) ||
      DEFAULT_DAYS;
    keep(touch, lifetime);
  }

  /** @returns {string | null} */
  function visitToken() {
    return stored().vt;
  }

  /** @returns {string | null} */
  function referralCode() {
    return stored().ref;
  }

  /** @returns {string | null} */
  function clientReferenceId() {
    var touch = stored();
    return touch.vt || touch.ref;
  }

  /**
   * Fill the marked inputs under `root` (the whole page by default).
   * @param {ParentNode} [root]
   * @returns {number} how many inputs were filled
   */
  function fill(root) {
    /** @type {Record<string, () => string | null>} */
    var sources = {
      "visit-token": visitToken,
      "referral-code": referralCode,
      "client-reference-id": clientReferenceId,
    };
    var inputs = (root || document).querySelectorAll("input[data-vouch]");
    var filled = 0;
    for (var i = 0; i < inputs.length; i++) {
      var input = /** @type {HTMLInputElement} */ (inputs[i]);
      var source = sources[input.getAttribute("data-vouch") || ""];
      var value = source ? source() : null;
      if (value) {
        input.value = value;
        filled++;
      }
    }
    return filled;
  }

  /**
   * A Stripe Payment Link (https://buy.stripe.com/...) carrying client_reference_id.
   * @param {string} url
   * @returns {string}
   */
  function checkoutUrl(url) {
    var id = clientReferenceId();
    if (!id) return url;
    var target = new URL(url, location.href);
    target.searchParams.set("client_reference_id", id);
    return target.toString();
  }

  capture();
  var api = Object.freeze({
    version: VERSION,
    visitToken: visitToken,
    referralCode: referralCode,
    clientReferenceId: clientReferenceId,
    fill: fill,
    checkoutUrl: checkoutUrl,
  });
  Object.defineProperty(window, "Vouch", { value: api, configurable: false });
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () {
      fill();
    });
  } else {
    fill();
  }
})();
