/**
 * @generated SignedSource<<acab78a302174d0180427ebe4e6a7b90>>
 * @lightSyntaxTransform
 */

/* tslint:disable */
/* eslint-disable */
// @ts-nocheck

import { ConcreteRequest } from 'relay-runtime';
export type LedgerKind = "ADJUSTMENT" | "FULFILLED" | "ISSUED" | "REVERSED" | "VOIDED" | "%future added value";
export type LinkStatus = "ACTIVE" | "BLOCKED" | "%future added value";
export type RewardStatus = "APPROVED" | "AWAITING_APPROVAL" | "FULFILLED" | "PENDING" | "REJECTED" | "REVERSED" | "VOIDED" | "%future added value";
export type analyticsAdvocateQuery$variables = {
  id: string;
};
export type analyticsAdvocateQuery$data = {
  readonly advocate: {
    readonly createdAt: any;
    readonly earnings: {
      readonly approved: ReadonlyArray<{
        readonly formatted: string;
      }>;
      readonly paid: ReadonlyArray<{
        readonly formatted: string;
      }>;
      readonly pending: ReadonlyArray<{
        readonly formatted: string;
      }>;
    };
    readonly email: string;
    readonly id: string;
    readonly ledger: {
      readonly edges: ReadonlyArray<{
        readonly node: {
          readonly amount: {
            readonly formatted: string;
          };
          readonly createdAt: any;
          readonly id: string;
          readonly kind: LedgerKind;
          readonly test: boolean;
        };
      }>;
    };
    readonly links: {
      readonly edges: ReadonlyArray<{
        readonly node: {
          readonly campaign: {
            readonly name: string;
          };
          readonly code: string;
          readonly id: string;
          readonly shareUrl: string;
          readonly status: LinkStatus;
        };
      }>;
    };
    readonly name: string;
  } | null | undefined;
  readonly rewards: {
    readonly edges: ReadonlyArray<{
      readonly node: {
        readonly campaign: {
          readonly name: string;
        };
        readonly createdAt: any;
        readonly description: string;
        readonly id: string;
        readonly status: RewardStatus;
        readonly test: boolean;
        readonly value: {
          readonly formatted: string;
        };
      };
    }>;
  };
};
export type analyticsAdvocateQuery = {
  response: analyticsAdvocateQuery$data;
  variables: analyticsAdvocateQuery$variables;
};

