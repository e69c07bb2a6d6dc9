// @ts-check
/** /portal: the advocate's link, share actions, QR code, progress, referrals and rewards. */

import { applyBranding } from "./branding.js";
import { $, byId, el, loading, notify, paragraphs } from "./dom.js";
import { ApiError } from "./graphql.js";
import { portal } from "./operations/portal.js";
import { forgetPortalToken, portalToken } from "./session.js";

/** @typedef {import("./operations/portal.js").Portal} Portal */
/** @typedef {import("./operations/portal.js").Reward} Reward */

/** @type {Record<string, string>} */
const REFERRAL_STATUS = {
  CLICKED: "Visited",
  SIGNED_UP: "Signed up",
  CONVERTED: "Bought",
  REJECTED: "Not eligible",
};
/** @type {Record<string, string>} */
const REWARD_STATUS = {
  PENDING: "Pending",
  AWAITING_APPROVAL: "Being checked",
  APPROVED: "Approved",
  FULFILLED: "Paid",
  REJECTED: "Rejected",
  VOIDED: "Cancelled",
  REVERSED: "Reversed",
};
/** @type {Record<string, string>} */
const REJECT_REASON = {
  fraud: "it looked like misuse of the programme",
  self_referral: "you cannot refer yourself",
  duplicate: "it was a duplicate",
  not_eligible: "the purchase was not eligible",
  refunded: "the order was refunded",
  other: "of the programme's rules",
};

/** @param {string} iso */
const day = (iso) => new Date(iso).toLocaleDateString(undefined, { dateStyle: "medium" });

/** @param {number} n @param {string} one @param {string} many */
const plural = (n, one, many) => `${n} ${n === 1 ? one : many}`;

function signedOut() {
  loading(false);
  $("content").hidden = true;
  $("sign-out").hidden = true;
  $("title").textContent = "Sign in to see your referrals";
  notify("Open the sign-in link we emailed you. Links work once, for 30 minutes.");
}

