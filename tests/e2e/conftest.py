"""The real server app, the real bot in HTTP mode and a Slack stand-in, all on 127.0.0.1."""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import httpx
import pytest_asyncio
from starlette.applications import Starlette

from bot.announcer import Announcer
from bot.api.client import VouchApi
from bot.app import announcing, build_app, http_app
from bot.deps import Deps
from bot.settings import BotSettings
from server.accounts.models import Role
from server.clock import FrozenClock
from server.jobs import run_due
from tests.conftest import gql, staff_token
from tests.e2e.slack_standin import Call, Served, SlackStandIn, serve
from tests.factories import convert, enroll, live_campaign

SIGNING_SECRET = "e2e-signing-secret"
APPROVALS = "CAPPROVALS"
DEFAULT = "CGENERAL"
LEASE_SECONDS = 30

CREATE_KEY = """mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) {
  __typename ... on CreatedApiKey { secret } ... on UserError { code message } } }"""
STAFF = "{ staffUsers(first: 100) { nodes { id email } } }"
LINK = """mutation($userId: ID!, $slack: String) { linkSlackUser(userId: $userId, slackUserId: $slack) {
  __typename ... on StaffUser { id } ... on UserError { code message } } }"""
SET_RULES = """mutation($input: SetRewardRulesInput!) { setRewardRules(input: $input) {
  __typename ... on RewardRuleVersion { version } ... on UserError { code message } } }"""
REWARDS = "{ rewards(first: 50) { nodes { id status } } }"


def sign(body: str, timestamp: int, secret: str = SIGNING_SECRET) -> str:
    base = f"v0:{timestamp}:{body}".encode()
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


