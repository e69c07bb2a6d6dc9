/**
 * @generated SignedSource<<bb9e2badb2d727b846cd04cc53480200>>
 * @lightSyntaxTransform
 */

/* tslint:disable */
/* eslint-disable */
// @ts-nocheck

import { ConcreteRequest } from 'relay-runtime';
export type CampaignPhase = "ARCHIVED" | "DRAFT" | "ENDED" | "LIVE" | "PAUSED" | "SCHEDULED" | "%future added value";
export type analyticsCampaignsQuery$variables = Record<PropertyKey, never>;
export type analyticsCampaignsQuery$data = {
  readonly campaigns: {
    readonly edges: ReadonlyArray<{
      readonly node: {
        readonly id: string;
        readonly name: string;
        readonly phase: CampaignPhase;
      };
    }>;
  };
};
export type analyticsCampaignsQuery = {
  response: analyticsCampaignsQuery$data;
  variables: analyticsCampaignsQuery$variables;
};

const node: ConcreteRequest = (function(){
var v0 = [
  {
    "alias": null,
    "args": [
      {
        "kind": "Literal",
        "name": "first",
        "value": 50
      }
    ],
    "concreteType": "CampaignConnection",
    "kind": "LinkedField",
    "name": "campaigns",
    "plural": false,
    "selections": [
      {
        "alias": null,
        "args": null,
        "concreteType": "CampaignEdge",
        "kind": "LinkedField",
        "name": "edges",
        "plural": true,
        "selections": [
          {
            "alias": null,
            "args": null,
            "concreteType": "Campaign",
            "kind": "LinkedField",
            "name": "node",
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
                "name": "phase",
                "storageKey": null
              }
            ],
            "storageKey": null
          }
        ],
        "storageKey": null
      }
    ],
    "storageKey": "campaigns(first:50)"
  }
];
return {
  "fragment": {
    "argumentDefinitions": [],
    "kind": "Fragment",
    "metadata": null,
    "name": "analyticsCampaignsQuery",
    "selections": (v0/*:: as any*/),
    "type": "Query",
    "abstractKey": null
  },
  "kind": "Request",
  "operation": {
    "argumentDefinitions": [],
    "kind": "Operation",
    "name": "analyticsCampaignsQuery",
    "selections": (v0/*:: as any*/)
  },
  "params": {
    "cacheID": "bab31efda1893d8394c81b016f393cde",
    "id": null,
    "metadata": {},
    "name": "analyticsCampaignsQuery",
    "operationKind": "query",
    "text": "query analyticsCampaignsQuery {\n  campaigns(first: 50) {\n    edges {\n      node {\n        id\n        name\n        phase\n      }\n    }\n  }\n}\n"
  }
};
})();

(node as any).hash = "4f3c228240c4a18a102e6ea5c6c17169";

export default node;