/** @param {Portal} p */
function renderShare(p) {
  const url = byId("share-url", HTMLInputElement);
  url.value = p.shareUrl;
  $("display-code").textContent = p.displayCode;
  $("friend-reward").textContent = p.campaign.friendReward
    ? `Your friends get ${p.campaign.friendReward}.`
    : "";
  $("email-subject").textContent = p.shareContent.emailSubject;
  $("email-body").textContent = p.shareContent.emailBody;
  $("social-message").textContent = p.shareContent.socialMessage;

  const copy = byId("copy", HTMLButtonElement);
  copy.addEventListener("click", async () => {
    const status = $("copy-status");
    try {
      await navigator.clipboard.writeText(p.shareUrl);
      status.textContent = "Link copied.";
    } catch {
      url.focus();
      url.select();
      status.textContent = "Press Ctrl+C (or ⌘C) to copy the selected link.";
    }
  });

  if (typeof navigator.share === "function") {
    const share = byId("native-share", HTMLButtonElement);
    share.hidden = false;
    share.addEventListener("click", () => {
      navigator
        .share({ title: p.campaign.name, text: p.shareContent.socialMessage, url: p.shareUrl })
        .catch(() => {}); // dismissed by the user
    });
  }

  $("intents").replaceChildren(
    ...p.shareIntents.map((intent) => {
      const web = intent.url.startsWith("https:");
      const link = el(
        "a",
        web
          ? { href: intent.url, target: "_blank", rel: "noopener noreferrer", class: "button" }
          : { href: intent.url, class: "button" },
        intent.label,
      );
      if (web) link.append(el("span", { class: "visually-hidden" }, " (opens in a new tab)"));
      return el("li", { "data-channel": intent.channel }, link);
    }),
  );

  const qr = byId("qr", HTMLImageElement);
  qr.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(p.qrSvg)}`;
  qr.alt = `QR code of your share link, ${p.shareUrl}`;
}

/** @param {Portal} p */
function renderProgress(p) {
  const { convertedReferrals: done, nextTier, nextMilestone } = p.progress;
  $("converted").textContent = String(done);
  for (const [id, sums] of Object.entries(p.earnings)) {
    $(id).textContent = sums.length ? sums.map((m) => m.formatted).join(" + ") : "Nothing yet";
  }
  if (nextTier) {
    const pays = nextTier.fixedAmount
      ? `${nextTier.fixedAmount.formatted} per friend`
      : `${(nextTier.percentBps ?? 0) / 100}% of each order${
          nextTier.maxAmount ? ` (up to ${nextTier.maxAmount.formatted})` : ""
        }`;
    $("tier-text").textContent =
      `${plural(nextTier.remaining, "more friend", "more friends")} to reach the next ` +
      `reward level: ${pays}.`;
    const bar = byId("tier-progress", HTMLProgressElement);
    bar.max = nextTier.afterReferrals;
    bar.value = done;
    $("tier").hidden = false;
  }
  if (nextMilestone) {
    $("milestone-text").textContent =
      `${plural(nextMilestone.remaining, "more friend", "more friends")} to your next ` +
      `milestone: ${plural(nextMilestone.threshold, "friend", "friends")} referred.`;
    const bar = byId("milestone-progress", HTMLProgressElement);
    bar.max = nextMilestone.threshold;
    bar.value = done;
    $("milestone").hidden = false;
  }
}

/** @param {Reward} r */
function rewardDetail(r) {
  if (r.status === "REJECTED") {
    const why = r.rejectReason ? REJECT_REASON[r.rejectReason] ?? r.rejectReason : null;
    return [why ? `Not given because ${why}.` : "Not given.", r.rejectNote]
      .filter(Boolean)
      .join(" ");
  }
  if (r.status === "PENDING" && r.holdUntil) return `Confirmed after ${day(r.holdUntil)}.`;
  return `Earned ${day(r.createdAt)}.`;
}

/** @param {Portal} p */
function renderLists(p) {
  $("no-referrals").hidden = p.referrals.length > 0;
  $("referrals").replaceChildren(
    ...p.referrals.map((r) =>
      el(
        "li",
        {},
        el("span", { class: "who" }, r.friend),
        el("span", { class: `badge s-${r.status.toLowerCase()}` }, REFERRAL_STATUS[r.status] ?? r.status),
        el("span", { class: "muted" }, day(r.convertedAt ?? r.createdAt)),
      ),
    ),
  );
  $("no-rewards").hidden = p.rewards.length > 0;
  $("rewards").replaceChildren(
    ...p.rewards.map((r) =>
      el(
        "li",
        {},
        el("span", { class: "who" }, `${r.value.formatted} ${r.description}`.trim()),
        el("span", { class: `badge s-${r.status.toLowerCase()}` }, REWARD_STATUS[r.status] ?? r.status),
        el("span", { class: "muted detail" }, rewardDetail(r)),
      ),
    ),
  );
  paragraphs($("terms"), p.campaign.terms || "No special terms.");
}

async function main() {
  const token = portalToken();
  if (!token) {
    signedOut();
    return;
  }
  $("sign-out").hidden = false;
  $("sign-out").addEventListener("click", () => {
    forgetPortalToken();
    signedOut();
  });
  let p;
  try {
    p = await portal(token);
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      forgetPortalToken();
      signedOut();
      return;
    }
    loading(false);
    notify(error instanceof ApiError ? error.message : "Something went wrong.", "error");
    return;
  }
  loading(false);
  document.title = `${p.campaign.name}: your referrals`;
  $("title").textContent = `Hi ${p.advocateName || "there"}`;
  applyBranding(p.branding, p.campaign.name);
  renderShare(p);
  renderProgress(p);
  renderLists(p);
  $("content").hidden = false;
  performance.mark("vouch:portal-rendered"); // what the browser test times
}

main();
