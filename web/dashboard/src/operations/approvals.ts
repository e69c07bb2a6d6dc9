import { graphql } from "./graphql";

/** Approvals: the reward queue with four-eyes state, newest pages backwards too. */
export const ApprovalsQuery = graphql`
  query approvalsQuery($count: Int = 25, $cursor: String) {
    rewardRejectReasons { name label }
    ...approvalsList_query @arguments(count: $count, cursor: $cursor)
  }
`;

export const ApprovalsList = graphql`
  fragment approvalsList_query on Query
  @argumentDefinitions(count: { type: "Int" }, cursor: { type: "String" })
  @refetchable(queryName: "approvalsListPaginationQuery") {
    rewards(status: AWAITING_APPROVAL, first: $count, after: $cursor)
      @connection(key: "approvalsList__rewards") {
      edges {
        node {
          id
          description
          value { amount currency formatted }
          approvals
          approvalsNeeded
          flagged
          createdAt
          campaign { id name }
          recipient
          referral { id friendEmail link { id advocate { id name email } } }
        }
      }
    }
  }
`;

export const ApproveReward = graphql`
  mutation approvalsApproveMutation($id: ID!) {
    approveReward(id: $id) {
      __typename
      ... on RewardDecision { reward { id status approvals } }
      ... on UserError { code message field }
    }
  }
`;

export const RejectReward = graphql`
  mutation approvalsRejectMutation($id: ID!, $reason: String!, $note: String!) {
    rejectReward(id: $id, reason: $reason, note: $note) {
      __typename
      ... on Reward { id status rejectReason rejectNote }
      ... on UserError { code message field }
    }
  }
`;

export const ApproveRewards = graphql`
  mutation approvalsBulkApproveMutation($ids: [ID!]!) {
    approveRewards(ids: $ids) {
      __typename
      ... on BulkResult { succeeded { id status approvals } failed { rewardId error { code message } } }
      ... on UserError { code message field }
    }
  }
`;

export const RejectRewards = graphql`
  mutation approvalsBulkRejectMutation($ids: [ID!]!, $reason: String!, $note: String!) {
    rejectRewards(ids: $ids, reason: $reason, note: $note) {
      __typename
      ... on BulkResult { succeeded { id status } failed { rewardId error { code message } } }
      ... on UserError { code message field }
    }
  }
`;
