"""Every "is this the same person?" check compares inboxes (server.identity), not raw strings:
a +tag or dotted Gmail address is its owner."""

from __future__ import annotations

import importlib
from datetime import timedelta
from types import SimpleNamespace
from typing import Any

import httpx
from starlette.applications import Starlette

from server import db
from server.accounts.models import Role
from server.advocates.models import Advocate
from server.clock import FrozenClock
from server.jobs import run_due
from tests.conftest import gql, make_client, staff_token
from tests.factories import convert, enroll, live_campaign
from tests.integration.test_attribution import reattribute
from tests.integration.test_rewards import APPROVE, SET_RULES, advocate_rule

REWARDS = "{ rewards(first: 20) { nodes { id status recipient referral { id } } } }"
SIGNUP = """mutation($input: RecordSignupInput!) { recordSignup(input: $input) {
  __typename ... on UserError { code field message } } }"""


async def _campaign(client: httpx.AsyncClient, **policy: Any) -> str:
    cid = await live_campaign(client)
    made = await gql(
        client, SET_RULES, input={"campaignId": cid, "rules": [advocate_rule()], **policy}
    )
    assert made["setRewardRules"]["__typename"] == "RewardRuleVersion", made
    return cid


async def _awaiting(client: httpx.AsyncClient, clock: FrozenClock, code: str, key: str) -> str:
    await convert(client, key, f"o-{key}", 100, referralCode=code, email=f"{key}@example.org")
    await run_due(clock=clock)
    nodes = (await gql(client, REWARDS))["rewards"]["nodes"]
    [reward] = [n for n in nodes if n["status"] == "AWAITING_APPROVAL"]
    return str(reward["id"])


async def test_nobody_approves_a_reward_paid_to_their_tagged_inbox(
    client: httpx.AsyncClient, app: Starlette, clock: FrozenClock
) -> None:
    cid = await _campaign(client)
    link = await enroll(client, cid, "mia.manager+refs@gmail.com", name="Mia")
    reward_id = await _awaiting(client, clock, link["code"], "tagged-0001")
    async with make_client(
        app, await staff_token(app, Role.MANAGER, "miamanager@gmail.com")
    ) as mia:
        own = (await gql(mia, APPROVE, id=reward_id))["approveReward"]
    assert own["code"] == "FORBIDDEN" and "receive" in own["message"]


async def test_four_eyes_are_two_inboxes_not_two_accounts(
    client: httpx.AsyncClient, app: Starlette, clock: FrozenClock
) -> None:
    cid = await _campaign(client, fourEyesAbove=500)
    link = await enroll(client, cid, "ada@example.com", name="Ada")
    reward_id = await _awaiting(client, clock, link["code"], "foureyes-01")
    one = await staff_token(app, Role.ADMIN, "max.admin@gmail.com")
    two = await staff_token(app, Role.ADMIN, "maxadmin+second@googlemail.com")
    async with make_client(app, one) as first, make_client(app, two) as second:
        assert (await gql(first, APPROVE, id=reward_id))["approveReward"]["approvals"] == 1
        again = (await gql(second, APPROVE, id=reward_id))["approveReward"]
        assert again["code"] == "FORBIDDEN" and "Four eyes" in again["message"]
    async with make_client(app, await staff_token(app, Role.ADMIN, "kim@example.com")) as kim:
        done = (await gql(kim, APPROVE, id=reward_id))["approveReward"]
    assert done["reward"]["status"] == "APPROVED"


async def test_reattribution_to_ones_own_inbox_and_approving_what_one_moved(
    client: httpx.AsyncClient, app: Starlette, clock: FrozenClock
) -> None:
    cid = await _campaign(client)
    ada = await enroll(client, cid, "ada@example.com", name="Ada")
    mine = await enroll(client, cid, "m.o.ss+vouch@gmail.com", name="Moss")
    grace = await enroll(client, cid, "grace@example.com", name="Grace")
    done = await convert(
        client, "moved-00001", "o-moved", 100, referralCode=ada["code"], email="f@example.org"
    )
    referral_id = done["conversion"]["referral"]["id"]
    async with make_client(app, await staff_token(app, Role.MANAGER, "moss@gmail.com")) as moss:
        to_self = await reattribute(moss, referralId=referral_id, code=mine["code"])
        assert to_self["code"] == "FORBIDDEN"
        moved = await reattribute(moss, referralId=referral_id, code=grace["code"])
        assert moved["__typename"] == "Referral"
        await run_due(clock=clock)
        nodes = (await gql(client, REWARDS))["rewards"]["nodes"]
        [reward] = [n for n in nodes if n["status"] == "AWAITING_APPROVAL"]
        refused = (await gql(moss, APPROVE, id=reward["id"]))["approveReward"]
        assert refused["code"] == "FORBIDDEN" and "re-attributed" in refused["message"]
    clock.advance(timedelta(hours=25))  # the owner set the rules: past their cooldown
    assert (await gql(client, APPROVE, id=reward["id"]))["approveReward"]["approvals"] == 1


async def test_an_advocates_other_inbox_is_not_a_new_friend(
    client: httpx.AsyncClient, app: Starlette
) -> None:
    cid = await live_campaign(client)
    ada = await enroll(client, cid, "ada@example.com", name="Ada")
    await enroll(client, cid, "grace.hopper@gmail.com", name="Grace")
    signed = await gql(
        client,
        SIGNUP,
        input={"friend": {"referralCode": ada["code"], "email": "GraceHopper+new@gmail.com"}},
    )
    refused = signed["recordSignup"]
    assert refused["code"] == "INVALID_STATE" and "advocate of the campaign" in refused["message"]


async def test_existing_advocates_get_their_inbox_key(clean: None, app: Starlette) -> None:
    migration = importlib.import_module("server.migrations.0006_delegation_identity")
    made = await Advocate.create(
        email="j.doe+x@gmail.com", email_key=None, created_at=app.state.clock.now()
    )
    await migration.backfill_email_keys(None, SimpleNamespace(client=db.connection()))
    assert (await Advocate.get(id=made.id)).email_key == "jdoe@gmail.com"


async def test_nobody_clears_the_flag_on_their_own_referral(
    client: httpx.AsyncClient, app: Starlette
) -> None:
    from tests.integration.test_fraud import DISMISS, _signup

    cid = await live_campaign(client)
    link = await enroll(client, cid, "rev.iewer+refs@gmail.com", name="Rev")
    flagged = await _signup(client, referralCode=link["code"], email="burner@mailinator.com")
    assert flagged["risk"]["reviewStatus"] == "FLAGGED", flagged
    async with make_client(app, await staff_token(app, Role.MANAGER, "reviewer@gmail.com")) as own:
        refused = (await gql(own, DISMISS, id=flagged["id"]))["dismissFlag"]
    assert refused["__typename"] == "UserError" and refused["code"] == "FORBIDDEN"
    done = (await gql(client, DISMISS, id=flagged["id"]))["dismissFlag"]
    assert done["risk"]["reviewStatus"] == "DISMISSED"
