"""GraphQL over HTTP media types: `application/graphql-response+json` on request, 400 for a
request that never executed; `application/json` and 200 for everyone else, as before."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from server.graphql.http import GRAPHQL_RESPONSE_JSON, JSON, negotiate

NEW = {"accept": GRAPHQL_RESPONSE_JSON}
LEGACY = {"accept": JSON}


async def _post(
    client: httpx.AsyncClient, headers: dict[str, str], query: str, **variables: Any
) -> httpx.Response:
    return await client.post(
        "/graphql", json={"query": query, "variables": variables}, headers=headers
    )


def _media_type(response: httpx.Response) -> str:
    return response.headers["content-type"].split(";")[0].strip()


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        (None, JSON),
        ("", JSON),
        ("*/*", JSON),
        ("application/*", JSON),
        ("text/html", JSON),
        (JSON, JSON),
        (GRAPHQL_RESPONSE_JSON, GRAPHQL_RESPONSE_JSON),
        ("Application/GraphQL-Response+JSON", GRAPHQL_RESPONSE_JSON),
        # What the spec recommends clients send.
        (
            "application/graphql-response+json; charset=utf-8, application/json; charset=utf-8",
            GRAPHQL_RESPONSE_JSON,
        ),
        ("application/graphql-response+json, application/json;q=0.9", GRAPHQL_RESPONSE_JSON),
        ("application/json, application/graphql-response+json;q=0.9", JSON),
        ("application/graphql-response+json;q=0.5, */*", JSON),
        ("application/graphql-response+json;q=0", JSON),
        ("application/graphql-response+json;q=bogus", JSON),
        (
            "application/json;q=0.1, */*, application/graphql-response+json;q=0.5",
            GRAPHQL_RESPONSE_JSON,
        ),
    ],
)
def test_negotiate(accept: str | None, expected: str) -> None:
    assert negotiate(accept) == expected


async def test_success_in_the_media_type_asked_for(anonymous: httpx.AsyncClient) -> None:
    new = await _post(anonymous, NEW, "{ __typename }")
    assert new.status_code == 200
    assert new.headers["content-type"] == f"{GRAPHQL_RESPONSE_JSON}; charset=utf-8"
    assert new.json()["data"] == {"__typename": "Query"}
    assert "accept" in new.headers["vary"].lower()

    for headers in (LEGACY, {"accept": "*/*"}, {}):
        legacy = await _post(anonymous, headers, "{ __typename }")
        assert legacy.status_code == 200, headers
        assert _media_type(legacy) == JSON, headers
        assert legacy.json()["data"] == {"__typename": "Query"}


async def test_get_queries_negotiate_too(anonymous: httpx.AsyncClient) -> None:
    response = await anonymous.get("/graphql", params={"query": "{ __typename }"}, headers=NEW)
    assert response.status_code == 200 and _media_type(response) == GRAPHQL_RESPONSE_JSON
    assert response.json()["data"] == {"__typename": "Query"}


@pytest.mark.parametrize(
    ("query", "variables"),
    [
        pytest.param("{", {}, id="parse"),
        pytest.param("{ noSuchField }", {}, id="validation"),
        pytest.param(
            "query Q($name: String!) { __type(name: $name) { name } }",
            {"name": None},
            id="variable-coercion",
        ),
        # Our own limits reject before execution as well.
        pytest.param("{ " + "__typename " * 2100 + "}", {}, id="token-limit"),
    ],
)
async def test_request_errors(
    anonymous: httpx.AsyncClient, query: str, variables: dict[str, Any]
) -> None:
    new = await _post(anonymous, NEW, query, **variables)
    assert new.status_code == 400
    assert _media_type(new) == GRAPHQL_RESPONSE_JSON
    body = new.json()
    assert "data" not in body and body["errors"], body

    # application/json keeps today's answer: 200 with `"data": null`.
    legacy = await _post(anonymous, LEGACY, query, **variables)
    assert legacy.status_code == 200 and _media_type(legacy) == JSON
    assert legacy.json()["data"] is None and legacy.json()["errors"]
    assert legacy.json()["errors"] == body["errors"]


async def test_field_errors_are_still_200(anonymous: httpx.AsyncClient) -> None:
    """A field error is a partial response, even when it nulls all of `data`."""
    # staffUsers is non-null and needs USERS_MANAGE: its FORBIDDEN nulls the whole of data.
    nulled = await _post(anonymous, NEW, "{ staffUsers { nodes { id } } }")
    assert nulled.status_code == 200 and _media_type(nulled) == GRAPHQL_RESPONSE_JSON
    body = nulled.json()
    assert body["data"] is None
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert body["errors"][0]["path"] == ["staffUsers"]

    partial = await _post(anonymous, NEW, '{ __typename campaign(slug: "x") { id } }')
    assert partial.status_code == 200 and _media_type(partial) == GRAPHQL_RESPONSE_JSON
    assert partial.json()["data"] == {"__typename": "Query", "campaign": None}
    assert partial.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_signed_in_callers_negotiate_the_same(client: httpx.AsyncClient) -> None:
    ok = await _post(client, NEW, "{ me { role } }")
    assert ok.status_code == 200 and _media_type(ok) == GRAPHQL_RESPONSE_JSON
    assert ok.json()["data"] == {"me": {"role": "OWNER"}}
    assert ok.json()["extensions"]["cost"]["requested"] == 2

    invalid = await _post(client, NEW, "{ me { noSuchField } }")
    assert invalid.status_code == 400 and "data" not in invalid.json()


async def test_transport_errors_are_unchanged(anonymous: httpx.AsyncClient) -> None:
    """Requests that are not GraphQL-over-HTTP requests at all keep Strawberry's 4xx answers."""
    not_json = await anonymous.post(
        "/graphql",
        content=b'{ "not a JSON',
        headers={**NEW, "content-type": "application/json"},
    )
    assert not_json.status_code == 400
    mutation_by_get = await anonymous.get(
        "/graphql", params={"query": "mutation { __typename }"}, headers=NEW
    )
    assert 400 <= mutation_by_get.status_code < 500


