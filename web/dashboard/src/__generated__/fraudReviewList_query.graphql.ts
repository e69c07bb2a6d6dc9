/**
 * @generated SignedSource<<859b60c3a03f11c22ec2d3c513655e73>>
 * @lightSyntaxTransform
 */

/* tslint:disable */
/* eslint-disable */
// @ts-nocheck

import { ReaderFragment } from 'relay-runtime';
export type FraudMode = "BLOCK" | "FLAG" | "OFF" | "SHADOW" | "%future added value";
export type FraudRule = "BLOCKLIST" | "BLOCKLIST_NETWORK" | "CLUSTER_FLAGGED" | "CONVERSION_VELOCITY_DAY" | "CONVERSION_VELOCITY_HOUR" | "DISPOSABLE_EMAIL" | "FRIEND_MANY_ADVOCATES" | "INVALID_EMAIL" | "LOOKALIKE_NAMES" | "NETWORK_CLUSTER" | "PRIVACY_RELAY" | "REFERRAL_RING" | "REFERRAL_VELOCITY_DAY" | "REFERRAL_VELOCITY_HOUR" | "RISK_SCORE" | "SELF_REFERRAL" | "SELF_REFERRAL_DEVICE" | "SELF_REFERRAL_EVIDENCE" | "SEQUENTIAL_EMAILS" | "SHARED_EVIDENCE" | "SHARED_IP" | "%future added value";
export type FraudSeverity = "CRITICAL" | "HIGH" | "LOW" | "MEDIUM" | "%future added value";
export type ReviewStatus = "CONFIRMED_FRAUD" | "DISMISSED" | "FLAGGED" | "NONE" | "%future added value";
import { FragmentRefs } from "relay-runtime";
export type fraudReviewList_query$data = {
  readonly flaggedReferrals: {
    readonly edges: ReadonlyArray<{
      readonly node: {
        readonly createdAt: any;
        readonly friendEmail: string | null | undefined;
        readonly id: string;
        readonly link: {
          readonly advocate: {
            readonly id: string;
            readonly name: string;
          } | null | undefined;
          readonly code: string;
          readonly id: string;
        };
        readonly risk: {
          readonly reviewStatus: ReviewStatus;
          readonly score: number;
          readonly signals: ReadonlyArray<{
            readonly mode: FraudMode;
            readonly reason: string;
            readonly rule: FraudRule;
            readonly severity: FraudSeverity;
          }>;
        };
      };
    }>;
  };
  readonly " $fragmentType": "fraudReviewList_query";
};
export type fraudReviewList_query$key = {
  readonly " $data"?: fraudReviewList_query$data;
  readonly " $fragmentSpreads": FragmentRefs<"fraudReviewList_query">;
};

import fraudReviewListPaginationQuery_graphql from './fraudReviewListPaginationQuery.graphql';

const node: ReaderFragment = (function(){
var v0 = [
  "flaggedReferrals"
],
v1 = {
  "alias": null,
  "args": null,
  "kind": "ScalarField",
  "name": "id",
  "storageKey": null
};
return {
  "argumentDefinitions": [
    {
      "defaultValue": null,
      "kind": "LocalArgument",
      "name": "count"
    },
    {
      "defaultValue": null,
      "kind": "LocalArgument",
      "name": "cursor"
    }
  ],
  "kind": "Fragment",
  "metadata": {
    "connection": [
      {
        "count": "count",
        "cursor": "cursor",
        "direction": "forward",
        "path": (v0/*:: as any*/)
      }
    ],
    "refetch": {
      "connection": {
        "forward": {
          "count": "count",
          "cursor": "cursor"
        },
        "backward": null,
        "path": (v0/*:: as any*/)
      },
      "fragmentPathInResult": [],
      "operation": fraudReviewListPaginationQuery_graphql
    }
  },
  "name": "fraudReviewList_query",
  "selections": [
    {
      "alias": "flaggedReferrals",
      "args": null,
      "concreteType": "ReferralConnection",
      "kind": "LinkedField",
      "name": "__fraudReviewList__flaggedReferrals_connection",
      "plural": false,
      "selections": [
        {
          "alias": null,
          "args": null,
          "concreteType": "ReferralEdge",
          "kind": "LinkedField",
          "name": "edges",
          "plural": true,
          "selections": [
            {
              "alias": null,
              "args": null,
              "concreteType": "Referral",
              "kind": "LinkedField",
              "name": "node",
              "plural": false,
              "selections": [
                (v1/*:: as any*/),
                {
                  "alias": null,
                  "args": null,
                  "kind": "ScalarField",
                  "name": "friendEmail",
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
                  "concreteType": "ReferralRisk",
                  "kind": "LinkedField",
                  "name": "risk",
                  "plural": false,
                  "selections": [
                    {
                      "alias": null,
                      "args": null,
                      "kind": "ScalarField",
                      "name": "score",
                      "storageKey": null
                    },
                    {
                      "alias": null,
                      "args": null,
                      "kind": "ScalarField",
                      "name": "reviewStatus",
                      "storageKey": null
                    },
                    {
                      "alias": null,
                      "args": null,
                      "concreteType": "FraudSignal",
                      "kind": "LinkedField",
                      "name": "signals",
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
                          "name": "reason",
                          "storageKey": null
                        }
                      ],
                      "storageKey": null
                    }
                  ],
                  "storageKey": null
                },
                {
                  "alias": null,
                  "args": null,
                  "concreteType": "Link",
                  "kind": "LinkedField",
                  "name": "link",
                  "plural": false,
                  "selections": [
                    (v1/*:: as any*/),
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
                      "concreteType": "Advocate",
                      "kind": "LinkedField",
                      "name": "advocate",
                      "plural": false,
                      "selections": [
                        (v1/*:: as any*/),
                        {
                          "alias": null,
                          "args": null,
                          "kind": "ScalarField",
                          "name": "name",
                          "storageKey": null
                        }
                      ],
                      "storageKey": null
                    }
                  ],
                  "storageKey": null
                },
                {
                  "alias": null,
                  "args": null,
                  "kind": "ScalarField",
                  "name": "__typename",
                  "storageKey": null
                }
              ],
              "storageKey": null
            },
            {
              "alias": null,
              "args": null,
              "kind": "ScalarField",
              "name": "cursor",
              "storageKey": null
            }
          ],
          "storageKey": null
        },
        {
          "alias": null,
          "args": null,
          "concreteType": "PageInfo",
          "kind": "LinkedField",
          "name": "pageInfo",
          "plural": false,
          "selections": [
            {
              "alias": null,
              "args": null,
              "kind": "ScalarField",
              "name": "endCursor",
              "storageKey": null
            },
            {
              "alias": null,
              "args": null,
              "kind": "ScalarField",
              "name": "hasNextPage",
              "storageKey": null
            }
          ],
          "storageKey": null
        }
      ],
      "storageKey": null
    }
  ],
  "type": "Query",
  "abstractKey": null
};
})();

(node as any).hash = "71b0014ab8d895dfe1420d66fa43cf19";

export default node;
