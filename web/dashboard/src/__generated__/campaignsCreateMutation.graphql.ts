/**
 * @generated SignedSource<<0dc4ef8b1492cb3202fd5c45512d6e18>>
 * @lightSyntaxTransform
 */

/* tslint:disable */
/* eslint-disable */
// @ts-nocheck

import { ConcreteRequest } from 'relay-runtime';
export type AttributionModel = "FIRST_TOUCH" | "LAST_TOUCH" | "%future added value";
export type CampaignPhase = "ARCHIVED" | "DRAFT" | "ENDED" | "LIVE" | "PAUSED" | "SCHEDULED" | "%future added value";
export type CampaignStatus = "ACTIVE" | "ARCHIVED" | "DRAFT" | "ENDED" | "PAUSED" | "%future added value";
export type ErrorCode = "ALREADY_USED" | "CONFLICT" | "EXPIRED" | "FORBIDDEN" | "INVALID_INPUT" | "INVALID_STATE" | "INVALID_TOKEN" | "NOT_FOUND" | "RATE_LIMITED" | "SERVICE_UNAVAILABLE" | "TRANSIENT" | "UNAUTHENTICATED" | "%future added value";
export type ObjectiveMetric = "CONVERSIONS" | "REFERRALS" | "REVENUE" | "%future added value";
export type CreateCampaignInput = {
  attributionModel?: AttributionModel;
  attributionWindowDays?: number;
  currency?: string | null | undefined;
  description?: string;
  endsAt?: any | null | undefined;
  landingUrl: string;
  name: string;
  objective?: ObjectiveInput | null | undefined;
  orderGraceDays?: number;
  share?: ShareTemplatesInput | null | undefined;
  slackChannel?: string | null | undefined;
  slug: string;
  startsAt?: any | null | undefined;
  terms?: string;
  testMode?: boolean;
};
export type ObjectiveInput = {
  deadline?: any | null | undefined;
  metric: ObjectiveMetric;
  target: any;
};
export type ShareTemplatesInput = {
  emailBody?: string | null | undefined;
  emailSubject?: string | null | undefined;
  friendReward?: string | null | undefined;
  socialMessage?: string | null | undefined;
};
export type campaignsCreateMutation$variables = {
  input: CreateCampaignInput;
};
export type campaignsCreateMutation$data = {
  readonly createCampaign: {
    readonly __typename: "Campaign";
    readonly id: string;
    readonly name: string;
    readonly phase: CampaignPhase;
    readonly slug: string;
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
export type campaignsCreateMutation = {
  response: campaignsCreateMutation$data;
  variables: campaignsCreateMutation$variables;
};

const node: ConcreteRequest = (function(){
var v0 = [
  {
    "defaultValue": null,
    "kind": "LocalArgument",
    "name": "input"
  }
],
v1 = [
  {
    "kind": "Variable",
    "name": "input",
    "variableName": "input"
  }
],
v2 = {
  "alias": null,
  "args": null,
  "kind": "ScalarField",
  "name": "__typename",
  "storageKey": null
},
v3 = {
  "alias": null,
  "args": null,
  "kind": "ScalarField",
  "name": "id",
  "storageKey": null
},
v4 = {
  "kind": "InlineFragment",
  "selections": [
    (v3/*:: as any*/),
    {
      "alias": null,
      "args": null,
      "kind": "ScalarField",
      "name": "name",
      "storageKey": null
    },
    {
      "alias": null,
      "args": null,
      "kind": "ScalarField",
      "name": "slug",
      "storageKey": null
    },
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
v5 = {
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
    "argumentDefinitions": (v0/*:: as any*/),
    "kind": "Fragment",
    "metadata": null,
    "name": "campaignsCreateMutation",
    "selections": [
      {
        "alias": null,
        "args": (v1/*:: as any*/),
        "concreteType": null,
        "kind": "LinkedField",
        "name": "createCampaign",
        "plural": false,
        "selections": [
          (v2/*:: as any*/),
          (v4/*:: as any*/),
          (v5/*:: as any*/)
        ],
        "storageKey": null
      }
    ],
    "type": "Mutation",
    "abstractKey": null
  },
  "kind": "Request",
  "operation": {
    "argumentDefinitions": (v0/*:: as any*/),
    "kind": "Operation",
    "name": "campaignsCreateMutation",
    "selections": [
      {
        "alias": null,
        "args": (v1/*:: as any*/),
        "concreteType": null,
        "kind": "LinkedField",
        "name": "createCampaign",
        "plural": false,
        "selections": [
          (v2/*:: as any*/),
          (v4/*:: as any*/),
          (v5/*:: as any*/),
          {
            "kind": "InlineFragment",
            "selections": [
              (v3/*:: as any*/)
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
    "cacheID": "9565023195eff172b3934e4995ad30a9",
    "id": null,
    "metadata": {},
    "name": "campaignsCreateMutation",
    "operationKind": "mutation",
    "text": "mutation campaignsCreateMutation(\n  $input: CreateCampaignInput!\n) {\n  createCampaign(input: $input) {\n    __typename\n    ... on Campaign {\n      id\n      name\n      slug\n      phase\n      status\n    }\n    ... on UserError {\n      code\n      message\n      field\n    }\n    ... on Node {\n      __isNode: __typename\n      id\n    }\n  }\n}\n"
  }
};
})();

(node as any).hash = "9ed2ec45f41d7fbfcf42584540a181af";

export default node;
