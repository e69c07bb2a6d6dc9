import { graphql } from "./graphql";

/** Webhook endpoints (edit, rotate, test) and their delivery log (paged, replayable). */
export const WebhooksQuery = graphql`
  query webhooksQuery($endpointId: ID, $count: Int = 20, $cursor: String) {
    webhookEventTypes { name description }
    webhookEndpoints(first: 100) {
      edges {
        node { id url description eventTypes includeTest enabled disabledReason consecutiveFailures secretRotationEndsAt createdAt }
      }
    }
    ...webhooksDeliveries_query @arguments(endpointId: $endpointId, count: $count, cursor: $cursor)
  }
`;

export const WebhookDeliveries = graphql`
  fragment webhooksDeliveries_query on Query
  @argumentDefinitions(endpointId: { type: "ID" }, count: { type: "Int" }, cursor: { type: "String" })
  @refetchable(queryName: "webhooksDeliveriesPaginationQuery") {
    webhookDeliveries(endpointId: $endpointId, first: $count, after: $cursor)
      @connection(key: "webhooksDeliveries__webhookDeliveries", filters: ["endpointId"]) {
      edges {
        node {
          id endpointId status replay eventId eventType lastError createdAt deliveredAt nextAttemptAt
          attempts { statusCode latencyMs ok error attemptedAt }
        }
      }
    }
  }
`;

export const CreateWebhook = graphql`
  mutation webhooksCreateMutation($input: CreateWebhookEndpointInput!) {
    createWebhookEndpoint(input: $input) {
      __typename
      ... on WebhookEndpointWithSecret { secret endpoint { id url enabled } }
      ... on UserError { code message field }
    }
  }
`;

export const UpdateWebhook = graphql`
  mutation webhooksUpdateMutation($input: UpdateWebhookEndpointInput!) {
    updateWebhookEndpoint(input: $input) {
      __typename
      ... on WebhookEndpoint { id url description eventTypes includeTest enabled disabledReason consecutiveFailures }
      ... on UserError { code message field }
    }
  }
`;

export const DeleteWebhook = graphql`
  mutation webhooksDeleteMutation($id: ID!) {
    deleteWebhookEndpoint(id: $id) {
      __typename
      ... on UserError { code message field }
    }
  }
`;

export const RotateWebhookSecret = graphql`
  mutation webhooksRotateMutation($id: ID!) {
    rotateWebhookSecret(id: $id) {
      __typename
      ... on WebhookEndpointWithSecret { secret endpoint { id secretRotationEndsAt } }
      ... on UserError { code message field }
    }
  }
`;

export const SendTestWebhook = graphql`
  mutation webhooksTestMutation($id: ID!) {
    sendTestWebhook(id: $id) {
      __typename
      ... on WebhookTestSent { eventId }
      ... on UserError { code message field }
    }
  }
`;

export const ReplayWebhookDelivery = graphql`
  mutation webhooksReplayMutation($id: ID!) {
    replayWebhookDelivery(id: $id) {
      __typename
      ... on WebhookDelivery { id status replay }
      ... on UserError { code message field }
    }
  }
`;
