"""Trusted documents: the bot's operations are registered by hash, and a bot key runs nothing else.

The registry (`trusted_documents.json`, `{sha256 hex of the document: document}`) is generated
from `bot/api/operations/*.graphql` by `vouch export-trusted-documents` and drift-tested. A
client may send a registered document by hash alone, Apollo's persisted-query form:
`{"extensions": {"persistedQuery": {"version": 1, "sha256Hash": "<hex>"}}}`; the server then
runs the registered text. A request from a `bot` key (on its own or acting for a Slack user)
runs only if the SHA-256 of the document it executes is in the registry, whether the document
came by hash or as text (the bot's subscription over WebSocket sends the text). Anything else
is refused before execution with a GraphQL error whose `extensions.code` is one of the codes below.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from functools import cache
from importlib import resources
from typing import Any

from graphql import GraphQLError
from strawberry.types import ExecutionContext
from strawberry.types.graphql import OperationType

from server.accounts.models import Role

MANIFEST = "trusted_documents.json"
NOT_FOUND = "PERSISTED_QUERY_NOT_FOUND"
HASH_MISMATCH = "PERSISTED_QUERY_HASH_MISMATCH"
REQUIRED = "TRUSTED_DOCUMENT_REQUIRED"


def _stand_in(allowed: Iterable[OperationType]) -> str:
    """A trivial document of an allowed type, run in place of a refused request's so that it
    reaches validation (where the refusal is answered) whatever its name or type."""
    kinds = set(allowed)
    kind = next(k for k in (*OperationType, None) if k is None or k in kinds)
    return f"{(kind or OperationType.QUERY).value} Refused {{ __typename }}"


def document_hash(document: str) -> str:
    return hashlib.sha256(document.encode()).hexdigest()


def manifest_text(documents: Mapping[str, str]) -> str:
    """The registry file for these documents (name -> text), sorted so diffs stay small."""
    by_hash = {document_hash(text): text for text in documents.values()}
    return json.dumps(dict(sorted(by_hash.items())), indent=2) + "\n"


@cache
def registry() -> Mapping[str, str]:
    raw = resources.files("server.graphql").joinpath(MANIFEST).read_text(encoding="utf-8")
    loaded: dict[str, str] = json.loads(raw)
    for digest, text in loaded.items():
        if document_hash(text) != digest:
            raise RuntimeError(f"{MANIFEST}: the entry {digest[:12]}... is not its document's hash")
    return loaded


def requested_hash(extensions: Mapping[str, Any] | None) -> str | None:
    """The `sha256Hash` of a persisted-query request, None when the request sends none."""
    persisted = (extensions or {}).get("persistedQuery")
    if persisted is None:
        return None
    digest = persisted.get("sha256Hash") if isinstance(persisted, dict) else None
    if not isinstance(digest, str):
        raise _refuse(NOT_FOUND, "persistedQuery needs a sha256Hash string.")
    return digest.lower()


def _refuse(code: str, message: str) -> GraphQLError:
    return GraphQLError(message, extensions={"code": code})


def _is_bot_key(context: object) -> bool:
    viewer = getattr(context, "viewer", None)
    key = getattr(viewer, "api_key", None)
    return key is not None and key.role is Role.BOT


def resolve(query: str | None, extensions: Mapping[str, Any] | None, *, bot: bool) -> str | None:
    """The document to run, or a GraphQLError saying why not (pure: easy to test)."""
    digest = requested_hash(extensions)
    if digest is not None:
        registered = registry().get(digest)
        if registered is None:
            raise _refuse(NOT_FOUND, "No trusted document has this hash.")
        if query and document_hash(query) != digest:
            raise _refuse(HASH_MISMATCH, "The document does not match its sha256Hash.")
        return registered
    if bot and document_hash(query or "") not in registry():
        raise _refuse(
            REQUIRED,
            "Bot keys run only the bot's registered operations (trusted documents); "
            "send one by its persistedQuery sha256Hash.",
        )
    return query


def admit(ec: ExecutionContext) -> GraphQLError | None:
    """Resolve a persisted-query hash before anything reads the document. A refusal is
    returned (the caller answers it as the request's only error, in place of validation's)
    and a trivial stand-in replaces the document so that the request still reaches
    validation whatever its name or type."""
    try:
        ec.query = resolve(ec.query, ec.operation_extensions, bot=_is_bot_key(ec.context))
    except GraphQLError as refusal:
        ec.query = _stand_in(ec.allowed_operations)
        ec._provided_operation_name = None
        return refusal
    return None
