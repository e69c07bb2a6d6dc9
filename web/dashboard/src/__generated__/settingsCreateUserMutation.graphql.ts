/**
 * @generated SignedSource<<7dfc63135e8ab48ab4dc4db946b94eaa>>
 * @lightSyntaxTransform
 */

/* tslint:disable */
/* eslint-disable */
// @ts-nocheck

import { ConcreteRequest } from 'relay-runtime';
export type ErrorCode = "ALREADY_USED" | "CONFLICT" | "EXPIRED" | "FORBIDDEN" | "INVALID_INPUT" | "INVALID_STATE" | "INVALID_TOKEN" | "NOT_FOUND" | "RATE_LIMITED" | "SERVICE_UNAVAILABLE" | "TRANSIENT" | "UNAUTHENTICATED" | "%future added value";
export type Role = "ADMIN" | "ANALYST" | "BOT" | "INTEGRATION" | "MANAGER" | "OWNER" | "%future added value";
export type CreateStaffUserInput = {
  email: string;
  name: string;
  password?: string | null | undefined;
  role: Role;
};
export type settingsCreateUserMutation$variables = {
  input: CreateStaffUserInput;
};
export type settingsCreateUserMutation$data = {
  readonly createStaffUser: {
    readonly __typename: "CreatedStaffUser";
    readonly generatedPassword: string | null | undefined;
    readonly user: {
      readonly active: boolean;
      readonly email: string;
      readonly id: string;
      readonly name: string;
      readonly role: Role;
      readonly slackUserId: string | null | undefined;
    };
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
export type settingsCreateUserMutation = {
  response: settingsCreateUserMutation$data;
  variables: settingsCreateUserMutation$variables;
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
    "name": "createStaffUser",
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
            "name": "generatedPassword",
            "storageKey": null
          },
          {
            "alias": null,
            "args": null,
            "concreteType": "StaffUser",
            "kind": "LinkedField",
            "name": "user",
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
                "name": "email",
                "storageKey": null
              },
              {
                "alias": null,
                "args": null,
                "kind": "ScalarField",
                "name": "role",
                "storageKey": null
              },
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
        "type": "CreatedStaffUser",
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
    "name": "settingsCreateUserMutation",
    "selections": (v1/*:: as any*/),
    "type": "Mutation",
    "abstractKey": null
  },
  "kind": "Request",
  "operation": {
    "argumentDefinitions": (v0/*:: as any*/),
    "kind": "Operation",
    "name": "settingsCreateUserMutation",
    "selections": (v1/*:: as any*/)
  },
  "params": {
    "cacheID": "3786694a4be131b610230c8ccd104608",
    "id": null,
    "metadata": {},
    "name": "settingsCreateUserMutation",
    "operationKind": "mutation",
    "text": "mutation settingsCreateUserMutation(\n  $input: CreateStaffUserInput!\n) {\n  createStaffUser(input: $input) {\n    __typename\n    ... on CreatedStaffUser {\n      generatedPassword\n      user {\n        id\n        name\n        email\n        role\n        active\n        slackUserId\n      }\n    }\n    ... on UserError {\n      code\n      message\n      field\n    }\n  }\n}\n"
  }
};
})();

(node as any).hash = "62d8536bb1db6cafc9d3d251123ae661";

export default node;
