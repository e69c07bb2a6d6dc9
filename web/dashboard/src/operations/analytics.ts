import { graphql } from "./graphql";

/** Analytics: a campaign's time series, funnel and leaderboard. */
export const AnalyticsQuery = graphql`
  query analyticsQuery($id: ID!, $metric: Metric!, $interval: Interval!, $from: DateTime!, $to: DateTime!) {
    campaign(id: $id) {
      id name currency
      stats { clicks uniqueVisitors referrals signups conversions conversionRate revenue { formatted } }
      timeseries(metric: $metric, interval: $interval, from: $from, to: $to) { start value }
      leaderboard(first: 10) { rank displayName successfulReferrals revenue { formatted } advocate { id email } }
    }
  }
`;

export const AnalyticsCampaigns = graphql`
  query analyticsCampaignsQuery {
    campaigns(first: 50) { edges { node { id name phase } } }
  }
`;

/** One advocate, drilled into from the leaderboard: links, balance, ledger. */
export const AdvocateQuery = graphql`
  query analyticsAdvocateQuery($id: ID!) {
    advocate(id: $id) {
      id name email createdAt
      earnings { pending { formatted } approved { formatted } paid { formatted } }
      links(first: 10) { edges { node { id code shareUrl status campaign { name } } } }
      ledger(first: 20) { edges { node { id kind amount { formatted } test createdAt } } }
    }
    rewards(advocateId: $id, last: 20) {
      edges { node { id description status test createdAt value { formatted } campaign { name } } }
    }
  }
`;

/** A signed, short-lived link to the campaign's advocates as CSV. */
export const ExportAdvocates = graphql`
  mutation analyticsExportAdvocatesMutation($campaignId: ID!) {
    exportAdvocates(campaignId: $campaignId) {
      __typename
      ... on AdvocateExportLink { url expiresAt }
      ... on UserError { code message field }
    }
  }
`;
