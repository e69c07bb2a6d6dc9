/**
 * @generated SignedSource<<7abcc9b0a23b3fe91f624fd5128a792c>>
 * @lightSyntaxTransform
 */

/* tslint:disable */
/* eslint-disable */
// @ts-nocheck

import { ConcreteRequest } from 'relay-runtime';
export type CapPeriod = "ALL_TIME" | "DAY" | "MONTH" | "WEEK" | "%future added value";
export type ErrorCode = "ALREADY_USED" | "CONFLICT" | "EXPIRED" | "FORBIDDEN" | "INVALID_INPUT" | "INVALID_STATE" | "INVALID_TOKEN" | "NOT_FOUND" | "RATE_LIMITED" | "SERVICE_UNAVAILABLE" | "TRANSIENT" | "UNAUTHENTICATED" | "%future added value";
export type RewardKind = "CASH" | "CREDIT" | "CUSTOM" | "DISCOUNT" | "POINTS" | "%future added value";
export type RewardRecipient = "ADVOCATE" | "FRIEND" | "%future added value";
export type RewardTrigger = "EVERY_PURCHASE" | "FIRST_PURCHASE" | "SIGNUP" | "%future added value";
export type SetRewardRulesInput = {
  advocateCap?: AdvocateCapInput | null | undefined;
  autoApproveMax?: any | null | undefined;
  budget?: any | null | undefined;
  campaignId: string;
  fourEyesAbove?: any | null | undefined;
  pauseCampaignOnBudget?: boolean;
  rules: ReadonlyArray<RewardRuleInput>;
};
export type RewardRuleInput = {
  currency: string;
  description?: string;
  fixedAmount?: any | null | undefined;
  holdDays?: number;
  key: string;
  kind: RewardKind;
  maxAmount?: any | null | undefined;
  maxPerFriend?: number | null | undefined;
  minOrderAmount?: any;
  percentBps?: number | null | undefined;
  recipient: RewardRecipient;
  tiers?: ReadonlyArray<RewardTierInput>;
  trigger: RewardTrigger;
};
export type RewardTierInput = {
  afterReferrals: number;
  fixedAmount?: any | null | undefined;
  maxAmount?: any | null | undefined;
  percentBps?: number | null | undefined;
};
export type AdvocateCapInput = {
  maxAmount?: any | null | undefined;
  maxCount?: number | null | undefined;
  period?: CapPeriod;
};
export type campaignsRewardRulesMutation$variables = {
  input: SetRewardRulesInput;
};
export type campaignsRewardRulesMutation$data = {
  readonly setRewardRules: {
    readonly __typename: "RewardRuleVersion";
    readonly version: number;
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
export type campaignsRewardRulesMutation = {
  response: campaignsRewardRulesMutation$data;
  variables: campaignsRewardRulesMutation$variables;
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
    "alias": null,
    "args": [
      {
        "kind": "Variable",
        "name": "input",
        "variableName": "input"
      }
    ],
    "concreteType": null,
    "kind": "LinkedField",
    "name": "setRewardRules",
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
            "name": "version",
            "storageKey": null
          }
        ],
        "type": "RewardRuleVersion",
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
    "name": "campaignsRewardRulesMutation",
    "selections": (v1/*:: as any*/),
    "type": "Mutation",
    "abstractKey": null
  },
  "kind": "Request",
  "operation": {
    "argumentDefinitions": (v0/*:: as any*/),
    "kind": "Operation",
    "name": "campaignsRewardRulesMutation",
    "selections": (v1/*:: as any*/)
  },
  "params": {
    "cacheID": "bd1eba31993379bd790c0f5f18b16df5",
    "id": null,
    "metadata": {},
    "name": "campaignsRewardRulesMutation",
    "operationKind": "mutation",
    "text": "mutation campaignsRewardRulesMutation(\n  $input: SetRewardRulesInput!\n) {\n  setRewardRules(input: $input) {\n    __typename\n    ... on RewardRuleVersion {\n      version\n    }\n    ... on UserError {\n      code\n      message\n      field\n    }\n  }\n}\n"
  }
};
})();

(node as any).hash = "da488ade92871d19c73f06b3fde9f6f0";

export default node;