const node: ConcreteRequest = (function(){
var v0 = [
  {
    "defaultValue": null,
    "kind": "LocalArgument",
    "name": "id"
  }
],
v1 = [
  {
    "kind": "Variable",
    "name": "id",
    "variableName": "id"
  }
],
v2 = {
  "alias": null,
  "args": null,
  "kind": "ScalarField",
  "name": "id",
  "storageKey": null
},
v3 = {
  "alias": null,
  "args": null,
  "kind": "ScalarField",
  "name": "name",
  "storageKey": null
},
v4 = {
  "alias": null,
  "args": null,
  "kind": "ScalarField",
  "name": "email",
  "storageKey": null
},
v5 = {
  "alias": null,
  "args": null,
  "kind": "ScalarField",
  "name": "createdAt",
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
v7 = {
  "alias": null,
  "args": null,
  "concreteType": "Earnings",
  "kind": "LinkedField",
  "name": "earnings",
  "plural": false,
  "selections": [
    {
      "alias": null,
      "args": null,
      "concreteType": "Money",
      "kind": "LinkedField",
      "name": "pending",
      "plural": true,
      "selections": (v6/*:: as any*/),
      "storageKey": null
    },
    {
      "alias": null,
      "args": null,
      "concreteType": "Money",
      "kind": "LinkedField",
      "name": "approved",
      "plural": true,
      "selections": (v6/*:: as any*/),
      "storageKey": null
    },
    {
      "alias": null,
      "args": null,
      "concreteType": "Money",
      "kind": "LinkedField",
      "name": "paid",
      "plural": true,
      "selections": (v6/*:: as any*/),
      "storageKey": null
    }
  ],
  "storageKey": null
},
v8 = [
  {
    "kind": "Literal",
    "name": "first",
    "value": 10
  }
],
v9 = {
  "alias": null,
  "args": null,
  "kind": "ScalarField",
  "name": "code",
  "storageKey": null
},
v10 = {
  "alias": null,
  "args": null,
  "kind": "ScalarField",
  "name": "shareUrl",
  "storageKey": null
},
v11 = {
  "alias": null,
  "args": null,
  "kind": "ScalarField",
  "name": "status",
  "storageKey": null
},
v12 = {
  "alias": null,
  "args": null,
  "concreteType": "Campaign",
  "kind": "LinkedField",
  "name": "campaign",
  "plural": false,
  "selections": [
    (v3/*:: as any*/)
  ],
  "storageKey": null
},
v13 = {
  "alias": null,
  "args": null,
  "kind": "ScalarField",
  "name": "test",
  "storageKey": null
},
v14 = {
  "alias": null,
  "args": [
    {
      "kind": "Literal",
      "name": "first",
      "value": 20
    }
  ],
  "concreteType": "LedgerEntryConnection",
  "kind": "LinkedField",
  "name": "ledger",
  "plural": false,
  "selections": [
    {
      "alias": null,
      "args": null,
      "concreteType": "LedgerEntryEdge",
      "kind": "LinkedField",
      "name": "edges",
      "plural": true,
      "selections": [
        {
          "alias": null,
          "args": null,
          "concreteType": "LedgerEntry",
          "kind": "LinkedField",
          "name": "node",
          "plural": false,
          "selections": [
            (v2/*:: as any*/),
            {
              "alias": null,
              "args": null,
              "kind": "ScalarField",
              "name": "kind",
              "storageKey": null
            },
            {
              "alias": null,
              "args": null,
              "concreteType": "Money",
              "kind": "LinkedField",
              "name": "amount",
              "plural": false,
              "selections": (v6/*:: as any*/),
              "storageKey": null
            },
            (v13/*:: as any*/),
            (v5/*:: as any*/)
          ],
          "storageKey": null
        }
      ],
      "storageKey": null
    }
  ],
  "storageKey": "ledger(first:20)"
},
v15 = [
  {
    "kind": "Variable",
    "name": "advocateId",
    "variableName": "id"
  },
  {
    "kind": "Literal",
    "name": "last",
    "value": 20
  }
],
v16 = {
  "alias": null,
  "args": null,
  "kind": "ScalarField",
  "name": "description",
  "storageKey": null
},
v17 = {
  "alias": null,
  "args": null,
  "concreteType": "Money",
  "kind": "LinkedField",
  "name": "value",
  "plural": false,
  "selections": (v6/*:: as any*/),
  "storageKey": null
},
v18 = {
  "alias": null,
  "args": null,
  "concreteType": "Campaign",
  "kind": "LinkedField",
  "name": "campaign",
  "plural": false,
  "selections": [
    (v3/*:: as any*/),
    (v2/*:: as any*/)
  ],
  "storageKey": null
};
return {
  "fragment": {
    "argumentDefinitions": (v0/*:: as any*/),
    "kind": "Fragment",
    "metadata": null,
    "name": "analyticsAdvocateQuery",
    "selections": [
      {
        "alias": null,
        "args": (v1/*:: as any*/),
        "concreteType": "Advocate",
        "kind": "LinkedField",
        "name": "advocate",
        "plural": false,
        "selections": [
          (v2/*:: as any*/),
          (v3/*:: as any*/),
          (v4/*:: as any*/),
          (v5/*:: as any*/),
          (v7/*:: as any*/),
          {
            "alias": null,
            "args": (v8/*:: as any*/),
            "concreteType": "LinkConnection",
            "kind": "LinkedField",
            "name": "links",
            "plural": false,
            "selections": [
              {
                "alias": null,
                "args": null,
                "concreteType": "LinkEdge",
                "kind": "LinkedField",
                "name": "edges",
                "plural": true,
                "selections": [
                  {
                    "alias": null,
                    "args": null,
                    "concreteType": "Link",
                    "kind": "LinkedField",
                    "name": "node",
                    "plural": false,
                    "selections": [
                      (v2/*:: as any*/),
                      (v9/*:: as any*/),
                      (v10/*:: as any*/),
                      (v11/*:: as any*/),
                      (v12/*:: as any*/)
                    ],
                    "storageKey": null
                  }
                ],
                "storageKey": null
              }
            ],
            "storageKey": "links(first:10)"
          },
          (v14/*:: as any*/)
        ],
        "storageKey": null
      },
      {
        "alias": null,
        "args": (v15/*:: as any*/),
        "concreteType": "RewardConnection",
        "kind": "LinkedField",
        "name": "rewards",
        "plural": false,
        "selections": [
          {
            "alias": null,
            "args": null,
            "concreteType": "RewardEdge",
            "kind": "LinkedField",
            "name": "edges",
            "plural": true,
            "selections": [
              {
                "alias": null,
                "args": null,
                "concreteType": "Reward",
                "kind": "LinkedField",
                "name": "node",
                "plural": false,
                "selections": [
                  (v2/*:: as any*/),
                  (v16/*:: as any*/),
                  (v11/*:: as any*/),
                  (v13/*:: as any*/),
                  (v5/*:: as any*/),
                  (v17/*:: as any*/),
                  (v12/*:: as any*/)
                ],
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
  },
  "kind": "Request",
  "operation": {
    "argumentDefinitions": (v0/*:: as any*/),
    "kind": "Operation",
    "name": "analyticsAdvocateQuery",
    "selections": [
      {
        "alias": null,
        "args": (v1/*:: as any*/),
        "concreteType": "Advocate",
        "kind": "LinkedField",
        "name": "advocate",
        "plural": false,
        "selections": [
          (v2/*:: as any*/),
          (v3/*:: as any*/),
          (v4/*:: as any*/),
          (v5/*:: as any*/),
          (v7/*:: as any*/),
          {
            "alias": null,
            "args": (v8/*:: as any*/),
            "concreteType": "LinkConnection",
            "kind": "LinkedField",
            "name": "links",
            "plural": false,
            "selections": [
              {
                "alias": null,
                "args": null,
                "concreteType": "LinkEdge",
                "kind": "LinkedField",
                "name": "edges",
                "plural": true,
                "selections": [
                  {
                    "alias": null,
                    "args": null,
                    "concreteType": "Link",
                    "kind": "LinkedField",
                    "name": "node",
                    "plural": false,
                    "selections": [
                      (v2/*:: as any*/),
                      (v9/*:: as any*/),
                      (v10/*:: as any*/),
                      (v11/*:: as any*/),
                      (v18/*:: as any*/)
                    ],
                    "storageKey": null
                  }
                ],
                "storageKey": null
              }
            ],
            "storageKey": "links(first:10)"
          },
          (v14/*:: as any*/)
        ],
        "storageKey": null
      },
      {
        "alias": null,
        "args": (v15/*:: as any*/),
        "concreteType": "RewardConnection",
        "kind": "LinkedField",
        "name": "rewards",
        "plural": false,
        "selections": [
          {
            "alias": null,
            "args": null,
            "concreteType": "RewardEdge",
            "kind": "LinkedField",
            "name": "edges",
            "plural": true,
            "selections": [
              {
                "alias": null,
                "args": null,
                "concreteType": "Reward",
                "kind": "LinkedField",
                "name": "node",
                "plural": false,
                "selections": [
                  (v2/*:: as any*/),
                  (v16/*:: as any*/),
                  (v11/*:: as any*/),
                  (v13/*:: as any*/),
                  (v5/*:: as any*/),
                  (v17/*:: as any*/),
                  (v18/*:: as any*/)
                ],
                "storageKey": null
              }
            ],
            "storageKey": null
          }
        ],
        "storageKey": null
      }
    ]
  },
  "params": {
    "cacheID": "70a6ded5711cf51c3455d5da41e2e516",
    "id": null,
    "metadata": {},
    "name": "analyticsAdvocateQuery",
    "operationKind": "query",
    "text": "query analyticsAdvocateQuery(\n  $id: ID!\n) {\n  advocate(id: $id) {\n    id\n    name\n    email\n    createdAt\n    earnings {\n      pending {\n        formatted\n      }\n      approved {\n        formatted\n      }\n      paid {\n        formatted\n      }\n    }\n    links(first: 10) {\n      edges {\n        node {\n          id\n          code\n          shareUrl\n          status\n          campaign {\n            name\n            id\n          }\n        }\n      }\n    }\n    ledger(first: 20) {\n      edges {\n        node {\n          id\n          kind\n          amount {\n            formatted\n          }\n          test\n          createdAt\n        }\n      }\n    }\n  }\n  rewards(advocateId: $id, last: 20) {\n    edges {\n      node {\n        id\n        description\n        status\n        test\n        createdAt\n        value {\n          formatted\n        }\n        campaign {\n          name\n          id\n        }\n      }\n    }\n  }\n}\n"
  }
};
})();

(node as any).hash = "78d09586183180e746302294b5201d54";

export default node;
