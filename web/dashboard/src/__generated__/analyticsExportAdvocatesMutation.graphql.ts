/**
 * @generated SignedSource<<29c32a4db39164550608e5fd90f2d855>>
 * @lightSyntaxTransform
 */

/* tslint:disable */
/* eslint-disable */
// @ts-nocheck

import { ConcreteRequest } from 'relay-runtime';
export type ErrorCode = "ALREADY_USED" | "CONFLICT" | "EXPIRED" | "FORBIDDEN" | "INVALID_INPUT" | "INVALID_STATE" | "INVALID_TOKEN" | "NOT_FOUND" | "RATE_LIMITED" | "SERVICE_UNAVAILABLE" | "TRANSIENT" | "UNAUTHENTICATED" | "%future added value";
export type analyticsExportAdvocatesMutation$variables = {
  campaignId: string;
};
export type analyticsExportAdvocatesMutation$data = {
  readonly exportAdvocates: {
    readonly __typename: "AdvocateExportLink";
    readonly expiresAt: any;
    readonly url: string;
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
export type analyticsExportAdvocatesMutation = {
  response: analyticsExportAdvocatesMutation$data;
  variables: analyticsExportAdvocatesMutation$variables;
};

const node: ConcreteRequest = (function(){
var v0 = [
  {
    "defaultValue": null,
    "kind": "LocalArgument",
    "name": "campaignId"
  }
],
v1 = [
  {
    "alias": null,
    "args": [
      {
        "kind": "Variable",
        "name": "campaignId",
        "variableName": "campaignId"
      }
    ],
    "concreteType": null,
    "kind": "LinkedField",
    "name": "exportAdvocates",
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
            "name": "url",
            "storageKey": null
          },
          {
            "alias": null,
            "args": null,
            "kind": "ScalarField",
            "name": "expiresAt",
            "storageKey": null
          }
        ],
        "type": "AdvocateExportLink",
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
    "argumentDefinitions": (v0/*:: as any*/),
    "kind": "Fragment",
    "metadata": null,
    "name": "analyticsExportAdvocatesMutation",
    "selections": (v1/*:: as any*/),
    "type": "Mutation",
    "abstractKey": null
  },
  "kind": "Request",
  "operation": {
    "argumentDefinitions": (v0/*:: as any*/),
    "kind": "Operation",
    "name": "analyticsExportAdvocatesMutation",
    "selections": (v1/*:: as any*/)
  },
  "params": {
    "cacheID": "fedd401ee3b4ee6916a2cd4cabf5e00e",
    "id": null,
    "metadata": {},
    "name": "analyticsExportAdvocatesMutation",
    "operationKind": "mutation",
    "text": "mutation analyticsExportAdvocatesMutation(\n  $campaignId: ID!\n) {\n  exportAdvocates(campaignId: $campaignId) {\n    __typename\n    ... on AdvocateExportLink {\n      url\n      expiresAt\n    }\n    ... on UserError {\n      code\n      message\n      field\n    }\n  }\n}\n"
  }
};
})();

(node as any).hash = "c26f0826f0a5b1e7c2a4fe3367ff1e96";

export default node;
