// @ts-check
/** /join/{slug}: the campaign's pitch and terms, the join form and the sign-in link form. */

import { applyBranding } from "./branding.js";
import { $, byId, loading, notify, paragraphs } from "./dom.js";
import { busy, checkLocally, clearErrors, showError } from "./forms.js";
import { ApiError } from "./graphql.js";
import { joinCampaign } from "./operations/joinCampaign.js";
import { joinPage } from "./operations/joinPage.js";
import { requestPortalLink } from "./operations/requestPortalLink.js";

const slug = decodeURIComponent(location.pathname.split("/")[2] ?? "");

/** @param {unknown} error */
function failure(error) {
  return error instanceof ApiError ? error.message : "Something went wrong. Please try again.";
}

async function main() {
  let page;
  try {
    page = await joinPage(slug);
  } catch (error) {
    loading(false);
    notify(failure(error), "error");
    return;
  }
  loading(false);
  if (page.__typename === "UserError") {
    $("title").textContent = "This programme was not found";
    document.title = "Not found";
    notify("Check the address, or ask the company for its referral page.", "error");
    return;
  }
  const { formToken } = page;
  document.title = `Join ${page.campaignName}`;
  $("title").textContent = page.campaignName;
  applyBranding(page.branding, page.campaignName);
  if (page.pitch) {
    paragraphs($("pitch"), page.pitch);
    $("pitch-section").hidden = false;
  }
  if (page.terms) {
    paragraphs($("terms"), page.terms);
    $("terms-section").hidden = false;
  }
  $("link-section").hidden = false;
  if (!page.open) {
    notify("This programme is not taking new members right now.");
  } else {
    $("join-section").hidden = false;
  }

  const form = byId("join-form", HTMLFormElement);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors(form, "join");
    if (!checkLocally(form, "join")) return;
    busy(form, true);
    try {
      const answer = await joinCampaign({
        slug,
        name: byId("join-name", HTMLInputElement).value.trim(),
        email: byId("join-email", HTMLInputElement).value.trim(),
        consent: byId("join-consent", HTMLInputElement).checked,
        formToken,
        website: byId("join-website", HTMLInputElement).value,
      });
      if (answer.__typename === "UserError") {
        showError(form, "join", answer);
        return;
      }
      $("join-section").hidden = true;
      $("done-message").textContent = answer.message;
      $("done-section").hidden = false;
      $("done-section").focus();
    } catch (error) {
      showError(form, "join", { field: null, message: failure(error) });
    } finally {
      busy(form, false);
    }
  });

  const linkForm = byId("link-form", HTMLFormElement);
  linkForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors(linkForm, "link");
    $("link-done").textContent = "";
    if (!checkLocally(linkForm, "link")) return;
    busy(linkForm, true);
    try {
      const answer = await requestPortalLink({
        slug,
        email: byId("link-email", HTMLInputElement).value.trim(),
        formToken,
      });
      if (answer.__typename === "UserError") {
        showError(linkForm, "link", answer);
        return;
      }
      $("link-done").textContent = answer.message;
    } catch (error) {
      showError(linkForm, "link", { field: null, message: failure(error) });
    } finally {
      busy(linkForm, false);
    }
  });
}

main();
