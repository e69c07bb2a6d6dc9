/**
 * @generated SignedSource<<c86fa9fd4910d3ce4112ca00592ce8c3>>
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
export type campaignsLaunchMutation$variables = {
  acknowledge?: ReadonlyArray<PreflightFindingCode> | null | undefined;
  id: string;
};
export type campaignsLaunchMutation$data = {
  readonly launchCampaign: {
    readonly __typename: "Campaign";
    readonly id: string;
    readonly phase: CampaignPhase;
    readonly status: CampaignStatus;
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
export type campaignsLaunchMutation = {
  response: campaignsLaunchMutation$data;
  variables: campaignsLaunchMutation$variables;
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
v2 = [
  {
    "kind": "Variable",
    "name": "acknowledge",
    "variableName": "acknowledge"
  },
  {
    "kind": "Variable",
    "name": "id",
    "variableName": "id"
  }
],
v3 = {
  "alias": null,
  "args": null,
  "kind": "ScalarField",
  "name": "__typename",
  "storageKey": null
},
v4 = {
  "alias": null,
  "args": null,
  "kind": "ScalarField",
  "name": "id",
  "storageKey": null
},
v5 = {
  "kind": "InlineFragment",
  "selections": [
    (v4/*:: as any*/),
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
    }
  ],
  "type": "Campaign",
  "abstractKey": null
},
v6 = {
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
      (v1/*:: as any*/)
    ],
    "kind": "Fragment",
    "metadata": null,
    "name": "campaignsLaunchMutation",
    "selections": [
      {
        "alias": null,
        "args": (v2/*:: as any*/),
        "concreteType": null,
        "kind": "LinkedField",
        "name": "launchCampaign",
        "plural": false,
        "selections": [
          (v3/*:: as any*/),
          (v5/*:: as any*/),
          (v6/*:: as any*/)
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
      (v0/*:: as any*/)
    ],
    "kind": "Operation",
    "name": "campaignsLaunchMutation",
    "selections": [
      {
        "alias": null,
        "args": (v2/*:: as any*/),
        "concreteType": null,
        "kind": "LinkedField",
        "name": "launchCampaign",
        "plural": false,
        "selections": [
          (v3/*:: as any*/),
          (v5/*:: as any*/),
          (v6/*:: as any*/),
          {
            "kind": "InlineFragment",
            "selections": [
              (v4/*:: as any*/)
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
    "cacheID": "a92462cd9f14be34a77e19c0eb17ea08",
    "id": null,
    "metadata": {},
    "name": "campaignsLaunchMutation",
    "operationKind": "mutation",
    "text": "mutation campaignsLaunchMutation(\n  $id: ID!\n  $acknowledge: [PreflightFindingCode!]\n) {\n  launchCampaign(id: $id, acknowledge: $acknowledge) {\n    __typename\n    ... on Campaign {\n      id\n      phase\n      status\n    }\n    ... on UserError {\n      code\n      message\n      field\n    }\n    ... on Node {\n      __isNode: __typename\n      id\n    }\n  }\n}\n"
  }
};
})();

(node as any).hash = "2990562edb8d70991b5844923929790f";

export default node;