@pytest.mark.parametrize(
    ("content_type", "body", "status", "text"),
    [
        ("application/json", b'{"query": "{ __typename }"}', 200, '"__typename":"Query"'),
        ("Application/JSON; charset=UTF-8", b'{"query": "{ __typename }"}', 200, "Query"),
        ("application/json", b'[{"query": "{ __typename }"}]', 400, "Batching is not enabled"),
        ("application/json", b'{"query": 5}', 400, "must be a string or null"),
        ("application/json", b'{"query": "{ __typename }", "variables": []}', 400, "object"),
        ("application/json", b'{"query": "{ __typename }", "extensions": 1}', 400, "object"),
        ("application/json", b'{"query": "{ __typename \\u0000 }"}', 400, ""),
        ("application/json", b"{}", 400, "No GraphQL query found in the request"),
        ("application/json", b"7", 400, "must be an object"),
        ("application/json", b"\xff", 400, "Unable to parse request body as JSON"),
        ("text/plain", b'{"query": "{ __typename }"}', 400, "Unsupported content type"),
    ],
)
async def test_posted_bodies_are_answered_as_by_the_view(
    anonymous: httpx.AsyncClient, content_type: str, body: bytes, status: int, text: str
) -> None:
    """A plain JSON operation takes the endpoint's short path; every other body the full view.
    Either way the answer is the one Strawberry's view gives."""
    response = await anonymous.post(
        "/graphql", content=body, headers={"content-type": content_type}
    )
    assert response.status_code == status, response.text
    assert text in response.text
    if status != 200:  # a request error is a GraphQL error a client can read, with a code
        (error,) = response.json()["errors"]
        assert text in error["message"] and error["extensions"]["code"] in (
            "BAD_REQUEST",
            "UNSUPPORTED_MEDIA_TYPE",
        ), error


@pytest.mark.parametrize(
    "body",
    [b'{"query": "{ __typename }"}', b'{ "not a JSON', b'{"query": "{ __typename \\u0000 }"}'],
)
async def test_credentials_are_checked_before_the_body(
    anonymous: httpx.AsyncClient, body: bytes
) -> None:
    """A refused credential answers 401 whatever the body: authentication comes first. The
    answer is a GraphQL error with its code (it was a plain-text line a GraphQL client cannot
    read) and carries the Bearer challenge a 401 must."""
    response = await anonymous.post(
        "/graphql",
        content=body,
        headers={"content-type": "application/json", "authorization": "Bearer nonsense"},
    )
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    [error] = response.json()["errors"]
    assert error["extensions"]["code"] == "UNAUTHENTICATED"
    assert "Session expired or signed out" in error["message"]


CREATE_KEY = """mutation { createApiKey(input: {name: "shop", role: INTEGRATION}) {
  ... on CreatedApiKey { secret } } }"""


async def test_refused_credentials_are_graphql_errors_with_codes(
    anonymous: httpx.AsyncClient, client: httpx.AsyncClient
) -> None:
    """An unknown API key, a malformed Authorization header, an acting Slack user that is no
    Slack id and a non-bot key acting for someone: each a 401 with a JSON error and code."""
    made = await client.post("/graphql", json={"query": CREATE_KEY})
    key = made.json()["data"]["createApiKey"]["secret"]
    cases = [
        {"authorization": "Basic abc"},
        {"authorization": "Bearer vch_live_0_nope"},
        {"x-vouch-acting-slack-user": "not an id"},
        {"authorization": f"Bearer {key}", "x-vouch-acting-slack-user": "U0SHOP01"},
    ]
    for headers in cases:
        answer = await anonymous.post(
            "/graphql", json={"query": "{ me { role } }"}, headers=headers
        )
        assert answer.status_code == 401, (headers, answer.text)
        assert answer.headers["content-type"] == "application/json", headers
        assert answer.headers["www-authenticate"] == "Bearer", headers
        assert answer.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED", headers


