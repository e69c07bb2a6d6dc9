// @ts-check
import { request } from "../graphql.js";

/**
 * @typedef {import("./types.js").Branding} Branding
 * @typedef {import("./types.js").Money} Money
 * @typedef {{channel: string, label: string, url: string}} ShareIntent
 * @typedef {{friend: string, status: string, createdAt: string, convertedAt: string | null}} Referral
 * @typedef {{value: Money, kind: string, description: string, status: string,
 *   holdUntil: string | null, rejectReason: string | null, rejectNote: string,
 *   createdAt: string}} Reward
 * @typedef {{afterReferrals: number, remaining: number, fixedAmount: Money | null,
 *   percentBps: number | null, maxAmount: Money | null, description: string}} Tier
 * @typedef {{convertedReferrals: number, nextTier: Tier | null,
 *   nextMilestone: {threshold: number, remaining: number} | null}} Progress
 * @typedef {{advocateName: string, displayCode: string, shareUrl: string,
 *   shareContent: {emailSubject: string, emailBody: string, socialMessage: string},
 *   shareIntents: ShareIntent[], qrSvg: string, progress: Progress,
 *   earnings: {pending: Money[], approved: Money[], paid: Money[]},
 *   campaign: {name: string, terms: string, friendReward: string, phase: string},
 *   branding: Branding,
 *   referrals: Referral[], rewards: Reward[]}} Portal
 */

const MONEY = "amount currency formatted";
const QUERY = `query Portal {
  portal {
    advocateName displayCode shareUrl
    shareContent { emailSubject emailBody socialMessage }
    shareIntents { channel label url }
    qrSvg
    earnings { pending { ${MONEY} } approved { ${MONEY} } paid { ${MONEY} } }
    progress {
      convertedReferrals
      nextTier { afterReferrals remaining percentBps description
        fixedAmount { ${MONEY} } maxAmount { ${MONEY} } }
      nextMilestone { threshold remaining }
    }
    campaign { name terms friendReward phase }
    branding { logoUrl accentColor senderName }
    referrals { friend status createdAt convertedAt }
    rewards { value { ${MONEY} } kind description status holdUntil rejectReason rejectNote createdAt }
  }
}`;

/**
 * @param {string} token The portal token.
 * @returns {Promise<Portal>}
 */
export async function portal(token) {
  const data = /** @type {{portal: Portal}} */ (await request(QUERY, {}, token));
  return data.portal;
}
