// @ts-check
/**
 * Shapes of the API answers the pages read (the subset of schema.graphql they select).
 *
 * @typedef {{__typename: "UserError", code: string, message: string, field: string | null}} UserError
 * @typedef {{logoUrl: string | null, accentColor: string | null, senderName: string | null}} Branding
 * @typedef {{amount: number, currency: string, formatted: string}} Money
 * @typedef {{__typename: "JoinAccepted", message: string}} JoinAccepted
 */
export {};
