import { graphql } from "./graphql";

/** The audit log, newest first, filtered and paged. */
export const AuditQuery = graphql`
  query auditQuery(
    $action: String
    $targetType: String
    $actorId: String
    $since: DateTime
    $until: DateTime
    $count: Int = 25
    $cursor: String
    $canUsers: Boolean!
  ) {
    staffUsers(first: 100) @include(if: $canUsers) { edges { node { id name email } } }
    ...auditEvents_query
      @arguments(action: $action, targetType: $targetType, actorId: $actorId, since: $since, until: $until, count: $count, cursor: $cursor)
  }
`;

export const AuditEvents = graphql`
  fragment auditEvents_query on Query
  @argumentDefinitions(
    action: { type: "String" }
    targetType: { type: "String" }
    actorId: { type: "String" }
    since: { type: "DateTime" }
    until: { type: "DateTime" }
    count: { type: "Int" }
    cursor: { type: "String" }
  )
  @refetchable(queryName: "auditEventsPaginationQuery") {
    auditLog(action: $action, targetType: $targetType, actorId: $actorId, since: $since, until: $until, first: $count, after: $cursor)
      @connection(key: "auditEvents__auditLog", filters: ["action", "targetType", "actorId", "since", "until"]) {
      edges { node { id action actorKind actorId channel targetType targetId createdAt changes } }
    }
  }
`;
