/**
 * @generated SignedSource<<5c153705324e5213ebba4494d903193c>>
 * @lightSyntaxTransform
 */

/* tslint:disable */
/* eslint-disable */
// @ts-nocheck

import { ConcreteRequest } from 'relay-runtime';
export type Role = "ADMIN" | "ANALYST" | "BOT" | "INTEGRATION" | "MANAGER" | "OWNER" | "%future added value";
export type settingsQuery$variables = {
  action?: string | null | undefined;
  auditCount: number;
  canAudit: boolean;
  canHooks: boolean;
  canKeys: boolean;
  canUsers: boolean;
  since?: any | null | undefined;
  targetType?: string | null | undefined;
};
export type settingsQuery$data = {
  readonly apiKeys?: {
    readonly edges: ReadonlyArray<{
      readonly node: {
        readonly createdAt: any;
        readonly id: string;
        readonly lastUsedAt: any | null | undefined;
        readonly name: string;
        readonly prefix: string;
        readonly revokedAt: any | null | undefined;
        readonly role: Role;
        readonly test: boolean;
      };
    }>;
  };
  readonly auditLog?: {
    readonly edges: ReadonlyArray<{
      readonly node: {
        readonly action: string;
        readonly actorId: string | null | undefined;
        readonly actorKind: string;
        readonly createdAt: any;
        readonly id: string;
        readonly targetId: string;
        readonly targetType: string;
      };
    }>;
    readonly pageInfo: {
      readonly hasNextPage: boolean;
    };
  };
  readonly staffUsers?: {
    readonly edges: ReadonlyArray<{
      readonly node: {
        readonly active: boolean;
        readonly email: string;
        readonly id: string;
        readonly name: string;
        readonly role: Role;
        readonly slackUserId: string | null | undefined;
      };
    }>;
  };
  readonly webhookEndpoints?: {
    readonly edges: ReadonlyArray<{
      readonly node: {
        readonly description: string;
        readonly disabledReason: string;
        readonly enabled: boolean;
        readonly eventTypes: ReadonlyArray<string>;
        readonly id: string;
        readonly url: string;
      };
    }>;
  };
};
export type settingsQuery = {
  response: settingsQuery$data;
  variables: settingsQuery$variables;
};

