/**
 * @generated SignedSource<<d68645e876c4d98b2f5d3cc197fa2ec3>>
 * @lightSyntaxTransform
 */

/* tslint:disable */
/* eslint-disable */
// @ts-nocheck

import { ConcreteRequest } from 'relay-runtime';
export type Interval = "DAY" | "MONTH" | "WEEK" | "%future added value";
export type Metric = "CLICKS" | "CONVERSIONS" | "REFERRALS" | "REVENUE" | "SIGNUPS" | "UNIQUE_VISITORS" | "%future added value";
export type analyticsQuery$variables = {
  from: any;
  id: string;
  interval: Interval;
  metric: Metric;
  to: any;
};
export type analyticsQuery$data = {
  readonly campaign: {
    readonly currency: string;
    readonly id: string;
    readonly leaderboard: ReadonlyArray<{
      readonly advocate: {
        readonly email: string;
        readonly id: string;
      };
      readonly displayName: string;
      readonly rank: number;
      readonly revenue: {
        readonly formatted: string;
      };
      readonly successfulReferrals: number;
    }>;
    readonly name: string;
    readonly stats: {
      readonly clicks: number;
      readonly conversionRate: number | null | undefined;
      readonly conversions: number;
      readonly referrals: number;
      readonly revenue: ReadonlyArray<{
        readonly formatted: string;
      }>;
      readonly signups: number;
      readonly uniqueVisitors: number;
    };
    readonly timeseries: ReadonlyArray<{
      readonly start: any;
      readonly value: any;
    }>;
  } | null | undefined;
};
export type analyticsQuery = {
  response: analyticsQuery$data;
  variables: analyticsQuery$variables;
};

