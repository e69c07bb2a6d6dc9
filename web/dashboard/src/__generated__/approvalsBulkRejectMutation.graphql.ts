/**
 * @generated SignedSource<<bcd94bf3583bc298a4f0188266d9ef19>>
 * @lightSyntaxTransform
 */

/* tslint:disable */
/* eslint-disable */
// @ts-nocheck

import { ConcreteRequest } from 'relay-runtime';
export type ErrorCode = "ALREADY_USED" | "CONFLICT" | "EXPIRED" | "FORBIDDEN" | "INVALID_INPUT" | "INVALID_STATE" | "INVALID_TOKEN" | "NOT_FOUND" | "RATE_LIMITED" | "SERVICE_UNAVAILABLE" | "TRANSIENT" | "UNAUTHENTICATED" | "%future added value";
export type RewardStatus = "APPROVED" | "AWAITING_APPROVAL" | "FULFILLED" | "PENDING" | "REJECTED" | "REVERSED" | "VOIDED" | "%future added value";
export type approvalsBulkRejectMutation$variables = {
  ids: ReadonlyArray<string>;
  note: string;
  reason: string;
};
export type approvalsBulkRejectMutation$data = {
  readonly rejectRewards: {
    readonly __typename: "BulkResult";
    readonly failed: ReadonlyArray<{
      readonly error: {
        readonly code: ErrorCode;
        readonly message: string;
      };
      readonly rewardId: string;
    }>;
    readonly succeeded: ReadonlyArray<{
      readonly id: string;
      readonly status: RewardStatus;
    }>;
  } | {
    readonly __typename: "UserError";
    readonly code: ErrorCode;
    readonly field: string | null | undefined;
    readonly message: string;
  } | {
    // This will never be '%other', but we need some
    // value in case none of the concrete values match.
    readonly __typename: "%other";
  };
};
export type approvalsBulkRejectMutation = {
  response: approvalsBulkRejectMutation$data;
  variables: approvalsBulkRejectMutation$variables;
};

const node: ConcreteRequest = (function(){
var v0 = {
  "defaultValue": null,
  "kind": "LocalArgument",
  "name": "ids"
},
v1 = {
  "defaultValue": null,
  "kind": "LocalArgument",
  "name": "note"
},
v2 = {
  "defaultValue": null,
  "kind": "LocalArgument",
  "name": "reason"
},
v3 = {
  "alias": null,
  "args": null,
  "kind": "ScalarField",
  "name": "code",
  "storageKey": null
},
v4 = {
  "alias": null,
  "args": null,
  "kind": "ScalarField",
  "name": "message",
  "storageKey": null
},
v5 = [
  {
    "alias": null,
    "args": [
      {
        "kind": "Variable",
        "name": "ids",
        "variableName": "ids"
      },
      {
        "kind": "Variable",
        "name": "note",
        "variableName": "note"
      },
      {
        "kind": "Variable",
        "name": "reason",
        "variableName": "reason"
      }
    ],
    "concreteType": null,
    "kind": "LinkedField",
    "name": "rejectRewards",
    "plural": false,
    "selections": [
      {
        "alias": null,
        "args": null,
        "kind": "ScalarField",
        "name": "__typename",
        "storageKey": null
      },
      {
        "kind": "InlineFragment",
        "selections": [
          {
            "alias": null,
            "args": null,
            "concreteType": "Reward",
            "kind": "LinkedField",
            "name": "succeeded",
            "plural": true,
            "selections": [
              {
                "alias": null,
                "args": null,
                "kind": "ScalarField",
                "name": "id",
                "storageKey": null
              },
              {
                "alias": null,
                "args": null,
                "kind": "ScalarField",
                "name": "status",
                "storageKey": null
              }
            ],
            "storageKey": null
          },
          {
            "alias": null,
            "args": null,
            "concreteType": "BulkFailure",
            "kind": "LinkedField",
            "name": "failed",
            "plural": true,
            "selections": [
              {
                "alias": null,
                "args": null,
                "kind": "ScalarField",
                "name": "rewardId",
                "storageKey": null
              },
              {
                "alias": null,
                "args": null,
                "concreteType": "UserError",
                "kind": "LinkedField",
                "name": "error",
                "plural": false,
                "selections": [
                  (v3/*:: as any*/),
                  (v4/*:: as any*/)
                ],
                "storageKey": null
              }
            ],
            "storageKey": null
          }
        ],
        "type": "BulkResult",
        "abstractKey": null
      },
      {
        "kind": "InlineFragment",
        "selections": [
          (v3/*:: as any*/),
          (v4/*:: as any*/),
          {
            "alias": null,
            "args": null,
            "kind": "ScalarField",
            "name": "field",
            "storageKey": null
          }
        ],
        "type": "UserError",
        "abstractKey": null
      }
    ],
    "storageKey": null
  }
];
return {
  "fragment": {
    "argumentDefinitions": [
      (v0/*:: as any*/),
      (v1/*:: as any*/),
      (v2/*:: as any*/)
    ],
    "kind": "Fragment",
    "metadata": null,
    "name": "approvalsBulkRejectMutation",
    "selections": (v5/*:: as any*/),
    "type": "Mutation",
    "abstractKey": null
  },
  "kind": "Request",
  "operation": {
    "argumentDefinitions": [
      (v0/*:: as any*/),
      (v2/*:: as any*/),
      (v1/*:: as any*/)
    ],
    "kind": "Operation",
    "name": "approvalsBulkRejectMutation",
    "selections": (v5/*:: as any*/)
  },
  "params": {
    "cacheID": "ce0c1138b2ba7bf37add00f270da98a9",
    "id": null,
    "metadata": {},
    "name": "approvalsBulkRejectMutation",
    "operationKind": "mutation",
    "text": "mutation approvalsBulkRejectMutation(\n  $ids: [ID!]!\n  $reason: String!\n  $note: String!\n) {\n  rejectRewards(ids: $ids, reason: $reason, note: $note) {\n    __typename\n    ... on BulkResult {\n      succeeded {\n        id\n        status\n      }\n      failed {\n        rewardId\n        error {\n          code\n          message\n        }\n      }\n    }\n    ... on UserError {\n      code\n      message\n      field\n    }\n  }\n}\n"
  }
};
})();

(node as any).hash = "269ff9348c204d61c4ddbfbf2bfc16f1";

export default node;
