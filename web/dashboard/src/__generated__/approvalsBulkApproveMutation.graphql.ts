/**
 * @generated SignedSource<<57991917cf321a9e1764f53276294fc6>>
 * @lightSyntaxTransform
 */

/* tslint:disable */
/* eslint-disable */
// @ts-nocheck

import { ConcreteRequest } from 'relay-runtime';
export type ErrorCode = "ALREADY_USED" | "CONFLICT" | "EXPIRED" | "FORBIDDEN" | "INVALID_INPUT" | "INVALID_STATE" | "INVALID_TOKEN" | "NOT_FOUND" | "RATE_LIMITED" | "SERVICE_UNAVAILABLE" | "TRANSIENT" | "UNAUTHENTICATED" | "%future added value";
export type RewardStatus = "APPROVED" | "AWAITING_APPROVAL" | "FULFILLED" | "PENDING" | "REJECTED" | "REVERSED" | "VOIDED" | "%future added value";
export type approvalsBulkApproveMutation$variables = {
  ids: ReadonlyArray<string>;
};
export type approvalsBulkApproveMutation$data = {
  readonly approveRewards: {
    readonly __typename: "BulkResult";
    readonly failed: ReadonlyArray<{
      readonly error: {
        readonly code: ErrorCode;
        readonly message: string;
      };
      readonly rewardId: string;
    }>;
    readonly succeeded: ReadonlyArray<{
      readonly approvals: number;
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
export type approvalsBulkApproveMutation = {
  response: approvalsBulkApproveMutation$data;
  variables: approvalsBulkApproveMutation$variables;
};

const node: ConcreteRequest = (function(){
var v0 = [
  {
    "defaultValue": null,
    "kind": "LocalArgument",
    "name": "ids"
  }
],
v1 = {
  "alias": null,
  "args": null,
  "kind": "ScalarField",
  "name": "code",
  "storageKey": null
},
v2 = {
  "alias": null,
  "args": null,
  "kind": "ScalarField",
  "name": "message",
  "storageKey": null
},
v3 = [
  {
    "alias": null,
    "args": [
      {
        "kind": "Variable",
        "name": "ids",
        "variableName": "ids"
      }
    ],
    "concreteType": null,
    "kind": "LinkedField",
    "name": "approveRewards",
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
              },
              {
                "alias": null,
                "args": null,
                "kind": "ScalarField",
                "name": "approvals",
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
                  (v1/*:: as any*/),
                  (v2/*:: as any*/)
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
          (v1/*:: as any*/),
          (v2/*:: as any*/),
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
    "argumentDefinitions": (v0/*:: as any*/),
    "kind": "Fragment",
    "metadata": null,
    "name": "approvalsBulkApproveMutation",
    "selections": (v3/*:: as any*/),
    "type": "Mutation",
    "abstractKey": null
  },
  "kind": "Request",
  "operation": {
    "argumentDefinitions": (v0/*:: as any*/),
    "kind": "Operation",
    "name": "approvalsBulkApproveMutation",
    "selections": (v3/*:: as any*/)
  },
  "params": {
    "cacheID": "8388b80e2f7d0a68f6ca416099e482cb",
    "id": null,
    "metadata": {},
    "name": "approvalsBulkApproveMutation",
    "operationKind": "mutation",
    "text": "mutation approvalsBulkApproveMutation(\n  $ids: [ID!]!\n) {\n  approveRewards(ids: $ids) {\n    __typename\n    ... on BulkResult {\n      succeeded {\n        id\n        status\n        approvals\n      }\n      failed {\n        rewardId\n        error {\n          code\n          message\n        }\n      }\n    }\n    ... on UserError {\n      code\n      message\n      field\n    }\n  }\n}\n"
  }
};
})();

(node as any).hash = "edaeeb2e6c1f9bf5a43d41960bc19f0c";

export default node;
