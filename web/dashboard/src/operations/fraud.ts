import { graphql } from "./graphql";

/** Fraud review: flagged referrals with signals, paged both ways. */
export const FraudReviewQuery = graphql`
  query fraudReviewQuery($count: Int = 25, $cursor: String) {
    ...fraudReviewList_query @arguments(count: $count, cursor: $cursor)
  }
`;

export const FraudReviewList = graphql`
  fragment fraudReviewList_query on Query
  @argumentDefinitions(count: { type: "Int" }, cursor: { type: "String" })
  @refetchable(queryName: "fraudReviewListPaginationQuery") {
    flaggedReferrals(first: $count, after: $cursor) @connection(key: "fraudReviewList__flaggedReferrals") {
      edges {
        node {
          id
          friendEmail
          createdAt
          risk { score reviewStatus signals { rule severity mode reason } }
          link { id code advocate { id name } }
        }
      }
    }
  }
`;

export const ConfirmFraud = graphql`
  mutation fraudConfirmMutation($id: ID!, $note: String!) {
    confirmFraud(referralId: $id, note: $note) {
      __typename
      ... on Referral { id status risk { reviewStatus reviewedBy } }
      ... on UserError { code message field }
    }
  }
`;

export const DismissFlag = graphql`
  mutation fraudDismissMutation($id: ID!, $note: String!) {
    dismissFlag(referralId: $id, note: $note) {
      __typename
      ... on Referral { id status risk { reviewStatus reviewedBy } }
      ... on UserError { code message field }
    }
  }
`;

export const AddBlocklistEntry = graphql`
  mutation fraudBlocklistMutation($input: AddBlocklistEntryInput!) {
    addBlocklistEntry(input: $input) {
      __typename
      ... on UserError { code message field }
    }
  }
`;
