/**
 * @generated SignedSource<<74d084c2c000c946a9360ba4b575ecb1>>
 * @lightSyntaxTransform
 */

/* tslint:disable */
/* eslint-disable */
// @ts-nocheck

import { ConcreteRequest } from 'relay-runtime';
export type Role = "ADMIN" | "ANALYST" | "BOT" | "INTEGRATION" | "MANAGER" | "OWNER" | "%future added value";
export type appViewerQuery$variables = Record<PropertyKey, never>;
export type appViewerQuery$data = {
  readonly me: {
    readonly permissions: ReadonlyArray<string>;
    readonly role: Role | null | undefined;
    readonly user: {
      readonly email: string;
      readonly id: string;
      readonly name: string;
      readonly role: Role;
    } | null | undefined;
  };
};
export type appViewerQuery = {
  response: appViewerQuery$data;
  variables: appViewerQuery$variables;
};

const node: ConcreteRequest = (function(){
var v0 = {
  "alias": null,
  "args": null,
  "kind": "ScalarField",
  "name": "role",
  "storageKey": null
},
v1 = [
  {
    "alias": null,
    "args": null,
    "concreteType": "Me",
    "kind": "LinkedField",
    "name": "me",
    "plural": false,
    "selections": [
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
          (v0/*:: as any*/)
        ],
        "storageKey": null
      },
      (v0/*:: as any*/),
      {
        "alias": null,
        "args": null,
        "kind": "ScalarField",
        "name": "permissions",
        "storageKey": null
      }
    ],
    "storageKey": null
  }
];
return {
  "fragment": {
    "argumentDefinitions": [],
    "kind": "Fragment",
    "metadata": null,
    "name": "appViewerQuery",
    "selections": (v1/*:: as any*/),
    "type": "Query",
    "abstractKey": null
  },
  "kind": "Request",
  "operation": {
    "argumentDefinitions": [],
    "kind": "Operation",
    "name": "appViewerQuery",
    "selections": (v1/*:: as any*/)
  },
  "params": {
    "cacheID": "0142f40e159abb19ac32c72293df98bd",
    "id": null,
    "metadata": {},
    "name": "appViewerQuery",
    "operationKind": "query",
    "text": "query appViewerQuery {\n  me {\n    user {\n      id\n      name\n      email\n      role\n    }\n    role\n    permissions\n  }\n}\n"
  }
};
})();

(node as any).hash = "a51fce7e2207b6fca657af7e13403d5f";

export default node;
