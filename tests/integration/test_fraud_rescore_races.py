"""A cluster re-scoring racing a reviewer or another re-scoring of the same member
(server/fraud/clusters.py): a decision made meanwhile is kept, and no signal is lost.

PostgreSQL runs transactions side by side: the interleaving is forced by holding the other
writer's transaction open (a hook pauses it before its commit) until the re-scoring waits for
the member's row, then letting it commit. SQLite runs write transactions one at a time: there
the rule is checked in sequence."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import pytest

from server import db
from server.audit.models import AuditEvent
from server.fraud import clusters
from server.rewards import service as rewards
from server.rewards.models import Reward, RewardStatus
from server.settings import Settings
from tests.conftest import gql
from tests.factories import enroll, paying_campaign
from tests.ids import pk

RISK = "risk { reviewStatus signals { rule } }"
ORDER = (
    "mutation($input: RecordConversionInput!) { recordConversion(input: $input) { __typename "
    "... on ConversionRecorded { conversion { referral { id " + RISK + " } } } "
    "... on UserError { code field message } } }"
)
SIGNUP = (
    "mutation($input: RecordSignupInput!) { recordSignup(input: $input) { __typename "
    "... on Referral { id " + RISK + " } ... on UserError { code field message } } }"
)
REFERRAL = "query($id: ID!) { referral(id: $id) { " + RISK + " } }"
DECIDED = "__typename ... on Referral { " + RISK + " } ... on UserError { code message } } }"
DECIDE = {
    "dismiss": 'mutation($id: ID!) { dismissFlag(referralId: $id, note: "known") { ' + DECIDED,
    "confirm": 'mutation($id: ID!) { confirmFraud(referralId: $id, note: "burner") { ' + DECIDED,
}
SET_FRAUD = """mutation($input: SetFraudRulesInput!) { setFraudRules(input: $input) {
  __typename ... on UserError { code field message } } }"""


async def _campaign(client: httpx.AsyncClient) -> tuple[str, str, str]:
    """A campaign paying its advocates per first purchase; two advocates' codes."""
    cid = await paying_campaign(client)
    ada = await enroll(client, cid, "ada@example.com")
    bob = await enroll(client, cid, "bob@example.com")
    return cid, ada["code"], bob["code"]


async def _signup(client: httpx.AsyncClient, code: str, email: str) -> dict[str, Any]:
    done = await gql(client, SIGNUP, input={"friend": {"referralCode": code, "email": email}})
    out: dict[str, Any] = done["recordSignup"]
    assert out["__typename"] == "Referral", out
    return out


async def _order(client: httpx.AsyncClient, code: str, email: str, n: int) -> dict[str, Any]:
    """An order paid with the one card every friend here shares."""
    data = {
        "friend": {"referralCode": code, "email": email},
        "externalOrderId": f"o-{n}",
        "amount": 4000,
        "currency": "USD",
        "idempotencyKey": f"order-key-{n:04d}",
        "paymentFingerprint": "card-1",
    }
    done = (await gql(client, ORDER, input=data))["recordConversion"]
    assert done["__typename"] == "ConversionRecorded", done
    out: dict[str, Any] = done["conversion"]["referral"]
    return out


async def _risk(client: httpx.AsyncClient, rid: str) -> dict[str, Any]:
    out: dict[str, Any] = (await gql(client, REFERRAL, id=rid))["referral"]["risk"]
    return out


def _rules(risk: dict[str, Any]) -> set[str]:
    return {s["rule"] for s in risk["signals"]}


def _postgres_only(settings: Settings) -> None:
    if not settings.database_url.startswith("postgres"):
        pytest.skip("SQLite runs write transactions one at a time: nothing is in flight")


def _held(
    original: Callable[..., Awaitable[Any]], paused: asyncio.Event, release: asyncio.Event
) -> Callable[..., Awaitable[Any]]:
    """`original`, whose first caller then waits (its transaction open) until released."""

    async def held(*args: Any, **kwargs: Any) -> Any:
        out = await original(*args, **kwargs)
        if not paused.is_set():
            paused.set()
            await release.wait()
        return out

    return held