const node: ConcreteRequest = (function(){
var v0 = {
  "defaultValue": null,
  "kind": "LocalArgument",
  "name": "action"
},
v1 = {
  "defaultValue": null,
  "kind": "LocalArgument",
  "name": "auditCount"
},
v2 = {
  "defaultValue": null,
  "kind": "LocalArgument",
  "name": "canAudit"
},
v3 = {
  "defaultValue": null,
  "kind": "LocalArgument",
  "name": "canHooks"
},
v4 = {
  "defaultValue": null,
  "kind": "LocalArgument",
  "name": "canKeys"
},
v5 = {
  "defaultValue": null,
  "kind": "LocalArgument",
  "name": "canUsers"
},
v6 = {
  "defaultValue": null,
  "kind": "LocalArgument",
  "name": "since"
},
v7 = {
  "defaultValue": null,
  "kind": "LocalArgument",
  "name": "targetType"
},
v8 = [
  {
    "kind": "Literal",
    "name": "first",
    "value": 50
  }
],
v9 = {
  "alias": null,
  "args": null,
  "kind": "ScalarField",
  "name": "id",
  "storageKey": null
},
v10 = {
  "alias": null,
  "args": null,
  "kind": "ScalarField",
  "name": "name",
  "storageKey": null
},
v11 = {
  "alias": null,
  "args": null,
  "kind": "ScalarField",
  "name": "role",
  "storageKey": null
},
v12 = {
  "alias": null,
  "args": null,
  "kind": "ScalarField",
  "name": "createdAt",
  "storageKey": null
},
v13 = [
  {
    "condition": "canUsers",
    "kind": "Condition",
    "passingValue": true,
    "selections": [
      {
        "alias": null,
        "args": (v8/*:: as any*/),
        "concreteType": "StaffUserConnection",
        "kind": "LinkedField",
        "name": "staffUsers",
        "plural": false,
        "selections": [
          {
            "alias": null,
            "args": null,
            "concreteType": "StaffUserEdge",
            "kind": "LinkedField",
            "name": "edges",
            "plural": true,
            "selections": [
              {
                "alias": null,
                "args": null,
                "concreteType": "StaffUser",
                "kind": "LinkedField",
                "name": "node",
                "plural": false,
                "selections": [
                  (v9/*:: as any*/),
                  (v10/*:: as any*/),
                  {
                    "alias": null,
                    "args": null,
                    "kind": "ScalarField",
                    "name": "email",
                    "storageKey": null
                  },
                  (v11/*:: as any*/),
                  {
                    "alias": null,
                    "args": null,
                    "kind": "ScalarField",
                    "name": "active",
                    "storageKey": null
                  },
                  {
                    "alias": null,
                    "args": null,
                    "kind": "ScalarField",
                    "name": "slackUserId",
                    "storageKey": null
                  }
                ],
                "storageKey": null
              }
            ],
            "storageKey": null
          }
        ],
        "storageKey": "staffUsers(first:50)"
      }
    ]
  },
  {
    "condition": "canKeys",
    "kind": "Condition",
    "passingValue": true,
    "selections": [
      {
        "alias": null,
        "args": (v8/*:: as any*/),
        "concreteType": "ApiKeyConnection",
        "kind": "LinkedField",
        "name": "apiKeys",
        "plural": false,
        "selections": [
          {
            "alias": null,
            "args": null,
            "concreteType": "ApiKeyEdge",
            "kind": "LinkedField",
            "name": "edges",
            "plural": true,
            "selections": [
              {
                "alias": null,
                "args": null,
                "concreteType": "ApiKey",
                "kind": "LinkedField",
                "name": "node",
                "plural": false,
                "selections": [
                  (v9/*:: as any*/),
                  (v10/*:: as any*/),
                  (v11/*:: as any*/),
                  {
                    "alias": null,
                    "args": null,
                    "kind": "ScalarField",
                    "name": "test",
                    "storageKey": null
                  },
                  {
                    "alias": null,
                    "args": null,
                    "kind": "ScalarField",
                    "name": "prefix",
                    "storageKey": null
                  },
                  (v12/*:: as any*/),
                  {
                    "alias": null,
                    "args": null,
                    "kind": "ScalarField",
                    "name": "revokedAt",
                    "storageKey": null
                  },
                  {
                    "alias": null,
                    "args": null,
                    "kind": "ScalarField",
                    "name": "lastUsedAt",
                    "storageKey": null
                  }
                ],
                "storageKey": null
              }
            ],
            "storageKey": null
          }
        ],
        "storageKey": "apiKeys(first:50)"
      }
    ]
  },
  {
    "condition": "canHooks",
    "kind": "Condition",
    "passingValue": true,
    "selections": [
      {
        "alias": null,
        "args": (v8/*:: as any*/),
        "concreteType": "WebhookEndpointConnection",
        "kind": "LinkedField",
        "name": "webhookEndpoints",
        "plural": false,
        "selections": [
          {
            "alias": null,
            "args": null,
            "concreteType": "WebhookEndpointEdge",
            "kind": "LinkedField",
            "name": "edges",
            "plural": true,
            "selections": [
              {
                "alias": null,
                "args": null,
                "concreteType": "WebhookEndpoint",
                "kind": "LinkedField",
                "name": "node",
                "plural": false,
                "selections": [
                  (v9/*:: as any*/),
                  {
                    "alias": null,
                    "args": null,
                    "kind": "ScalarField",
                    "name": "url",
                    "storageKey": null
                  },
                  {
                    "alias": null,
                    "args": null,
                    "kind": "ScalarField",
                    "name": "description",
                    "storageKey": null
                  },
                  {
                    "alias": null,
                    "args": null,
                    "kind": "ScalarField",
                    "name": "enabled",
                    "storageKey": null
                  },
                  {
                    "alias": null,
                    "args": null,
                    "kind": "ScalarField",
                    "name": "disabledReason",
                    "storageKey": null
                  },
                  {
                    "alias": null,
                    "args": null,
                    "kind": "ScalarField",
                    "name": "eventTypes",
                    "storageKey": null
                  }
                ],
                "storageKey": null
              }
            ],
            "storageKey": null
          }
        ],
        "storageKey": "webhookEndpoints(first:50)"
      }
    ]
  },
  {
    "condition": "canAudit",
    "kind": "Condition",
    "passingValue": true,
    "selections": [
      {
        "alias": null,
        "args": [
          {
            "kind": "Variable",
            "name": "action",
            "variableName": "action"
          },
          {
            "kind": "Variable",
            "name": "first",
            "variableName": "auditCount"
          },
          {
            "kind": "Variable",
            "name": "since",
            "variableName": "since"
          },
          {
            "kind": "Variable",
            "name": "targetType",
            "variableName": "targetType"
          }
        ],
        "concreteType": "AuditEventConnection",
        "kind": "LinkedField",
        "name": "auditLog",
        "plural": false,
        "selections": [
          {
            "alias": null,
            "args": null,
            "concreteType": "AuditEventEdge",
            "kind": "LinkedField",
            "name": "edges",
            "plural": true,
            "selections": [
              {
                "alias": null,
                "args": null,
                "concreteType": "AuditEvent",
                "kind": "LinkedField",
                "name": "node",
                "plural": false,
                "selections": [
                  (v9/*:: as any*/),
                  {
                    "alias": null,
                    "args": null,
                    "kind": "ScalarField",
                    "name": "action",
                    "storageKey": null
                  },
                  {
                    "alias": null,
                    "args": null,
                    "kind": "ScalarField",
                    "name": "actorKind",
                    "storageKey": null
                  },
                  {
                    "alias": null,
                    "args": null,
                    "kind": "ScalarField",
                    "name": "actorId",
                    "storageKey": null
                  },
                  {
                    "alias": null,
                    "args": null,
                    "kind": "ScalarField",
                    "name": "targetType",
                    "storageKey": null
                  },
                  {
                    "alias": null,
                    "args": null,
                    "kind": "ScalarField",
                    "name": "targetId",
                    "storageKey": null
                  },
                  (v12/*:: as any*/)
                ],
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
                "name": "hasNextPage",
                "storageKey": null
              }
            ],
            "storageKey": null
          }
        ],
        "storageKey": null
      }
    ]
  }
];
return {
  "fragment": {
    "argumentDefinitions": [
      (v0/*:: as any*/),
      (v1/*:: as any*/),
      (v2/*:: as any*/),
      (v3/*:: as any*/),
      (v4/*:: as any*/),
      (v5/*:: as any*/),
      (v6/*:: as any*/),
      (v7/*:: as any*/)
    ],
    "kind": "Fragment",
    "metadata": null,
    "name": "settingsQuery",
    "selections": (v13/*:: as any*/),
    "type": "Query",
    "abstractKey": null
  },
  "kind": "Request",
  "operation": {
    "argumentDefinitions": [
      (v0/*:: as any*/),
      (v7/*:: as any*/),
      (v6/*:: as any*/),
      (v1/*:: as any*/),
      (v5/*:: as any*/),
      (v4/*:: as any*/),
      (v2/*:: as any*/),
      (v3/*:: as any*/)
    ],
    "kind": "Operation",
    "name": "settingsQuery",
    "selections": (v13/*:: as any*/)
  },
  "params": {
    "cacheID": "fb86d0a0b08bb36f8d66c8495c92f670",
    "id": null,
    "metadata": {},
    "name": "settingsQuery",
    "operationKind": "query",
    "text": "query settingsQuery(\n  $action: String\n  $targetType: String\n  $since: DateTime\n  $auditCount: Int!\n  $canUsers: Boolean!\n  $canKeys: Boolean!\n  $canAudit: Boolean!\n  $canHooks: Boolean!\n) {\n  staffUsers(first: 50) @include(if: $canUsers) {\n    edges {\n      node {\n        id\n        name\n        email\n        role\n        active\n        slackUserId\n      }\n    }\n  }\n  apiKeys(first: 50) @include(if: $canKeys) {\n    edges {\n      node {\n        id\n        name\n        role\n        test\n        prefix\n        createdAt\n        revokedAt\n        lastUsedAt\n      }\n    }\n  }\n  webhookEndpoints(first: 50) @include(if: $canHooks) {\n    edges {\n      node {\n        id\n        url\n        description\n        enabled\n        disabledReason\n        eventTypes\n      }\n    }\n  }\n  auditLog(first: $auditCount, action: $action, targetType: $targetType, since: $since) @include(if: $canAudit) {\n    edges {\n      node {\n        id\n        action\n        actorKind\n        actorId\n        targetType\n        targetId\n        createdAt\n      }\n    }\n    pageInfo {\n      hasNextPage\n    }\n  }\n}\n"
  }
};
})();

(node as any).hash = "ad81209201fdff22125c90863b216e79";

export default node;
