import { graphql } from "./graphql";

/** The fraud blocklist: entries newest first (paged, by kind), added and removed. */
export const BlocklistQuery = graphql`
  query blocklistQuery($kind: BlocklistKind, $count: Int = 25, $cursor: String) {
    ...blocklistEntries_query @arguments(kind: $kind, count: $count, cursor: $cursor)
  }
`;

export const BlocklistEntries = graphql`
  fragment blocklistEntries_query on Query
  @argumentDefinitions(kind: { type: "BlocklistKind" }, count: { type: "Int" }, cursor: { type: "String" })
  @refetchable(queryName: "blocklistEntriesPaginationQuery") {
    blocklist(kind: $kind, first: $count, after: $cursor) @connection(key: "blocklistEntries__blocklist", filters: ["kind"]) {
      edges { node { id kind pattern reason createdBy createdAt } }
    }
  }
`;

export const AddBlocklistEntry = graphql`
  mutation blocklistAddMutation($input: AddBlocklistEntryInput!) {
    addBlocklistEntry(input: $input) {
      __typename
      ... on BlocklistEntry { id kind pattern }
      ... on UserError { code message field }
    }
  }
`;

export const RemoveBlocklistEntry = graphql`
  mutation blocklistRemoveMutation($id: ID!) {
    removeBlocklistEntry(id: $id) {
      __typename
      ... on BlocklistEntry { id }
      ... on UserError { code message field }
    }
  }
`;
