// @ts-check
/** Small DOM helpers: text only (never innerHTML), typed element look-ups. */

/**
 * @template {HTMLElement} T
 * @param {string} id
 * @param {new () => T} type
 * @returns {T}
 */
export function byId(id, type) {
  const found = document.getElementById(id);
  if (!(found instanceof type)) throw new Error(`#${id} is missing or not a ${type.name}`);
  return found;
}

/** @param {string} id */
export const $ = (id) => byId(id, HTMLElement);

/**
 * @param {string} tag
 * @param {Record<string, string>} [attributes]
 * @param {(Node | string)[]} children
 * @returns {HTMLElement}
 */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

/**
 * Text with blank lines as paragraphs (terms, pitches): plain text, never markup.
 * @param {HTMLElement} target
 * @param {string} text
 */
export function paragraphs(target, text) {
  target.replaceChildren(
    ...text
      .split(/\n\s*\n/)
      .map((p) => p.trim())
      .filter(Boolean)
      .map((p) => el("p", { class: "pre" }, p)),
  );
}

/**
 * A page-level message in the polite live region.
 * @param {string} text
 * @param {"info" | "error"} [kind]
 */
export function notify(text, kind = "info") {
  const notice = $("notice");
  notice.className = kind === "error" ? "notice error-box" : "notice";
  notice.textContent = text;
}

/** @param {boolean} busy */
export function loading(busy) {
  $("loading").hidden = !busy;
}