async def test_rate_limit_headers_and_vary_on_the_short_path(client: httpx.AsyncClient) -> None:
    response = await client.post("/graphql", json={"query": "{ __typename }"})
    assert response.status_code == 200
    assert response.json() == {
        "data": {"__typename": "Query"},
        "extensions": response.json()["extensions"],
    }
    assert response.headers["ratelimit-limit"] and response.headers["ratelimit-remaining"]
    assert "accept" in response.headers["vary"].lower()
    assert _media_type(response) == JSON


async def test_a_document_of_several_operations_runs_the_one_named(
    anonymous: httpx.AsyncClient,
) -> None:
    """The spec's GetOperation: with several operations the request names one, else it is a
    request error (Strawberry alone would run the first)."""
    several = "query A { __typename } query B { me { role } }"
    unnamed = await anonymous.post("/graphql", json={"query": several}, headers=NEW)
    assert unnamed.status_code == 400, unnamed.text
    assert "Must provide operation name if query contains multiple operations" in unnamed.text
    by_get = await anonymous.get("/graphql", params={"query": several}, headers=NEW)
    assert by_get.status_code == 400 and "Must provide operation name" in by_get.text

    named = await anonymous.post(
        "/graphql", json={"query": several, "operationName": "A"}, headers=NEW
    )
    assert named.status_code == 200 and named.json()["data"] == {"__typename": "Query"}
    unknown = await anonymous.post(
        "/graphql", json={"query": several, "operationName": "C"}, headers=NEW
    )
    assert unknown.status_code == 400, unknown.text
    assert unknown.json()["errors"] == [
        {"message": 'Unknown operation named "C".', "extensions": {"code": "BAD_REQUEST"}}
    ]

    # One operation needs no name; a document of fragments only has none to run.
    only = await anonymous.post("/graphql", json={"query": "query A { __typename }"}, headers=NEW)
    assert only.status_code == 200 and only.json()["data"] == {"__typename": "Query"}
    fragments = await anonymous.post(
        "/graphql", json={"query": "fragment F on Query { __typename }"}, headers=NEW
    )
    assert fragments.status_code == 400 and "Must provide an operation" in fragments.text


async def test_a_documents_later_requests_coerce_their_own_variables(
    anonymous: httpx.AsyncClient,
) -> None:
    """A document's operation and fragments are found once (server.graphql.direct); each
    request's variables are still coerced, and refused, on their own."""
    query = "query Q($name: String!) { __type(name: $name) { ...F } } fragment F on __Type { name }"
    first = await _post(anonymous, NEW, query, name="Query")
    assert first.status_code == 200 and first.json()["data"] == {"__type": {"name": "Query"}}
    again = await _post(anonymous, NEW, query, name="Mutation")
    assert again.json()["data"] == {"__type": {"name": "Mutation"}}
    wrong = await _post(anonymous, NEW, query, name=5)
    assert wrong.status_code == 400 and "data" not in wrong.json()
    assert "String cannot represent a non string value" in wrong.json()["errors"][0]["message"]
    missing = await _post(anonymous, NEW, query)
    assert missing.status_code == 400 and "data" not in missing.json()


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"query": "{ campaigns("}, "GRAPHQL_PARSE_FAILED"),
        ({"query": "{ campaigns { nope } }"}, "GRAPHQL_VALIDATION_FAILED"),
        (
            {"query": "mutation { recordConversion(input: {}) { __typename } }"},
            "GRAPHQL_VALIDATION_FAILED",
        ),
        ({"query": "query($n: Int!) { campaigns(first: $n) { nodes { id } } }"}, "INVALID_INPUT"),
        (
            {
                "query": "query($n: Int!) { campaigns(first: $n) { nodes { id } } }",
                "variables": {"n": "x"},
            },
            "INVALID_INPUT",
        ),
    ],
)
async def test_every_request_error_has_a_code(
    client: httpx.AsyncClient, body: dict[str, Any], code: str
) -> None:
    """A syntax error, a document the schema refuses and variables that do not fit answered
    errors without `extensions.code`: a client handling errors by code had nothing to go by."""
    for accept in ("application/json", "application/graphql-response+json"):
        response = await client.post("/graphql", json=body, headers={"accept": accept})
        errors = response.json()["errors"]
        assert errors and all(e["extensions"]["code"] == code for e in errors), errors
