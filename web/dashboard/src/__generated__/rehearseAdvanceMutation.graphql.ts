/**
 * @generated SignedSource<<0f03760133bedd48c8ea8a3b3d2810c7>>
 * @lightSyntaxTransform
 */

/* tslint:disable */
/* eslint-disable */
// @ts-nocheck

import { ConcreteRequest } from 'relay-runtime';
export type ErrorCode = "ALREADY_USED" | "CONFLICT" | "EXPIRED" | "FORBIDDEN" | "INVALID_INPUT" | "INVALID_STATE" | "INVALID_TOKEN" | "NOT_FOUND" | "RATE_LIMITED" | "SERVICE_UNAVAILABLE" | "TRANSIENT" | "UNAUTHENTICATED" | "%future added value";
export type rehearseAdvanceMutation$variables = {
  hours: number;
  id: string;
};
export type rehearseAdvanceMutation$data = {
  readonly advanceTestClock: {
    readonly __typename: "TestClockAdvanced";
    readonly campaign: {
      readonly id: string;
      readonly testClock: any;
    };
    readonly holdsReleased: number;
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
export type rehearseAdvanceMutation = {
  response: rehearseAdvanceMutation$data;
  variables: rehearseAdvanceMutation$variables;
};

const node: ConcreteRequest = (function(){
var v0 = {
  "defaultValue": null,
  "kind": "LocalArgument",
  "name": "hours"
},
v1 = {
  "defaultValue": null,
  "kind": "LocalArgument",
  "name": "id"
},
v2 = [
  {
    "alias": null,
    "args": [
      {
        "kind": "Variable",
        "name": "campaignId",
        "variableName": "id"
      },
      {
        "kind": "Variable",
        "name": "hours",
        "variableName": "hours"
      }
    ],
    "concreteType": null,
    "kind": "LinkedField",
    "name": "advanceTestClock",
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
            "kind": "ScalarField",
            "name": "holdsReleased",
            "storageKey": null
          },
          {
            "alias": null,
            "args": null,
            "concreteType": "Campaign",
            "kind": "LinkedField",
            "name": "campaign",
            "plural": false,
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
                "name": "testClock",
                "storageKey": null
              }
            ],
            "storageKey": null
          }
        ],
        "type": "TestClockAdvanced",
        "abstractKey": null
      },
      {
        "kind": "InlineFragment",
        "selections": [
          {
            "alias": null,
            "args": null,
            "kind": "ScalarField",
            "name": "code",
            "storageKey": null
          },
          {
            "alias": null,
            "args": null,
            "kind": "ScalarField",
            "name": "message",
            "storageKey": null
          },
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
      (v1/*:: as any*/)
    ],
    "kind": "Fragment",
    "metadata": null,
    "name": "rehearseAdvanceMutation",
    "selections": (v2/*:: as any*/),
    "type": "Mutation",
    "abstractKey": null
  },
  "kind": "Request",
  "operation": {
    "argumentDefinitions": [
      (v1/*:: as any*/),
      (v0/*:: as any*/)
    ],
    "kind": "Operation",
    "name": "rehearseAdvanceMutation",
    "selections": (v2/*:: as any*/)
  },
  "params": {
    "cacheID": "91f91e5c90141e271e9ad06b045d9464",
    "id": null,
    "metadata": {},
    "name": "rehearseAdvanceMutation",
    "operationKind": "mutation",
    "text": "mutation rehearseAdvanceMutation(\n  $id: ID!\n  $hours: Int!\n) {\n  advanceTestClock(campaignId: $id, hours: $hours) {\n    __typename\n    ... on TestClockAdvanced {\n      holdsReleased\n      campaign {\n        id\n        testClock\n      }\n    }\n    ... on UserError {\n      code\n      message\n      field\n    }\n  }\n}\n"
  }
};
})();

(node as any).hash = "df8b52f0e339b54aa8127e13bcccd44d";

export default node;
