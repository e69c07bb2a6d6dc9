// @ts-check
import { request } from "../graphql.js";

/**
 * @typedef {import("./types.js").JoinAccepted} JoinAccepted
 * @typedef {import("./types.js").UserError} UserError
 * @typedef {{slug: string, name: string, email: string, consent: boolean, formToken: string,
 *   website: string}} JoinCampaignInput
 */

const MUTATION = `mutation JoinCampaign($input: JoinCampaignInput!) {
  joinCampaign(input: $input) {
    __typename
    ... on JoinAccepted { message }
    ... on UserError { code message field }
  }
}`;

/**
 * @param {JoinCampaignInput} input
 * @returns {Promise<JoinAccepted | UserError>}
 */
export async function joinCampaign(input) {
  const data = /** @type {{joinCampaign: JoinAccepted | UserError}} */ (
    await request(MUTATION, { input })
  );
  return data.joinCampaign;
}
