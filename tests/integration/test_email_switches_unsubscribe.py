"""Per-campaign switches for each kind of advocate email (sign-in links always go), and
unsubscribe links that carry no address: one per advocate and campaign, dead after erasure,
older address-signed links honoured only while the address is enrolled."""

from __future__ import annotations

import base64

import httpx
from itsdangerous import URLSafeSerializer
from starlette.applications import Starlette

from server.clock import FrozenClock
from server.email import tokens
from server.email.models import EmailKind, EmailMessage, EmailSuppression, UnsubscribeLink
from server.email.sender import Deliverer
from server.settings import derived_key
from tests.conftest import gql
from tests.factories import click, enroll, live_campaign, signup
from tests.ids import pk
from tests.integration.test_erasure import ERASE
from tests.mail_server import Inbox

SWITCHES = (
    """query($c: ID!) { emailSwitches(campaignId: $c) { kinds { kind enabled switchable } } }"""
)
SWITCH = """mutation($input: SetEmailKindEnabledInput!) { setEmailKindEnabled(input: $input) {
  __typename ... on EmailSwitches { kinds { kind enabled } }
  ... on UserError { code field message } } }"""


async def _switch(client: httpx.AsyncClient, cid: str, kind: str, on: bool) -> dict[str, object]:
    done = await gql(client, SWITCH, input={"campaignId": cid, "kind": kind, "enabled": on})
    result: dict[str, object] = done["setEmailKindEnabled"]
    return result


async def test_switched_off_kinds_are_not_written_and_sign_in_cannot_be_off(
    client: httpx.AsyncClient,
) -> None:
    cid = await live_campaign(client)
    kinds = (await gql(client, SWITCHES, c=cid))["emailSwitches"]["kinds"]
    assert all(k["enabled"] for k in kinds)  # the default: everything is sent
    assert [k["kind"] for k in kinds if not k["switchable"]] == ["SIGN_IN"]

    refused = await _switch(client, cid, "SIGN_IN", False)
    assert refused["__typename"] == "UserError" and refused["field"] == "kind", refused
    off = await _switch(client, cid, "WELCOME", False)
    assert off["__typename"] == "EmailSwitches", off
    assert {k["kind"]: k["enabled"] for k in off["kinds"]}["WELCOME"] is False  # type: ignore[attr-defined]
    await _switch(client, cid, "FRIEND_SIGNED_UP", False)

    link = await enroll(client, cid, "ada@example.com")
    await signup(client, visitToken=await click(client, link["code"]), email="bob@example.org")
    assert await EmailMessage.all().count() == 0  # neither the welcome nor "friend signed up"

    back = await _switch(client, cid, "WELCOME", True)
    assert {k["kind"]: k["enabled"] for k in back["kinds"]}["WELCOME"] is True  # type: ignore[attr-defined]
    await enroll(client, cid, "grace@example.com")
    assert [m.kind for m in await EmailMessage.all()] == [EmailKind.WELCOME]
    kinds = (await gql(client, SWITCHES, c=cid))["emailSwitches"]["kinds"]
    assert [k["kind"] for k in kinds if not k["enabled"]] == ["FRIEND_SIGNED_UP"]


def _payload(token: str) -> str:
    body = token.split(".")[0]
    return base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)).decode()


async def test_unsubscribe_links_carry_no_address_and_die_with_an_erasure(
    client: httpx.AsyncClient,
    anonymous: httpx.AsyncClient,
    app: Starlette,
    inbox: Inbox,
    deliverer: Deliverer,
    clock: FrozenClock,
) -> None:
    cid = await live_campaign(client)
    ada = await enroll(client, cid, "ada.lovelace@example.com")
    await enroll(client, cid, "grace@example.com")
    assert await deliverer.run_once(clock=clock) == 2
    urls = {str(m["To"]): str(m["List-Unsubscribe"]).strip("<>") for m in inbox.of_kind("Welcome")}
    url = urls["ada.lovelace@example.com"]
    token = url.rsplit("/", 1)[1]
    assert "lovelace" not in _payload(token) and "@" not in _payload(token)
    assert urls["grace@example.com"] != url
    assert await UnsubscribeLink.all().count() == 2  # one per advocate and campaign

    page = await anonymous.get(url.removeprefix("https://vouch.example.com"))
    assert page.status_code == 200 and "ada.lovelace" not in page.text

    # The right id with a guessed nonce (even signed with the server's key) is refused.
    row = await UnsubscribeLink.get(advocate_id=pk(ada["advocate"]["id"]))
    forged = tokens.unsubscribe_token(app.state.settings, row.id, "guess")
    assert (await anonymous.post(f"/unsubscribe/{forged}")).status_code == 404

    # Erased: the link in the email already sent stops working; no suppression is written.
    erased = await gql(client, ERASE, id=ada["advocate"]["id"], reason="asked")
    assert erased["eraseAdvocate"]["__typename"] == "Erasure", erased
    gone = await anonymous.post(url.removeprefix("https://vouch.example.com"))
    assert gone.status_code == 404
    assert await EmailSuppression.all().count() == 0


async def test_links_from_emails_sent_before_keep_working_while_enrolled(
    client: httpx.AsyncClient, anonymous: httpx.AsyncClient, app: Starlette
) -> None:
    cid = await live_campaign(client)
    ada = await enroll(client, cid, "ada@example.com")
    key = derived_key(app.state.settings, "advocate-email-tokens")
    old = URLSafeSerializer(key, salt="unsubscribe").dumps("ada@example.com")
    page = await anonymous.get(f"/unsubscribe/{old}")
    assert page.status_code == 200 and "ada@example.com" not in page.text
    done = await anonymous.post(f"/unsubscribe/{old}")
    assert done.status_code == 200
    assert (await EmailSuppression.get()).address_key == "ada@example.com"

    # An address nobody is enrolled with (or erased) is not honoured.
    stranger = URLSafeSerializer(key, salt="unsubscribe").dumps("eve@example.com")
    assert (await anonymous.post(f"/unsubscribe/{stranger}")).status_code == 404
    await EmailSuppression.all().delete()
    assert (await gql(client, ERASE, id=ada["advocate"]["id"], reason="asked"))["eraseAdvocate"][
        "__typename"
    ] == "Erasure"
    assert (await anonymous.post(f"/unsubscribe/{old}")).status_code == 404
    assert await EmailSuppression.all().count() == 0
