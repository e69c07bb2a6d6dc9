/**
 * @generated SignedSource<<28b20f6f88a40247df298a8afc5909d4>>
 * @lightSyntaxTransform
 */

/* tslint:disable */
/* eslint-disable */
// @ts-nocheck

import { ConcreteRequest } from 'relay-runtime';
export type ErrorCode = "ALREADY_USED" | "CONFLICT" | "EXPIRED" | "FORBIDDEN" | "INVALID_INPUT" | "INVALID_STATE" | "INVALID_TOKEN" | "NOT_FOUND" | "RATE_LIMITED" | "SERVICE_UNAVAILABLE" | "TRANSIENT" | "UNAUTHENTICATED" | "%future added value";
export type webhooksDeleteMutation$variables = {
  id: string;
};
export type webhooksDeleteMutation$data = {
  readonly deleteWebhookEndpoint: {
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
export type webhooksDeleteMutation = {
  response: webhooksDeleteMutation$data;
  variables: webhooksDeleteMutation$variables;
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
    "concreteType": null,
    "kind": "LinkedField",
    "name": "deleteWebhookEndpoint",
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
    "name": "webhooksDeleteMutation",
    "selections": (v1/*:: as any*/),
    "type": "Mutation",
    "abstractKey": null
  },
  "kind": "Request",
  "operation": {
    "argumentDefinitions": (v0/*:: as any*/),
    "kind": "Operation",
    "name": "webhooksDeleteMutation",
    "selections": (v1/*:: as any*/)
  },
  "params": {
    "cacheID": "d0ab67c3a34645881c3fb1407222e64f",
    "id": null,
    "metadata": {},
    "name": "webhooksDeleteMutation",
    "operationKind": "mutation",
    "text": "mutation webhooksDeleteMutation(\n  $id: ID!\n) {\n  deleteWebhookEndpoint(id: $id) {\n    __typename\n    ... on UserError {\n      code\n      message\n      field\n    }\n  }\n}\n"
  }
};
})();

(node as any).hash = "8e72c9b036755976d25e1e1f8b249f55";

export default node;
