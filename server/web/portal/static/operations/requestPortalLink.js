// @ts-check
import { request } from "../graphql.js";

/**
 * @typedef {import("./types.js").JoinAccepted} JoinAccepted
 * @typedef {import("./types.js").UserError} UserError
 * @typedef {{slug: string, email: string, formToken: string}} RequestPortalLinkInput
 */

const MUTATION = `mutation RequestPortalLink($input: RequestPortalLinkInput!) {
  requestPortalLink(input: $input) {
    __typename
    ... on JoinAccepted { message }
    ... on UserError { code message field }
  }
}`;

/**
 * @param {RequestPortalLinkInput} input
 * @returns {Promise<JoinAccepted | UserError>}
 */
export async function requestPortalLink(input) {
  const data = /** @type {{requestPortalLink: JoinAccepted | UserError}} */ (
    await request(MUTATION, { input })
  );
  return data.requestPortalLink;
}
