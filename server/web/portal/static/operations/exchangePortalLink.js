// @ts-check
import { request } from "../graphql.js";

/**
 * @typedef {import("./types.js").UserError} UserError
 * @typedef {{__typename: "PortalSession", portalToken: string, expiresAt: string}} PortalSession
 */

const MUTATION = `mutation ExchangePortalLink($token: String!) {
  exchangePortalLink(token: $token) {
    __typename
    ... on PortalSession { portalToken expiresAt }
    ... on UserError { code message field }
  }
}`;

/**
 * @param {string} token The magic link's token (from the URL fragment).
 * @returns {Promise<PortalSession | UserError>}
 */
export async function exchangePortalLink(token) {
  const data = /** @type {{exchangePortalLink: PortalSession | UserError}} */ (
    await request(MUTATION, { token })
  );
  return data.exchangePortalLink;
}
