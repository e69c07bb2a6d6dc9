import { graphql } from "./graphql";

/** Overview: each campaign's phase, funnel, revenue, objective, and what needs a human. */
export const OverviewQuery = graphql`
  query overviewQuery($from: DateTime!, $to: DateTime!, $canFraud: Boolean!) {
    ...overviewCampaigns_query
    approvals: rewards(status: AWAITING_APPROVAL, first: 5) {
      edges { node { id value { amount currency formatted } approvals approvalsNeeded campaign { name } } }
      pageInfo { hasNextPage }
    }
    flagged: flaggedReferrals(first: 5) @include(if: $canFraud) {
      edges { node { id friendEmail risk { score reviewStatus } } }
      pageInfo { hasNextPage }
    }
    milestones(first: 5) {
      edges { node { id title reachedAt campaign { name } } }
    }
  }
`;

export const OverviewCampaigns = graphql`
  fragment overviewCampaigns_query on Query
  @argumentDefinitions(count: { type: "Int", defaultValue: 20 }, cursor: { type: "String" })
  @refetchable(queryName: "overviewCampaignsPaginationQuery") {
    campaigns(first: $count, after: $cursor) @connection(key: "overviewCampaigns__campaigns") {
      edges {
        node {
          id
          ...campaignCard_campaign
        }
      }
    }
  }
`;

export const CampaignCard = graphql`
  fragment campaignCard_campaign on Campaign @refetchable(queryName: "campaignCardRefetchQuery") {
    id
    name
    slug
    phase
    testMode
    endsAt
    stats { clicks signups conversions conversionRate revenue { amount currency formatted } }
    objective { metric target deadline progress { current ratio reached } }
    trend: timeseries(metric: CONVERSIONS, interval: DAY, from: $from, to: $to) { start value }
  }
`;
