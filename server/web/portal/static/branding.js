// @ts-check
/** A campaign's look: logo, sender name and an accent colour set as a CSS custom property. */

/** @typedef {import("./operations/types.js").Branding} Branding */

const HEX = /^#[0-9a-fA-F]{6}$/;

/**
 * Relative luminance (WCAG 2.1) of #rrggbb.
 * @param {string} hex
 */
function luminance(hex) {
  const channel = (/** @type {number} */ i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

/**
 * Black or white, whichever reads better on the accent (keeps buttons at AA contrast).
 * @param {string} hex
 */
export function textOn(hex) {
  const l = luminance(hex);
  return (1.05 / (l + 0.05)) >= ((l + 0.05) / 0.05) ? "#ffffff" : "#111111";
}

/**
 * @param {Branding} branding
 * @param {string} fallbackName Shown when the campaign sets no sender name.
 */
export function applyBranding(branding, fallbackName) {
  const root = document.documentElement;
  if (branding.accentColor && HEX.test(branding.accentColor)) {
    // CSSOM, not a style attribute: allowed under a policy without 'unsafe-inline'.
    root.style.setProperty("--accent", branding.accentColor);
    root.style.setProperty("--on-accent", textOn(branding.accentColor));
  }
  const name = branding.senderName || fallbackName;
  const sender = document.getElementById("sender");
  if (sender) sender.textContent = name;
  const logo = document.getElementById("logo");
  if (logo instanceof HTMLImageElement && branding.logoUrl) {
    logo.alt = name;
    logo.src = branding.logoUrl;
    logo.hidden = false;
    logo.addEventListener("error", () => {
      logo.hidden = true;
    });
  }
}
