import { graphql } from "./graphql";

/** Campaigns: the list (filtered by status, paged) and the lifecycle buttons. */
export const CampaignsQuery = graphql`
  query campaignsQuery($status: CampaignStatus, $count: Int = 20, $cursor: String) {
    ...campaignsList_query @arguments(status: $status, count: $count, cursor: $cursor)
  }
`;

export const CampaignsList = graphql`
  fragment campaignsList_query on Query
  @argumentDefinitions(
    status: { type: "CampaignStatus" }
    count: { type: "Int" }
    cursor: { type: "String" }
  )
  @refetchable(queryName: "campaignsListPaginationQuery") {
    campaigns(status: $status, first: $count, after: $cursor)
      @connection(key: "campaignsList__campaigns", filters: ["status"]) {
      edges {
        node { id name slug phase status testMode startsAt endsAt stats { clicks signups conversions } }
      }
    }
  }
`;

/** Everything the wizard edits, to resume a draft or edit a campaign. */
export const CampaignEditQuery = graphql`
  query campaignsEditQuery($id: ID!) {
    campaign(id: $id) {
      id name slug description status phase startsAt endsAt currency landingUrl testMode slackChannel
      objective { metric target deadline }
      shareTemplates { emailSubject emailBody socialMessage friendReward }
      fraudRules { rule severity mode defaultMode threshold thresholdMeaning firesWhen }
      rewardRuleVersions {
        version createdAt autoApproveMax fourEyesAbove budget pauseCampaignOnBudget
        advocateCap { period maxCount maxAmount }
        rules { key recipient trigger kind currency fixedAmount percentBps maxAmount minOrderAmount holdDays description }
      }
    }
  }
`;


export const CreateCampaign = graphql`
  mutation campaignsCreateMutation($input: CreateCampaignInput!) {
    createCampaign(input: $input) {
      __typename
      ... on Campaign { id name slug phase status }
      ... on UserError { code message field }
    }
  }
`;

export const UpdateCampaign = graphql`
  mutation campaignsUpdateMutation($id: ID!, $input: UpdateCampaignInput!) {
    updateCampaign(id: $id, input: $input) {
      __typename
      ... on Campaign { id name slug phase status testMode slackChannel }
      ... on UserError { code message field }
    }
  }
`;

export const SetRewardRules = graphql`
  mutation campaignsRewardRulesMutation($input: SetRewardRulesInput!) {
    setRewardRules(input: $input) {
      __typename
      ... on RewardRuleVersion { version }
      ... on UserError { code message field }
    }
  }
`;

export const SetFraudRules = graphql`
  mutation campaignsFraudRulesMutation($input: SetFraudRulesInput!) {
    setFraudRules(input: $input) {
      __typename
      ... on Campaign { id fraudRules { rule mode threshold } }
      ... on UserError { code message field }
    }
  }
`;

export const PreviewReward = graphql`
  query campaignsPreviewQuery($campaignId: ID!, $scenario: RewardScenario!) {
    previewReward(campaignId: $campaignId, scenario: $scenario) {
      ruleVersion refused
      rewards { recipient ruleKey description value { formatted } holdUntil statusAfterHold approvalsNeeded }
      withheld { reason reward { recipient description value { formatted } } }
      fraudSignals { rule mode reason }
    }
  }
`;

export const Launch = graphql`
  mutation campaignsLaunchMutation($id: ID!, $acknowledge: [PreflightFindingCode!]) {
    launchCampaign(id: $id, acknowledge: $acknowledge) {
      __typename
      ... on Campaign { id phase status }
      ... on UserError { code message field }
    }
  }
`;

export const Pause = graphql`
  mutation campaignsPauseMutation($id: ID!) {
    pauseCampaign(id: $id) {
      __typename
      ... on Campaign { id phase status }
      ... on UserError { code message field }
    }
  }
`;

export const End = graphql`
  mutation campaignsEndMutation($id: ID!) {
    endCampaign(id: $id) {
      __typename
      ... on Campaign { id phase status }
      ... on UserError { code message field }
    }
  }
`;

export const Archive = graphql`
  mutation campaignsArchiveMutation($id: ID!) {
    archiveCampaign(id: $id) {
      __typename
      ... on Campaign { id phase status }
      ... on UserError { code message field }
    }
  }
`;