const node: ConcreteRequest = (function(){
var v0 = {
  "defaultValue": null,
  "kind": "LocalArgument",
  "name": "from"
},
v1 = {
  "defaultValue": null,
  "kind": "LocalArgument",
  "name": "id"
},
v2 = {
  "defaultValue": null,
  "kind": "LocalArgument",
  "name": "interval"
},
v3 = {
  "defaultValue": null,
  "kind": "LocalArgument",
  "name": "metric"
},
v4 = {
  "defaultValue": null,
  "kind": "LocalArgument",
  "name": "to"
},
v5 = {
  "alias": null,
  "args": null,
  "kind": "ScalarField",
  "name": "id",
  "storageKey": null
},
v6 = [
  {
    "alias": null,
    "args": null,
    "kind": "ScalarField",
    "name": "formatted",
    "storageKey": null
  }
],
v7 = [
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
      (v5/*:: as any*/),
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
        "name": "currency",
        "storageKey": null
      },
      {
        "alias": null,
        "args": null,
        "concreteType": "CampaignStats",
        "kind": "LinkedField",
        "name": "stats",
        "plural": false,
        "selections": [
          {
            "alias": null,
            "args": null,
            "kind": "ScalarField",
            "name": "clicks",
            "storageKey": null
          },
          {
            "alias": null,
            "args": null,
            "kind": "ScalarField",
            "name": "uniqueVisitors",
            "storageKey": null
          },
          {
            "alias": null,
            "args": null,
            "kind": "ScalarField",
            "name": "referrals",
            "storageKey": null
          },
          {
            "alias": null,
            "args": null,
            "kind": "ScalarField",
            "name": "signups",
            "storageKey": null
          },
          {
            "alias": null,
            "args": null,
            "kind": "ScalarField",
            "name": "conversions",
            "storageKey": null
          },
          {
            "alias": null,
            "args": null,
            "kind": "ScalarField",
            "name": "conversionRate",
            "storageKey": null
          },
          {
            "alias": null,
            "args": null,
            "concreteType": "Money",
            "kind": "LinkedField",
            "name": "revenue",
            "plural": true,
            "selections": (v6/*:: as any*/),
            "storageKey": null
          }
        ],
        "storageKey": null
      },
      {
        "alias": null,
        "args": [
          {
            "kind": "Variable",
            "name": "from",
            "variableName": "from"
          },
          {
            "kind": "Variable",
            "name": "interval",
            "variableName": "interval"
          },
          {
            "kind": "Variable",
            "name": "metric",
            "variableName": "metric"
          },
          {
            "kind": "Variable",
            "name": "to",
            "variableName": "to"
          }
        ],
        "concreteType": "TimeseriesPoint",
        "kind": "LinkedField",
        "name": "timeseries",
        "plural": true,
        "selections": [
          {
            "alias": null,
            "args": null,
            "kind": "ScalarField",
            "name": "start",
            "storageKey": null
          },
          {
            "alias": null,
            "args": null,
            "kind": "ScalarField",
            "name": "value",
            "storageKey": null
          }
        ],
        "storageKey": null
      },
      {
        "alias": null,
        "args": [
          {
            "kind": "Literal",
            "name": "first",
            "value": 10
          }
        ],
        "concreteType": "LeaderboardEntry",
        "kind": "LinkedField",
        "name": "leaderboard",
        "plural": true,
        "selections": [
          {
            "alias": null,
            "args": null,
            "kind": "ScalarField",
            "name": "rank",
            "storageKey": null
          },
          {
            "alias": null,
            "args": null,
            "kind": "ScalarField",
            "name": "displayName",
            "storageKey": null
          },
          {
            "alias": null,
            "args": null,
            "kind": "ScalarField",
            "name": "successfulReferrals",
            "storageKey": null
          },
          {
            "alias": null,
            "args": null,
            "concreteType": "Money",
            "kind": "LinkedField",
            "name": "revenue",
            "plural": false,
            "selections": (v6/*:: as any*/),
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
              (v5/*:: as any*/),
              {
                "alias": null,
                "args": null,
                "kind": "ScalarField",
                "name": "email",
                "storageKey": null
              }
            ],
            "storageKey": null
          }
        ],
        "storageKey": "leaderboard(first:10)"
      }
    ],
    "storageKey": null
  }
];
return {
  "fragment": {
    "argumentDefinitions": [
      (v0/*:: as any*/),
      (v1/*:: as any*/),
      (v2/*:: as any*/),
      (v3/*:: as any*/),
      (v4/*:: as any*/)
    ],
    "kind": "Fragment",
    "metadata": null,
    "name": "analyticsQuery",
    "selections": (v7/*:: as any*/),
    "type": "Query",
    "abstractKey": null
  },
  "kind": "Request",
  "operation": {
    "argumentDefinitions": [
      (v1/*:: as any*/),
      (v3/*:: as any*/),
      (v2/*:: as any*/),
      (v0/*:: as any*/),
      (v4/*:: as any*/)
    ],
    "kind": "Operation",
    "name": "analyticsQuery",
    "selections": (v7/*:: as any*/)
  },
  "params": {
    "cacheID": "a3ac6b810cc2f01ff96678c088f48fe5",
    "id": null,
    "metadata": {},
    "name": "analyticsQuery",
    "operationKind": "query",
    "text": "query analyticsQuery(\n  $id: ID!\n  $metric: Metric!\n  $interval: Interval!\n  $from: DateTime!\n  $to: DateTime!\n) {\n  campaign(id: $id) {\n    id\n    name\n    currency\n    stats {\n      clicks\n      uniqueVisitors\n      referrals\n      signups\n      conversions\n      conversionRate\n      revenue {\n        formatted\n      }\n    }\n    timeseries(metric: $metric, interval: $interval, from: $from, to: $to) {\n      start\n      value\n    }\n    leaderboard(first: 10) {\n      rank\n      displayName\n      successfulReferrals\n      revenue {\n        formatted\n      }\n      advocate {\n        id\n        email\n      }\n    }\n  }\n}\n"
  }
};
})();

(node as any).hash = "97964ec80b46d7618d0fa4cc7c76488e";

export default node;
