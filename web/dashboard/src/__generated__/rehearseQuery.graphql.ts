/**
 * @generated SignedSource<<a4e31722727f84e8c05897f6d995f647>>
 * @lightSyntaxTransform
 */

/* tslint:disable */
/* eslint-disable */
// @ts-nocheck

import { ConcreteRequest } from 'relay-runtime';
export type CampaignPhase = "ARCHIVED" | "DRAFT" | "ENDED" | "LIVE" | "PAUSED" | "SCHEDULED" | "%future added value";
export type CampaignStatus = "ACTIVE" | "ARCHIVED" | "DRAFT" | "ENDED" | "PAUSED" | "%future added value";
export type PreflightFindingCode = "COUPON_OVERRIDES_ADVOCATE" | "CREDIT_CONCENTRATED" | "CREDIT_TO_OTHER_ADVOCATE" | "JOURNEY_REFUSED" | "LANDING_LOOPS_TO_REDIRECT" | "LANDING_UNREACHABLE" | "NO_REWARD_RULES" | "REWARD_TO_COMPANY_DOMAIN" | "REWARD_TO_STAFF" | "REWARD_TO_THIRD_PARTY" | "TEMPLATE_FOREIGN_LINK" | "TEMPLATE_MISSING_SHARE_URL" | "%future added value";
export type PreflightSeverity = "INFO" | "WARNING" | "%future added value";
export type rehearseQuery$variables = {
  id: string;
};
export type rehearseQuery$data = {
  readonly campaign: {
    readonly id: string;
    readonly name: string;
    readonly phase: CampaignPhase;
    readonly stats: {
      readonly clicks: number;
      readonly conversions: number;
      readonly signups: number;
    };
    readonly status: CampaignStatus;
    readonly testClock: any;
    readonly testMode: boolean;
  } | null | undefined;
  readonly campaignPreflight: {
    readonly findings: ReadonlyArray<{
      readonly code: PreflightFindingCode;
      readonly linkCode: string | null | undefined;
      readonly message: string;
      readonly severity: PreflightSeverity;
    }>;
    readonly simulatedAt: any;
  };
};
export type rehearseQuery = {
  response: rehearseQuery$data;
  variables: rehearseQuery$variables;
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
        "name": "testClock",
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
            "name": "signups",
            "storageKey": null
          },
          {
            "alias": null,
            "args": null,
            "kind": "ScalarField",
            "name": "conversions",
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
    "args": [
      {
        "kind": "Variable",
        "name": "campaignId",
        "variableName": "id"
      }
    ],
    "concreteType": "PreflightReport",
    "kind": "LinkedField",
    "name": "campaignPreflight",
    "plural": false,
    "selections": [
      {
        "alias": null,
        "args": null,
        "kind": "ScalarField",
        "name": "simulatedAt",
        "storageKey": null
      },
      {
        "alias": null,
        "args": null,
        "concreteType": "PreflightFinding",
        "kind": "LinkedField",
        "name": "findings",
        "plural": true,
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
            "name": "severity",
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
            "name": "linkCode",
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
    "name": "rehearseQuery",
    "selections": (v1/*:: as any*/),
    "type": "Query",
    "abstractKey": null
  },
  "kind": "Request",
  "operation": {
    "argumentDefinitions": (v0/*:: as any*/),
    "kind": "Operation",
    "name": "rehearseQuery",
    "selections": (v1/*:: as any*/)
  },
  "params": {
    "cacheID": "4111d46950344d6f801d375aa50eb749",
    "id": null,
    "metadata": {},
    "name": "rehearseQuery",
    "operationKind": "query",
    "text": "query rehearseQuery(\n  $id: ID!\n) {\n  campaign(id: $id) {\n    id\n    name\n    phase\n    status\n    testMode\n    testClock\n    stats {\n      clicks\n      signups\n      conversions\n    }\n  }\n  campaignPreflight(campaignId: $id) {\n    simulatedAt\n    findings {\n      code\n      severity\n      message\n      linkCode\n    }\n  }\n}\n"
  }
};
})();

(node as any).hash = "10f0c442f34cd3c8e630f35405b927fd";

export default node;
