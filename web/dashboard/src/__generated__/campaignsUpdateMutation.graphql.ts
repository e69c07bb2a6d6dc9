/**
 * @generated SignedSource<<47f84d5c076270982002f181f40fd836>>
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
export type UpdateCampaignInput = {
  attributionModel?: AttributionModel | null | undefined;
  attributionWindowDays?: number | null | undefined;
  currency?: string | null | undefined;
  description?: string | null | undefined;
  endsAt?: any | null | undefined;
  landingUrl?: string | null | undefined;
  name?: string | null | undefined;
  objective?: ObjectiveInput | null | undefined;
  orderGraceDays?: number | null | undefined;
  share?: ShareTemplatesInput | null | undefined;
  slackChannel?: string | null | undefined;
  slug?: string | null | undefined;
  startsAt?: any | null | undefined;
  terms?: string | null | undefined;
  testMode?: boolean | null | undefined;
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
export type campaignsUpdateMutation$variables = {
  id: string;
  input: UpdateCampaignInput;
};
export type campaignsUpdateMutation$data = {
  readonly updateCampaign: {
    readonly __typename: "Campaign";
    readonly id: string;
    readonly name: string;
    readonly phase: CampaignPhase;
    readonly slackChannel: string | null | undefined;
    readonly slug: string;
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
export type campaignsUpdateMutation = {
  response: campaignsUpdateMutation$data;
  variables: campaignsUpdateMutation$variables;
};

const node: ConcreteRequest = (function(){
var v0 = [
  {
    "defaultValue": null,
    "kind": "LocalArgument",
    "name": "id"
  },
  {
    "defaultValue": null,
    "kind": "LocalArgument",
    "name": "input"
  }
],
v1 = [
  {
    "kind": "Variable",
    "name": "id",
    "variableName": "id"
  },
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
    },
    {
      "alias": null,
      "args": null,
      "kind": "ScalarField",
      "name": "testMode",
      "storageKey": null
    },
    {
      "alias": null,
      "args": null,
      "kind": "ScalarField",
      "name": "slackChannel",
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
    "name": "campaignsUpdateMutation",
    "selections": [
      {
        "alias": null,
        "args": (v1/*:: as any*/),
        "concreteType": null,
        "kind": "LinkedField",
        "name": "updateCampaign",
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
    "name": "campaignsUpdateMutation",
    "selections": [
      {
        "alias": null,
        "args": (v1/*:: as any*/),
        "concreteType": null,
        "kind": "LinkedField",
        "name": "updateCampaign",
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
    "cacheID": "1fd10e2e73494e3243b0c1fe3ad9c715",
    "id": null,
    "metadata": {},
    "name": "campaignsUpdateMutation",
    "operationKind": "mutation",
    "text": "mutation campaignsUpdateMutation(\n  $id: ID!\n  $input: UpdateCampaignInput!\n) {\n  updateCampaign(id: $id, input: $input) {\n    __typename\n    ... on Campaign {\n      id\n      name\n      slug\n      phase\n      status\n      testMode\n      slackChannel\n    }\n    ... on UserError {\n      code\n      message\n      field\n    }\n    ... on Node {\n      __isNode: __typename\n      id\n    }\n  }\n}\n"
  }
};
})();

(node as any).hash = "9cc719c7db6d7784e5715ad5d948b2a4";

export default node;
