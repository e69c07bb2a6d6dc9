/**
 * @generated SignedSource<<0b0bf78b4b405cb7309c95f899977911>>
 * @lightSyntaxTransform
 */

/* tslint:disable */
/* eslint-disable */
// @ts-nocheck

import { ConcreteRequest } from 'relay-runtime';
export type FraudMode = "BLOCK" | "FLAG" | "OFF" | "SHADOW" | "%future added value";
export type FraudRule = "BLOCKLIST" | "BLOCKLIST_NETWORK" | "CLUSTER_FLAGGED" | "CONVERSION_VELOCITY_DAY" | "CONVERSION_VELOCITY_HOUR" | "DISPOSABLE_EMAIL" | "FRIEND_MANY_ADVOCATES" | "INVALID_EMAIL" | "LOOKALIKE_NAMES" | "NETWORK_CLUSTER" | "PRIVACY_RELAY" | "REFERRAL_RING" | "REFERRAL_VELOCITY_DAY" | "REFERRAL_VELOCITY_HOUR" | "RISK_SCORE" | "SELF_REFERRAL" | "SELF_REFERRAL_DEVICE" | "SELF_REFERRAL_EVIDENCE" | "SEQUENTIAL_EMAILS" | "SHARED_EVIDENCE" | "SHARED_IP" | "%future added value";
export type RewardRecipient = "ADVOCATE" | "FRIEND" | "%future added value";
export type RewardStatus = "APPROVED" | "AWAITING_APPROVAL" | "FULFILLED" | "PENDING" | "REJECTED" | "REVERSED" | "VOIDED" | "%future added value";
export type RewardWithheldReason = "BUDGET" | "CAP_AMOUNT" | "CAP_COUNT" | "%future added value";
export type RewardScenario = {
  advocateEmail: string;
  at?: any | null | undefined;
  currency: string;
  firstPurchase?: boolean;
  friendEmail: string;
  orderAmount: any;
};
export type campaignsPreviewQuery$variables = {
  campaignId: string;
  scenario: RewardScenario;
};
export type campaignsPreviewQuery$data = {
  readonly previewReward: {
    readonly fraudSignals: ReadonlyArray<{
      readonly mode: FraudMode;
      readonly reason: string;
      readonly rule: FraudRule;
    }>;
    readonly refused: string | null | undefined;
    readonly rewards: ReadonlyArray<{
      readonly approvalsNeeded: number;
      readonly description: string;
      readonly holdUntil: any;
      readonly recipient: RewardRecipient;
      readonly ruleKey: string;
      readonly statusAfterHold: RewardStatus;
      readonly value: {
        readonly formatted: string;
      };
    }>;
    readonly ruleVersion: number | null | undefined;
    readonly withheld: ReadonlyArray<{
      readonly reason: RewardWithheldReason;
      readonly reward: {
        readonly description: string;
        readonly recipient: RewardRecipient;
        readonly value: {
          readonly formatted: string;
        };
      };
    }>;
  };
};
export type campaignsPreviewQuery = {
  response: campaignsPreviewQuery$data;
  variables: campaignsPreviewQuery$variables;
};

