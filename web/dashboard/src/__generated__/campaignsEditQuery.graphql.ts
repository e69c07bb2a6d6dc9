/**
 * @generated SignedSource<<785a837bd95faae5ff50f14de23bda2a>>
 * @lightSyntaxTransform
 */

/* tslint:disable */
/* eslint-disable */
// @ts-nocheck

import { ConcreteRequest } from 'relay-runtime';
export type CampaignPhase = "ARCHIVED" | "DRAFT" | "ENDED" | "LIVE" | "PAUSED" | "SCHEDULED" | "%future added value";
export type CampaignStatus = "ACTIVE" | "ARCHIVED" | "DRAFT" | "ENDED" | "PAUSED" | "%future added value";
export type CapPeriod = "ALL_TIME" | "DAY" | "MONTH" | "WEEK" | "%future added value";
export type FraudMode = "BLOCK" | "FLAG" | "OFF" | "SHADOW" | "%future added value";
export type FraudRule = "BLOCKLIST" | "BLOCKLIST_NETWORK" | "CLUSTER_FLAGGED" | "CONVERSION_VELOCITY_DAY" | "CONVERSION_VELOCITY_HOUR" | "DISPOSABLE_EMAIL" | "FRIEND_MANY_ADVOCATES" | "INVALID_EMAIL" | "LOOKALIKE_NAMES" | "NETWORK_CLUSTER" | "PRIVACY_RELAY" | "REFERRAL_RING" | "REFERRAL_VELOCITY_DAY" | "REFERRAL_VELOCITY_HOUR" | "RISK_SCORE" | "SELF_REFERRAL" | "SELF_REFERRAL_DEVICE" | "SELF_REFERRAL_EVIDENCE" | "SEQUENTIAL_EMAILS" | "SHARED_EVIDENCE" | "SHARED_IP" | "%future added value";
export type FraudSeverity = "CRITICAL" | "HIGH" | "LOW" | "MEDIUM" | "%future added value";
export type ObjectiveMetric = "CONVERSIONS" | "REFERRALS" | "REVENUE" | "%future added value";
export type RewardKind = "CASH" | "CREDIT" | "CUSTOM" | "DISCOUNT" | "POINTS" | "%future added value";
export type RewardRecipient = "ADVOCATE" | "FRIEND" | "%future added value";
export type RewardTrigger = "EVERY_PURCHASE" | "FIRST_PURCHASE" | "SIGNUP" | "%future added value";
export type campaignsEditQuery$variables = {
  id: string;
};
export type campaignsEditQuery$data = {
  readonly campaign: {
    readonly currency: string;
    readonly description: string;
    readonly endsAt: any | null | undefined;
    readonly fraudRules: ReadonlyArray<{
      readonly defaultMode: FraudMode;
      readonly firesWhen: string;
      readonly mode: FraudMode;
      readonly rule: FraudRule;
      readonly severity: FraudSeverity;
      readonly threshold: number | null | undefined;
      readonly thresholdMeaning: string | null | undefined;
    }>;
    readonly id: string;
    readonly landingUrl: string;
    readonly name: string;
    readonly objective: {
      readonly deadline: any | null | undefined;
      readonly metric: ObjectiveMetric;
      readonly target: any;
    } | null | undefined;
    readonly phase: CampaignPhase;
    readonly rewardRuleVersions: ReadonlyArray<{
      readonly advocateCap: {
        readonly maxAmount: any | null | undefined;
        readonly maxCount: number | null | undefined;
        readonly period: CapPeriod;
      } | null | undefined;
      readonly autoApproveMax: any | null | undefined;
      readonly budget: any | null | undefined;
      readonly createdAt: any;
      readonly fourEyesAbove: any | null | undefined;
      readonly pauseCampaignOnBudget: boolean;
      readonly rules: ReadonlyArray<{
        readonly currency: string;
        readonly description: string;
        readonly fixedAmount: any | null | undefined;
        readonly holdDays: number;
        readonly key: string;
        readonly kind: RewardKind;
        readonly maxAmount: any | null | undefined;
        readonly minOrderAmount: any;
        readonly percentBps: number | null | undefined;
        readonly recipient: RewardRecipient;
        readonly trigger: RewardTrigger;
      }>;
      readonly version: number;
    }>;
    readonly shareTemplates: {
      readonly emailBody: string;
      readonly emailSubject: string;
      readonly friendReward: string;
      readonly socialMessage: string;
    };
    readonly slackChannel: string | null | undefined;
    readonly slug: string;
    readonly startsAt: any | null | undefined;
    readonly status: CampaignStatus;
    readonly testMode: boolean;
  } | null | undefined;
};
export type campaignsEditQuery = {
  response: campaignsEditQuery$data;
  variables: campaignsEditQuery$variables;
};