async def _until_a_request_waits_for_a_row() -> None:
    for _ in range(1000):
        rows = await db.connection().execute_query_dict(
            "SELECT count(*) AS n FROM pg_stat_activity"
            " WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        if int(rows[0]["n"]):
            return
        await asyncio.sleep(0.01)
    raise AssertionError("the re-scoring never waited for the member's row")


async def _flagged_member(client: httpx.AsyncClient, code: str) -> str:
    """A friend flagged at signup (a burner inbox) who ordered: its reward waits, flagged."""
    member = await _order(client, code, "ann@mailinator.com", 1)
    assert (member["risk"]["reviewStatus"], _rules(member["risk"])) == (
        "FLAGGED",
        {"DISPOSABLE_EMAIL"},
    )
    assert [r.flagged for r in await Reward.filter(referral_id=pk(member["id"]))] == [True]
    return str(member["id"])


STATUS = {"dismiss": "DISMISSED", "confirm": "CONFIRMED_FRAUD"}
FIELD = {"dismiss": "dismissFlag", "confirm": "confirmFraud"}


async def _decided_as_ever(client: httpx.AsyncClient, member: str, decision: str) -> None:
    """The member as the reviewer left it: its own signals, no re-scoring audited, its
    reward not flagged again (dismissed: released; confirmed: rejected)."""
    after = await _risk(client, member)
    assert (after["reviewStatus"], _rules(after)) == (STATUS[decision], {"DISPOSABLE_EMAIL"})
    assert not await AuditEvent.filter(action="referral.risk", target_id=str(pk(member))).exists()
    assert not await AuditEvent.filter(action="reward.flag").exists()
    held = [(r.status, r.flagged) for r in await Reward.filter(referral_id=pk(member))]
    if decision == "dismiss":
        assert held == [(RewardStatus.APPROVED, False)]
    else:
        assert [status for status, _ in held] == [RewardStatus.REJECTED]


@pytest.mark.parametrize(
    ("decision", "step"), [("dismiss", "unflag"), ("confirm", "void_for_fraud")]
)
async def test_a_decision_made_while_a_re_scoring_is_in_flight_is_kept(
    client: httpx.AsyncClient,
    settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
    decision: str,
    step: str,
) -> None:
    """The reviewer's transaction has decided, not yet committed, when another friend's order
    with the member's card re-scores the member (one card, many friends): the re-scoring
    waits for the member's row and then leaves it as decided."""
    _postgres_only(settings)
    _, ada, bob = await _campaign(client)
    member = await _flagged_member(client, ada)
    paused, release = asyncio.Event(), asyncio.Event()
    monkeypatch.setattr(rewards, step, _held(getattr(rewards, step), paused, release))
    review = asyncio.create_task(gql(client, DECIDE[decision], id=member))
    await asyncio.wait_for(paused.wait(), timeout=30)
    order = asyncio.create_task(_order(client, bob, "zed@example.org", 2))
    try:
        await _until_a_request_waits_for_a_row()
    finally:
        release.set()
    decided, other = await asyncio.wait_for(asyncio.gather(review, order), timeout=30)
    assert decided[FIELD[decision]]["risk"]["reviewStatus"] == STATUS[decision]
    # The order itself is screened as ever: its card is the member's.
    assert _rules(other["risk"]) == {"SHARED_EVIDENCE"}
    await _decided_as_ever(client, member, decision)


@pytest.mark.parametrize("decision", ["dismiss", "confirm"])
async def test_a_decided_member_is_not_re_scored(client: httpx.AsyncClient, decision: str) -> None:
    """In sequence (both databases): a reviewer's decision is never reopened by a cluster."""
    _, ada, bob = await _campaign(client)
    member = await _flagged_member(client, ada)
    decided = await gql(client, DECIDE[decision], id=member)
    assert decided[FIELD[decision]]["risk"]["reviewStatus"] == STATUS[decision]
    other = await _order(client, bob, "zed@example.org", 2)
    assert _rules(other["risk"]) == {"SHARED_EVIDENCE"}
    await _decided_as_ever(client, member, decision)


async def test_two_re_scorings_of_one_member_keep_both_signals(
    client: httpx.AsyncClient, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A burst of signups (a third in an hour) re-scores an earlier friend for velocity; its transaction is still
    open when another friend's order with the member's card re-scores it for the shared card:
    the second waits for the member's row and adds its signal to the first's."""
    _postgres_only(settings)
    cid, ada, bob = await _campaign(client)
    velocity = {"rule": "REFERRAL_VELOCITY_HOUR", "threshold": 2, "mode": "FLAG"}
    done = await gql(client, SET_FRAUD, input={"campaignId": cid, "rules": [velocity]})
    assert done["setFraudRules"]["__typename"] == "Campaign", done
    member = await _order(client, ada, "ann@example.org", 1)
    assert (member["risk"]["reviewStatus"], _rules(member["risk"])) == ("NONE", set())
    assert _rules((await _signup(client, ada, "bea@example.org"))["risk"]) == set()
    paused, release = asyncio.Event(), asyncio.Event()
    monkeypatch.setattr(
        clusters, "_audit_and_hold", _held(clusters._audit_and_hold, paused, release)
    )
    burst = asyncio.create_task(_signup(client, ada, "cy@example.org"))
    await asyncio.wait_for(paused.wait(), timeout=30)
    order = asyncio.create_task(_order(client, bob, "zed@example.org", 2))
    try:
        await _until_a_request_waits_for_a_row()
    finally:
        release.set()
    second, other = await asyncio.wait_for(asyncio.gather(burst, order), timeout=30)
    assert _rules(second["risk"]) == {"REFERRAL_VELOCITY_HOUR"}
    assert _rules(other["risk"]) == {"SHARED_EVIDENCE"}
    after = await _risk(client, member["id"])
    assert _rules(after) == {"REFERRAL_VELOCITY_HOUR", "SHARED_EVIDENCE"}
    assert after["reviewStatus"] == "FLAGGED"
    audited = AuditEvent.filter(action="referral.risk", target_id=str(pk(member["id"])))
    assert await audited.count() == 2
