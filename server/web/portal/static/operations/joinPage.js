// @ts-check
import { request } from "../graphql.js";

/**
 * @typedef {import("./types.js").Branding} Branding
 * @typedef {import("./types.js").UserError} UserError
 * @typedef {{__typename: "JoinPage", campaignName: string, pitch: string, terms: string,
 *   open: boolean, formToken: string, branding: Branding}} JoinPage
 */

const QUERY = `query JoinPage($slug: String!) {
  joinPage(slug: $slug) {
    __typename
    ... on JoinPage {
      campaignName pitch terms open formToken
      branding { logoUrl accentColor senderName }
    }
    ... on UserError { code message field }
  }
}`;

/**
 * @param {string} slug
 * @returns {Promise<JoinPage | UserError>}
 */
export async function joinPage(slug) {
  const data = /** @type {{joinPage: JoinPage | UserError}} */ (await request(QUERY, { slug }));
  return data.joinPage;
}