@dataclass
class BotStack:
    owner: httpx.AsyncClient
    app: Starlette
    clock: FrozenClock
    slack: SlackStandIn
    slack_url: str
    api_url: str
    api_key: str
    api_server: Served
    bot_url: str = ""

    def settings(self) -> BotSettings:
        return BotSettings(
            api_url=self.api_url,
            api_key=self.api_key,
            bot_token="xoxb-e2e",
            signing_secret=SIGNING_SECRET,
            app_token=None,
            port=0,
            default_channel=DEFAULT,
            approvals_channel=APPROVALS,
            slack_api_url=f"{self.slack_url}/api/",
        )

    @contextlib.asynccontextmanager
    async def bot(
        self, poll_seconds: float = 30.0, post_interval: float = 0.01, digest_threshold: int = 10
    ) -> AsyncIterator[str]:
        """The real bot in HTTP mode; a second `bot()` is a restart. It learns of new
        notifications through the subscription; `poll_seconds` is its catch-up period."""
        api = VouchApi(self.api_url, self.api_key)
        deps = Deps(settings=self.settings(), api=api)
        app = build_app(deps, process_before_response=True)
        announcer = Announcer(
            deps,
            app.client,
            lease_seconds=LEASE_SECONDS,
            poll_seconds=poll_seconds,
            post_interval=post_interval,
            digest_threshold=digest_threshold,
        )
        try:
            async with serve(http_app(app, announcing(announcer))) as url:
                self.bot_url = url
                yield url
        finally:
            await api.aclose()

    async def post(
        self,
        body: str,
        *,
        content_type: str = "application/x-www-form-urlencoded",
        timestamp: int | None = None,
        signature: str | None = None,
    ) -> httpx.Response:
        ts = int(time.time()) if timestamp is None else timestamp
        headers = {
            "content-type": content_type,
            "x-slack-request-timestamp": str(ts),
            "x-slack-signature": signature or sign(body, ts),
        }
        async with httpx.AsyncClient(timeout=30) as http:
            return await http.post(f"{self.bot_url}/slack/events", content=body, headers=headers)

    async def command(self, user: str, text: str) -> httpx.Response:
        body = urlencode(
            {
                "token": "legacy",
                "team_id": "T1",
                "channel_id": DEFAULT,
                "user_id": user,
                "command": "/vouch",
                "text": text,
                "response_url": f"{self.slack_url}/respond/1",
                "trigger_id": "trigger-1",
            }
        )
        return await self.post(body)

    async def interact(self, payload: dict[str, Any]) -> httpx.Response:
        return await self.post(urlencode({"payload": json.dumps(payload)}))

    async def click(
        self,
        user: str,
        action_id: str,
        reward_id: str,
        channel: str = APPROVALS,
        ts: str = "1699999999.000001",
    ) -> httpx.Response:
        return await self.interact(
            {
                "type": "block_actions",
                "team": {"id": "T1"},
                "user": {"id": user},
                "api_app_id": "A1",
                "trigger_id": f"trigger-{user}",
                "container": {"type": "message", "message_ts": ts, "channel_id": channel},
                "channel": {"id": channel},
                "message": {"ts": ts, "type": "message", "text": "Reward awaiting approval"},
                "response_url": f"{self.slack_url}/respond/2",
                "actions": [
                    {
                        "type": "button",
                        "action_id": action_id,
                        "block_id": "vouch_reward_decision",
                        "value": reward_id,
                        "action_ts": "1700000000.1",
                    }
                ],
            }
        )

    async def submit(
        self, user: str, view: dict[str, Any], values: dict[str, Any]
    ) -> httpx.Response:
        return await self.interact(
            {
                "type": "view_submission",
                "team": {"id": "T1"},
                "user": {"id": user},
                "api_app_id": "A1",
                "view": {
                    "id": "V1",
                    "type": "modal",
                    "callback_id": view["callback_id"],
                    "private_metadata": view["private_metadata"],
                    "state": {"values": values},
                },
            }
        )

    async def posted(self, channel: str, needle: str, count: int = 1) -> list[Call]:
        """Wait for `count` messages in `channel` whose content includes `needle`."""

        def matching() -> list[Call]:
            return [
                c
                for c in self.slack.of("chat.postMessage")
                if c.params["channel"] == channel and needle in c.text()
            ]

        await self.slack.wait_until(lambda: len(matching()) >= count)
        return matching()

    async def approval_request(self, reward_id: str) -> str:
        """The ts of the approval request the announcer posted for this reward."""
        [post] = await self.posted(APPROVALS, f'"value": "{reward_id}"')
        return str(post.answer["ts"])

    async def link(self, role: Role, email: str, slack_user: str) -> None:
        await staff_token(self.app, role, email)
        users = (await gql(self.owner, STAFF))["staffUsers"]["nodes"]
        [user_id] = [u["id"] for u in users if u["email"] == email]
        linked = await gql(self.owner, LINK, userId=user_id, slack=slack_user)
        assert linked["linkSlackUser"]["__typename"] == "StaffUser", linked

    async def awaiting_reward(self, amount: int = 1000, **policy: Any) -> str:
        """A reward that waits for a human: the hold released, under the approval policy."""
        cid = await live_campaign(self.owner)
        rule = {
            "key": "give",
            "recipient": "ADVOCATE",
            "trigger": "FIRST_PURCHASE",
            "kind": "CASH",
            "currency": "USD",
            "fixedAmount": amount,
        }
        made = await gql(
            self.owner, SET_RULES, input={"campaignId": cid, "rules": [rule], **policy}
        )
        assert made["setRewardRules"]["__typename"] == "RewardRuleVersion", made
        link = await enroll(self.owner, cid, "ada@example.com", name="Ada Lovelace")
        done = await convert(
            self.owner, "e2e-order-1", "o-1", 5000, referralCode=link["code"], email="f@example.org"
        )
        assert done["__typename"] == "ConversionRecorded", done
        await run_due(clock=self.clock)
        [reward] = (await gql(self.owner, REWARDS))["rewards"]["nodes"]
        assert reward["status"] == "AWAITING_APPROVAL", reward
        return str(reward["id"])


@pytest_asyncio.fixture
async def stack(
    client: httpx.AsyncClient, app: Starlette, clock: FrozenClock
) -> AsyncIterator[BotStack]:
    made = await gql(client, CREATE_KEY, input={"name": "slack-bot", "role": "BOT"})
    secret = made["createApiKey"]["secret"]
    slack = SlackStandIn()
    api_server = Served(app)
    await api_server.start()
    try:
        async with serve(slack.asgi()) as slack_url:
            try:
                yield BotStack(
                    owner=client,
                    app=app,
                    clock=clock,
                    slack=slack,
                    slack_url=slack_url,
                    api_url=f"{api_server.url}/graphql",
                    api_key=secret,
                    api_server=api_server,
                )
            finally:
                slack.release()
    finally:
        await api_server.stop()


@pytest_asyncio.fixture
async def bot(stack: BotStack) -> AsyncIterator[BotStack]:
    async with stack.bot():
        yield stack