const node: ConcreteRequest = (function(){
var v0 = [
  {
    "defaultValue": null,
    "kind": "LocalArgument",
    "name": "campaignId"
  },
  {
    "defaultValue": null,
    "kind": "LocalArgument",
    "name": "scenario"
  }
],
v1 = {
  "alias": null,
  "args": null,
  "kind": "ScalarField",
  "name": "recipient",
  "storageKey": null
},
v2 = {
  "alias": null,
  "args": null,
  "kind": "ScalarField",
  "name": "description",
  "storageKey": null
},
v3 = {
  "alias": null,
  "args": null,
  "concreteType": "Money",
  "kind": "LinkedField",
  "name": "value",
  "plural": false,
  "selections": [
    {
      "alias": null,
      "args": null,
      "kind": "ScalarField",
      "name": "formatted",
      "storageKey": null
    }
  ],
  "storageKey": null
},
v4 = {
  "alias": null,
  "args": null,
  "kind": "ScalarField",
  "name": "reason",
  "storageKey": null
},
v5 = [
  {
    "alias": null,
    "args": [
      {
        "kind": "Variable",
        "name": "campaignId",
        "variableName": "campaignId"
      },
      {
        "kind": "Variable",
        "name": "scenario",
        "variableName": "scenario"
      }
    ],
    "concreteType": "RewardPreview",
    "kind": "LinkedField",
    "name": "previewReward",
    "plural": false,
    "selections": [
      {
        "alias": null,
        "args": null,
        "kind": "ScalarField",
        "name": "ruleVersion",
        "storageKey": null
      },
      {
        "alias": null,
        "args": null,
        "kind": "ScalarField",
        "name": "refused",
        "storageKey": null
      },
      {
        "alias": null,
        "args": null,
        "concreteType": "PreviewedReward",
        "kind": "LinkedField",
        "name": "rewards",
        "plural": true,
        "selections": [
          (v1/*:: as any*/),
          {
            "alias": null,
            "args": null,
            "kind": "ScalarField",
            "name": "ruleKey",
            "storageKey": null
          },
          (v2/*:: as any*/),
          (v3/*:: as any*/),
          {
            "alias": null,
            "args": null,
            "kind": "ScalarField",
            "name": "holdUntil",
            "storageKey": null
          },
          {
            "alias": null,
            "args": null,
            "kind": "ScalarField",
            "name": "statusAfterHold",
            "storageKey": null
          },
          {
            "alias": null,
            "args": null,
            "kind": "ScalarField",
            "name": "approvalsNeeded",
            "storageKey": null
          }
        ],
        "storageKey": null
      },
      {
        "alias": null,
        "args": null,
        "concreteType": "WithheldReward",
        "kind": "LinkedField",
        "name": "withheld",
        "plural": true,
        "selections": [
          (v4/*:: as any*/),
          {
            "alias": null,
            "args": null,
            "concreteType": "PreviewedReward",
            "kind": "LinkedField",
            "name": "reward",
            "plural": false,
            "selections": [
              (v1/*:: as any*/),
              (v2/*:: as any*/),
              (v3/*:: as any*/)
            ],
            "storageKey": null
          }
        ],
        "storageKey": null
      },
      {
        "alias": null,
        "args": null,
        "concreteType": "FraudSignal",
        "kind": "LinkedField",
        "name": "fraudSignals",
        "plural": true,
        "selections": [
          {
            "alias": null,
            "args": null,
            "kind": "ScalarField",
            "name": "rule",
            "storageKey": null
          },
          {
            "alias": null,
            "args": null,
            "kind": "ScalarField",
            "name": "mode",
            "storageKey": null
          },
          (v4/*:: as any*/)
        ],
        "storageKey": null
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
    "name": "campaignsPreviewQuery",
    "selections": (v5/*:: as any*/),
    "type": "Query",
    "abstractKey": null
  },
  "kind": "Request",
  "operation": {
    "argumentDefinitions": (v0/*:: as any*/),
    "kind": "Operation",
    "name": "campaignsPreviewQuery",
    "selections": (v5/*:: as any*/)
  },
  "params": {
    "cacheID": "a2c0d8f202809632fd12e30f7c5d56e4",
    "id": null,
    "metadata": {},
    "name": "campaignsPreviewQuery",
    "operationKind": "query",
    "text": "query campaignsPreviewQuery(\n  $campaignId: ID!\n  $scenario: RewardScenario!\n) {\n  previewReward(campaignId: $campaignId, scenario: $scenario) {\n    ruleVersion\n    refused\n    rewards {\n      recipient\n      ruleKey\n      description\n      value {\n        formatted\n      }\n      holdUntil\n      statusAfterHold\n      approvalsNeeded\n    }\n    withheld {\n      reason\n      reward {\n        recipient\n        description\n        value {\n          formatted\n        }\n      }\n    }\n    fraudSignals {\n      rule\n      mode\n      reason\n    }\n  }\n}\n"
  }
};
})();

(node as any).hash = "e85bbe17e4b12c9c25b03e56baed2f44";

export default node;