const node: ConcreteRequest = (function(){
var v0 = [
  {
    "defaultValue": null,
    "kind": "LocalArgument",
    "name": "id"
  }
],
v1 = {
  "alias": null,
  "args": null,
  "kind": "ScalarField",
  "name": "description",
  "storageKey": null
},
v2 = {
  "alias": null,
  "args": null,
  "kind": "ScalarField",
  "name": "currency",
  "storageKey": null
},
v3 = {
  "alias": null,
  "args": null,
  "kind": "ScalarField",
  "name": "maxAmount",
  "storageKey": null
},
v4 = [
  {
    "alias": null,
    "args": [
      {
        "kind": "Variable",
        "name": "id",
        "variableName": "id"
      }
    ],
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
      (v1/*:: as any*/),
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
        "name": "phase",
        "storageKey": null
      },
      {
        "alias": null,
        "args": null,
        "kind": "ScalarField",
        "name": "startsAt",
        "storageKey": null
      },
      {
        "alias": null,
        "args": null,
        "kind": "ScalarField",
        "name": "endsAt",
        "storageKey": null
      },
      (v2/*:: as any*/),
      {
        "alias": null,
        "args": null,
        "kind": "ScalarField",
        "name": "landingUrl",
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
      },
      {
        "alias": null,
        "args": null,
        "concreteType": "Objective",
        "kind": "LinkedField",
        "name": "objective",
        "plural": false,
        "selections": [
          {
            "alias": null,
            "args": null,
            "kind": "ScalarField",
            "name": "metric",
            "storageKey": null
          },
          {
            "alias": null,
            "args": null,
            "kind": "ScalarField",
            "name": "target",
            "storageKey": null
          },
          {
            "alias": null,
            "args": null,
            "kind": "ScalarField",
            "name": "deadline",
            "storageKey": null
          }
        ],
        "storageKey": null
      },
      {
        "alias": null,
        "args": null,
        "concreteType": "ShareTemplates",
        "kind": "LinkedField",
        "name": "shareTemplates",
        "plural": false,
        "selections": [
          {
            "alias": null,
            "args": null,
            "kind": "ScalarField",
            "name": "emailSubject",
            "storageKey": null
          },
          {
            "alias": null,
            "args": null,
            "kind": "ScalarField",
            "name": "emailBody",
            "storageKey": null
          },
          {
            "alias": null,
            "args": null,
            "kind": "ScalarField",
            "name": "socialMessage",
            "storageKey": null
          },
          {
            "alias": null,
            "args": null,
            "kind": "ScalarField",
            "name": "friendReward",
            "storageKey": null
          }
        ],
        "storageKey": null
      },
      {
        "alias": null,
        "args": null,
        "concreteType": "FraudRuleSetting",
        "kind": "LinkedField",
        "name": "fraudRules",
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
            "name": "severity",
            "storageKey": null
          },
          {
            "alias": null,
            "args": null,
            "kind": "ScalarField",
            "name": "mode",
            "storageKey": null
          },
          {
            "alias": null,
            "args": null,
            "kind": "ScalarField",
            "name": "defaultMode",
            "storageKey": null
          },
          {
            "alias": null,
            "args": null,
            "kind": "ScalarField",
            "name": "threshold",
            "storageKey": null
          },
          {
            "alias": null,
            "args": null,
            "kind": "ScalarField",
            "name": "thresholdMeaning",
            "storageKey": null
          },
          {
            "alias": null,
            "args": null,
            "kind": "ScalarField",
            "name": "firesWhen",
            "storageKey": null
          }
        ],
        "storageKey": null
      },
      {
        "alias": null,
        "args": null,
        "concreteType": "RewardRuleVersion",
        "kind": "LinkedField",
        "name": "rewardRuleVersions",
        "plural": true,
        "selections": [
          {
            "alias": null,
            "args": null,
            "kind": "ScalarField",
            "name": "version",
            "storageKey": null
          },
          {
            "alias": null,
            "args": null,
            "kind": "ScalarField",
            "name": "createdAt",
            "storageKey": null
          },
          {
            "alias": null,
            "args": null,
            "kind": "ScalarField",
            "name": "autoApproveMax",
            "storageKey": null
          },
          {
            "alias": null,
            "args": null,
            "kind": "ScalarField",
            "name": "fourEyesAbove",
            "storageKey": null
          },
          {
            "alias": null,
            "args": null,
            "kind": "ScalarField",
            "name": "budget",
            "storageKey": null
          },
          {
            "alias": null,
            "args": null,
            "kind": "ScalarField",
            "name": "pauseCampaignOnBudget",
            "storageKey": null
          },
          {
            "alias": null,
            "args": null,
            "concreteType": "AdvocateCap",
            "kind": "LinkedField",
            "name": "advocateCap",
            "plural": false,
            "selections": [
              {
                "alias": null,
                "args": null,
                "kind": "ScalarField",
                "name": "period",
                "storageKey": null
              },
              {
                "alias": null,
                "args": null,
                "kind": "ScalarField",
                "name": "maxCount",
                "storageKey": null
              },
              (v3/*:: as any*/)
            ],
            "storageKey": null
          },
          {
            "alias": null,
            "args": null,
            "concreteType": "RewardRule",
            "kind": "LinkedField",
            "name": "rules",
            "plural": true,
            "selections": [
              {
                "alias": null,
                "args": null,
                "kind": "ScalarField",
                "name": "key",
                "storageKey": null
              },
              {
                "alias": null,
                "args": null,
                "kind": "ScalarField",
                "name": "recipient",
                "storageKey": null
              },
              {
                "alias": null,
                "args": null,
                "kind": "ScalarField",
                "name": "trigger",
                "storageKey": null
              },
              {
                "alias": null,
                "args": null,
                "kind": "ScalarField",
                "name": "kind",
                "storageKey": null
              },
              (v2/*:: as any*/),
              {
                "alias": null,
                "args": null,
                "kind": "ScalarField",
                "name": "fixedAmount",
                "storageKey": null
              },
              {
                "alias": null,
                "args": null,
                "kind": "ScalarField",
                "name": "percentBps",
                "storageKey": null
              },
              (v3/*:: as any*/),
              {
                "alias": null,
                "args": null,
                "kind": "ScalarField",
                "name": "minOrderAmount",
                "storageKey": null
              },
              {
                "alias": null,
                "args": null,
                "kind": "ScalarField",
                "name": "holdDays",
                "storageKey": null
              },
              (v1/*:: as any*/)
            ],
            "storageKey": null
          }
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
    "name": "campaignsEditQuery",
    "selections": (v4/*:: as any*/),
    "type": "Query",
    "abstractKey": null
  },
  "kind": "Request",
  "operation": {
    "argumentDefinitions": (v0/*:: as any*/),
    "kind": "Operation",
    "name": "campaignsEditQuery",
    "selections": (v4/*:: as any*/)
  },
  "params": {
    "cacheID": "e576fcfb16bf354811c248ad6c630913",
    "id": null,
    "metadata": {},
    "name": "campaignsEditQuery",
    "operationKind": "query",
    "text": "query campaignsEditQuery(\n  $id: ID!\n) {\n  campaign(id: $id) {\n    id\n    name\n    slug\n    description\n    status\n    phase\n    startsAt\n    endsAt\n    currency\n    landingUrl\n    testMode\n    slackChannel\n    objective {\n      metric\n      target\n      deadline\n    }\n    shareTemplates {\n      emailSubject\n      emailBody\n      socialMessage\n      friendReward\n    }\n    fraudRules {\n      rule\n      severity\n      mode\n      defaultMode\n      threshold\n      thresholdMeaning\n      firesWhen\n    }\n    rewardRuleVersions {\n      version\n      createdAt\n      autoApproveMax\n      fourEyesAbove\n      budget\n      pauseCampaignOnBudget\n      advocateCap {\n        period\n        maxCount\n        maxAmount\n      }\n      rules {\n        key\n        recipient\n        trigger\n        kind\n        currency\n        fixedAmount\n        percentBps\n        maxAmount\n        minOrderAmount\n        holdDays\n        description\n      }\n    }\n  }\n}\n"
  }
};
})();

(node as any).hash = "9a13f7f191ab60ecc94d05d78f5d0861";

export default node;
