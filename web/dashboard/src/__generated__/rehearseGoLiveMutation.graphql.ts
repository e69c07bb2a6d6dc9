/**
 * @generated SignedSource<<1950113898c90a2ee17f0696a8ad6ef7>>
 * @lightSyntaxTransform
 */

/* tslint:disable */
/* eslint-disable */
// @ts-nocheck

import { ConcreteRequest } from 'relay-runtime';
export type CampaignPhase = "ARCHIVED" | "DRAFT" | "ENDED" | "LIVE" | "PAUSED" | "SCHEDULED" | "%future added value";
export type CampaignStatus = "ACTIVE" | "ARCHIVED" | "DRAFT" | "ENDED" | "PAUSED" | "%future added value";
export type ErrorCode = "ALREADY_USED" | "CONFLICT" | "EXPIRED" | "FORBIDDEN" | "INVALID_INPUT" | "INVALID_STATE" | "INVALID_TOKEN" | "NOT_FOUND" | "RATE_LIMITED" | "SERVICE_UNAVAILABLE" | "TRANSIENT" | "UNAUTHENTICATED" | "%future added value";
export type PreflightFindingCode = "COUPON_OVERRIDES_ADVOCATE" | "CREDIT_CONCENTRATED" | "CREDIT_TO_OTHER_ADVOCATE" | "JOURNEY_REFUSED" | "LANDING_LOOPS_TO_REDIRECT" | "LANDING_UNREACHABLE" | "NO_REWARD_RULES" | "REWARD_TO_COMPANY_DOMAIN" | "REWARD_TO_STAFF" | "REWARD_TO_THIRD_PARTY" | "TEMPLATE_FOREIGN_LINK" | "TEMPLATE_MISSING_SHARE_URL" | "%future added value";
export type rehearseGoLiveMutation$variables = {
  acknowledge?: ReadonlyArray<PreflightFindingCode> | null | undefined;
  id: string;
  reset: boolean;
};
export type rehearseGoLiveMutation$data = {
  readonly goLive: {
    readonly __typename: "Campaign";
    readonly id: string;
    readonly phase: CampaignPhase;
    readonly status: CampaignStatus;
    readonly testMode: boolean;
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
export type rehearseGoLiveMutation = {
  response: rehearseGoLiveMutation$data;
  variables: rehearseGoLiveMutation$variables;
};

const node: ConcreteRequest = (function(){
var v0 = {
  "defaultValue": null,
  "kind": "LocalArgument",
  "name": "acknowledge"
},
v1 = {
  "defaultValue": null,
  "kind": "LocalArgument",
  "name": "id"
},
v2 = {
  "defaultValue": null,
  "kind": "LocalArgument",
  "name": "reset"
},
v3 = [
  {
    "kind": "Variable",
    "name": "acknowledge",
    "variableName": "acknowledge"
  },
  {
    "kind": "Variable",
    "name": "campaignId",
    "variableName": "id"
  },
  {
    "kind": "Variable",
    "name": "resetTestData",
    "variableName": "reset"
  }
],
v4 = {
  "alias": null,
  "args": null,
  "kind": "ScalarField",
  "name": "__typename",
  "storageKey": null
},
v5 = {
  "alias": null,
  "args": null,
  "kind": "ScalarField",
  "name": "id",
  "storageKey": null
},
v6 = {
  "kind": "InlineFragment",
  "selections": [
    (v5/*:: as any*/),
    {
      "alias": null,
      "args": null,
      "kind": "ScalarField",
      "name": "phase",
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
      "name": "testMode",
      "storageKey": null
    }
  ],
  "type": "Campaign",
  "abstractKey": null
},
v7 = {
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
};
return {
  "fragment": {
    "argumentDefinitions": [
      (v0/*:: as any*/),
      (v1/*:: as any*/),
      (v2/*:: as any*/)
    ],
    "kind": "Fragment",
    "metadata": null,
    "name": "rehearseGoLiveMutation",
    "selections": [
      {
        "alias": null,
        "args": (v3/*:: as any*/),
        "concreteType": null,
        "kind": "LinkedField",
        "name": "goLive",
        "plural": false,
        "selections": [
          (v4/*:: as any*/),
          (v6/*:: as any*/),
          (v7/*:: as any*/)
        ],
        "storageKey": null
      }
    ],
    "type": "Mutation",
    "abstractKey": null
  },
  "kind": "Request",
  "operation": {
    "argumentDefinitions": [
      (v1/*:: as any*/),
      (v2/*:: as any*/),
      (v0/*:: as any*/)
    ],
    "kind": "Operation",
    "name": "rehearseGoLiveMutation",
    "selections": [
      {
        "alias": null,
        "args": (v3/*:: as any*/),
        "concreteType": null,
        "kind": "LinkedField",
        "name": "goLive",
        "plural": false,
        "selections": [
          (v4/*:: as any*/),
          (v6/*:: as any*/),
          (v7/*:: as any*/),
          {
            "kind": "InlineFragment",
            "selections": [
              (v5/*:: as any*/)
            ],
            "type": "Node",
            "abstractKey": "__isNode"
          }
        ],
        "storageKey": null
      }
    ]
  },
  "params": {
    "cacheID": "c70edd04213f8507f37103d037a8cb31",
    "id": null,
    "metadata": {},
    "name": "rehearseGoLiveMutation",
    "operationKind": "mutation",
    "text": "mutation rehearseGoLiveMutation(\n  $id: ID!\n  $reset: Boolean!\n  $acknowledge: [PreflightFindingCode!]\n) {\n  goLive(campaignId: $id, resetTestData: $reset, acknowledge: $acknowledge) {\n    __typename\n    ... on Campaign {\n      id\n      phase\n      status\n      testMode\n    }\n    ... on UserError {\n      code\n      message\n      field\n    }\n    ... on Node {\n      __isNode: __typename\n      id\n    }\n  }\n}\n"
  }
};
})();

(node as any).hash = "f77a78449d56e72d4dfa02eaeeae17eb";

export default node;
