import { graphql } from "./graphql";

/** Settings: the viewer's account, staff, API keys (secret shown once). */
export const SettingsQuery = graphql`
  query settingsQuery($canUsers: Boolean!, $canKeys: Boolean!) {
    staffUsers(first: 50) @include(if: $canUsers) { edges { node { id name email role active slackUserId } } }
    apiKeys(first: 50) @include(if: $canKeys) { edges { node { id name role test prefix createdAt revokedAt lastUsedAt } } }
  }
`;

export const CreateApiKey = graphql`
  mutation settingsCreateKeyMutation($input: CreateApiKeyInput!) {
    createApiKey(input: $input) {
      __typename
      ... on CreatedApiKey { secret apiKey { id name prefix } }
      ... on UserError { code message field }
    }
  }
`;

export const RevokeApiKey = graphql`
  mutation settingsRevokeKeyMutation($id: ID!) {
    revokeApiKey(id: $id) {
      __typename
      ... on ApiKey { id revokedAt }
      ... on UserError { code message field }
    }
  }
`;

export const CreateStaffUser = graphql`
  mutation settingsCreateUserMutation($input: CreateStaffUserInput!) {
    createStaffUser(input: $input) {
      __typename
      ... on CreatedStaffUser { generatedPassword user { id name email role active slackUserId } }
      ... on UserError { code message field }
    }
  }
`;

export const UpdateStaffUser = graphql`
  mutation settingsUpdateUserMutation($id: ID!, $role: Role, $active: Boolean) {
    updateStaffUser(id: $id, role: $role, active: $active) {
      __typename
      ... on StaffUser { id role active }
      ... on UserError { code message field }
    }
  }
`;

export const LinkSlackUser = graphql`
  mutation settingsLinkSlackMutation($id: ID!, $slackUserId: String) {
    linkSlackUser(userId: $id, slackUserId: $slackUserId) {
      __typename
      ... on StaffUser { id slackUserId }
      ... on UserError { code message field }
    }
  }
`;
