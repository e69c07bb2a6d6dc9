/**
 * @generated SignedSource<<0dd41f3cc27a994a93985b0b1bb18ef6>>
 * @lightSyntaxTransform
 */

/* tslint:disable */
/* eslint-disable */
// @ts-nocheck

import { ConcreteRequest } from 'relay-runtime';
export type ErrorCode = "ALREADY_USED" | "CONFLICT" | "EXPIRED" | "FORBIDDEN" | "INVALID_INPUT" | "INVALID_STATE" | "INVALID_TOKEN" | "NOT_FOUND" | "RATE_LIMITED" | "SERVICE_UNAVAILABLE" | "TRANSIENT" | "UNAUTHENTICATED" | "%future added value";
export type FraudMode = "BLOCK" | "FLAG" | "OFF" | "SHADOW" | "%future added value";
export type FraudRule = "BLOCKLIST" | "BLOCKLIST_NETWORK" | "CLUSTER_FLAGGED" | "CONVERSION_VELOCITY_DAY" | "CONVERSION_VELOCITY_HOUR" | "DISPOSABLE_EMAIL" | "FRIEND_MANY_ADVOCATES" | "INVALID_EMAIL" | "LOOKALIKE_NAMES" | "NETWORK_CLUSTER" | "PRIVACY_RELAY" | "REFERRAL_RING" | "REFERRAL_VELOCITY_DAY" | "REFERRAL_VELOCITY_HOUR" | "RISK_SCORE" | "SELF_REFERRAL" | "SELF_REFERRAL_DEVICE" | "SELF_REFERRAL_EVIDENCE" | "SEQUENTIAL_EMAILS" | "SHARED_EVIDENCE" | "SHARED_IP" | "%future added value";
export type SetFraudRulesInput = {
  campaignId: string;
  rules: ReadonlyArray<FraudRuleInput>;
};
export type FraudRuleInput = {
  mode: FraudMode;
  rule: FraudRule;
  threshold?: number | null | undefined;
};
export type campaignsFraudRulesMutation$variables = {
  input: SetFraudRulesInput;
};
export type campaignsFraudRulesMutation$data = {
  readonly setFraudRules: {
    readonly __typename: "Campaign";
    readonly fraudRules: ReadonlyArray<{
      readonly mode: FraudMode;
      readonly rule: FraudRule;
      readonly threshold: number | null | undefined;
    }>;
    readonly id: string;
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
export type campaignsFraudRulesMutation = {
  response: campaignsFraudRulesMutation$data;
  variables: campaignsFraudRulesMutation$variables;
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
          "name": "mode",
          "storageKey": null
        },
        {
          "alias": null,
          "args": null,
          "kind": "ScalarField",
          "name": "threshold",
          "storageKey": null
        }
      ],
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
    "name": "campaignsFraudRulesMutation",
    "selections": [
      {
        "alias": null,
        "args": (v1/*:: as any*/),
        "concreteType": null,
        "kind": "LinkedField",
        "name": "setFraudRules",
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
    "name": "campaignsFraudRulesMutation",
    "selections": [
      {
        "alias": null,
        "args": (v1/*:: as any*/),
        "concreteType": null,
        "kind": "LinkedField",
        "name": "setFraudRules",
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
    "cacheID": "191659a1c0c3bf1da6dafcac1002845c",
    "id": null,
    "metadata": {},
    "name": "campaignsFraudRulesMutation",
    "operationKind": "mutation",
    "text": "mutation campaignsFraudRulesMutation(\n  $input: SetFraudRulesInput!\n) {\n  setFraudRules(input: $input) {\n    __typename\n    ... on Campaign {\n      id\n      fraudRules {\n        rule\n        mode\n        threshold\n      }\n    }\n    ... on UserError {\n      code\n      message\n      field\n    }\n    ... on Node {\n      __isNode: __typename\n      id\n    }\n  }\n}\n"
  }
};
})();

(node as any).hash = "e319b9015ffc4fdbcd68547942972b5b";

export default node;
