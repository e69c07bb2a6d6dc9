import { graphql } from "./graphql";

/** Rehearse: test mode, the test clock, the launch preflight, reset, go live. */
export const RehearseQuery = graphql`
  query rehearseQuery($id: ID!) {
    campaign(id: $id) { id name phase status testMode testClock stats { clicks signups conversions } }
    campaignPreflight(campaignId: $id) {
      simulatedAt
      findings { code severity message linkCode }
    }
  }
`;

export const AdvanceClock = graphql`
  mutation rehearseAdvanceMutation($id: ID!, $hours: Int!) {
    advanceTestClock(campaignId: $id, hours: $hours) {
      __typename
      ... on TestClockAdvanced { holdsReleased campaign { id testClock } }
      ... on UserError { code message field }
    }
  }
`;

export const ResetTestData = graphql`
  mutation rehearseResetMutation($id: ID!) {
    resetTestData(campaignId: $id) {
      __typename
      ... on TestDataReset { campaign { id } deleted { kind count } }
      ... on UserError { code message field }
    }
  }
`;

export const GoLive = graphql`
  mutation rehearseGoLiveMutation($id: ID!, $reset: Boolean!, $acknowledge: [PreflightFindingCode!]) {
    goLive(campaignId: $id, resetTestData: $reset, acknowledge: $acknowledge) {
      __typename
      ... on Campaign { id phase status testMode }
      ... on UserError { code message field }
    }
  }
`;
