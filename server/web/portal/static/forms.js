// @ts-check
/** Field-level errors from a UserError's `field`, announced and linked to their inputs. */

/** @typedef {import("./operations/types.js").UserError} UserError */

/**
 * @param {HTMLFormElement} form
 * @param {string} prefix The form's id prefix: inputs are `${prefix}-${field}`.
 */
export function clearErrors(form, prefix) {
  for (const p of form.querySelectorAll(".error")) p.textContent = "";
  for (const input of form.querySelectorAll("input")) input.removeAttribute("aria-invalid");
  const general = document.getElementById(`${prefix}-form-error`);
  if (general) general.textContent = "";
}

/**
 * Put the error next to its field (or on the form), mark the field invalid and focus it.
 * @param {HTMLFormElement} form
 * @param {string} prefix
 * @param {{field: string | null, message: string}} error
 */
export function showError(form, prefix, error) {
  const field = error.field ? error.field.split(".").pop() : null;
  const input = field ? form.querySelector(`#${prefix}-${CSS.escape(field.toLowerCase())}`) : null;
  const slot = input ? document.getElementById(`${prefix}-${field?.toLowerCase()}-error`) : null;
  if (input instanceof HTMLInputElement && slot) {
    slot.textContent = error.message;
    input.setAttribute("aria-invalid", "true");
    input.focus();
    return;
  }
  const general = document.getElementById(`${prefix}-form-error`);
  if (general) {
    general.textContent = error.message;
    general.setAttribute("role", "alert");
  }
}

/**
 * The browser's own checks first (required, email), reported like the server's.
 * @param {HTMLFormElement} form
 * @param {string} prefix
 * @returns {boolean}
 */
export function checkLocally(form, prefix) {
  for (const input of form.querySelectorAll("input")) {
    if (input.closest(".hp") || input.validity.valid) continue;
    const field = input.id.slice(prefix.length + 1);
    const message =
      input.type === "checkbox"
        ? "Please agree to the terms to join."
        : input.validity.valueMissing
          ? "This field is required."
          : input.type === "email"
            ? "Enter an email address like name@example.com."
            : input.validationMessage;
    showError(form, prefix, { field, message });
    return false;
  }
  return true;
}

/**
 * Disable the submit button while a request runs.
 * @param {HTMLFormElement} form
 * @param {boolean} busy
 */
export function busy(form, busy) {
  const button = form.querySelector("button[type=submit]");
  if (button instanceof HTMLButtonElement) {
    button.disabled = busy;
    button.setAttribute("aria-busy", String(busy));
  }
}
