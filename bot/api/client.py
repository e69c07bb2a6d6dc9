"""The bot's typed GraphQL client. Operations live in operations/*.graphql, loaded by name;
fragments they spread are appended, so each file stays readable on its own."""

from __future__ import annotations

import hashlib
import re
from functools import cache
from importlib import resources
from typing import Any

import httpx
from graphql import OperationDefinitionNode, parse

from bot.api import models

ACTING_HEADER = "X-Vouch-Acting-Slack-User"
_SPREAD = re.compile(r"\.\.\.\s*([A-Z]\w*)")


class ApiError(Exception):
    """The API could not answer: unreachable, refused the credential, or a GraphQL error."""


class UserError(Exception):
    """An expected refusal from the server (the `UserError` type), with its stable code."""

    def __init__(self, code: str, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field


def _read(name: str) -> str:
    return resources.files("bot.api").joinpath("operations", f"{name}.graphql").read_text()


@cache
def document(name: str) -> str:
    """The operation `name` with every fragment it spreads (transitively)."""
    parts = [_read(name)]
    seen = {name}
    index = 0
    while index < len(parts):
        for fragment in _SPREAD.findall(parts[index]):
            if fragment not in seen:
                seen.add(fragment)
                parts.append(_read(fragment))
        index += 1
    return "\n".join(parts)


def operation_names() -> list[str]:
    """Every file under operations/ that defines an operation (the rest are fragments)."""
    names = sorted(
        p.name.removesuffix(".graphql")
        for p in resources.files("bot.api").joinpath("operations").iterdir()
        if p.name.endswith(".graphql")
    )
    return [
        n
        for n in names
        if any(isinstance(d, OperationDefinitionNode) for d in parse(_read(n)).definitions)
    ]


def operations() -> dict[str, str]:
    """name -> full document: what the server registers as trusted documents."""
    return {name: document(name) for name in operation_names()}


@cache
def document_hash(name: str) -> str:
    """SHA-256 of the document: the id under which the server has it registered."""
    return hashlib.sha256(document(name).encode()).hexdigest()


def _payload(data: dict[str, Any], field: str) -> dict[str, Any]:
    """Unwrap a `X | UserError` result, raising the UserError."""
    result: dict[str, Any] = data[field]
    if result.get("__typename") == "UserError":
        raise UserError(result["code"], result["message"], result.get("field"))
    return result


class VouchApi:
    def __init__(
        self,
        url: str,
        api_key: str,
        *,
        http: httpx.AsyncClient | None = None,
        acting: str | None = None,
    ) -> None:
        self.url = url
        self.api_key = api_key
        self.http = http or httpx.AsyncClient(timeout=httpx.Timeout(10.0))
        self.acting = acting

    def acting_as(self, slack_user_id: str) -> VouchApi:
        """The same client, asking the server to apply this Slack user's staff role."""
        return VouchApi(self.url, self.api_key, http=self.http, acting=slack_user_id)

    async def aclose(self) -> None:
        await self.http.aclose()

    async def execute(self, operation: str, **variables: Any) -> dict[str, Any]:
        headers = {"authorization": f"Bearer {self.api_key}"}
        if self.acting is not None:
            headers[ACTING_HEADER] = self.acting
        # A trusted document, sent by its hash alone: the server runs its registered copy.
        persisted = {"version": 1, "sha256Hash": document_hash(operation)}
        body = {
            "operationName": operation,
            "variables": variables,
            "extensions": {"persistedQuery": persisted},
        }
        try:
            response = await self.http.post(self.url, json=body, headers=headers)
        except httpx.HTTPError as exc:
            raise ApiError(f"Vouch API unreachable: {exc}") from exc
        if response.status_code != 200:
            raise ApiError(f"Vouch API answered {response.status_code}: {response.text[:200]}")
        answer = response.json()
        if answer.get("errors"):
            first = answer["errors"][0]
            code = (first.get("extensions") or {}).get("code")
            if code == "FORBIDDEN":
                raise UserError("FORBIDDEN", first.get("message", "Forbidden."))
            raise ApiError(f"Vouch API error: {first.get('message')}")
        data: dict[str, Any] = answer["data"]
        return data

    async def permissions(self) -> frozenset[str]:
        """What the server lets this caller (or the Slack user it acts for) do."""
        data = await self.execute("Me")
        return frozenset(data["me"]["permissions"])

    async def pending_rewards(self, first: int = 20) -> list[models.Reward]:
        data = await self.execute("PendingRewards", first=first)
        return [models.Reward.model_validate(n) for n in data["rewards"]["nodes"]]

    async def reward(self, reward_id: str) -> models.Reward | None:
        found = (await self.execute("Reward", id=reward_id))["reward"]
        return None if found is None else models.Reward.model_validate(found)

    async def approval_posts(self, reward_id: str) -> list[tuple[str, str]]:
        """(channel, ts) of every message that asked for this reward's approval."""
        data = await self.execute("ApprovalPosts", rewardId=reward_id)
        return [
            (n["deliveredChannel"], n["deliveredTs"])
            for n in data["notifications"]["nodes"]
            if n["deliveredChannel"] and n["deliveredTs"]
        ]

    async def approve_reward(self, reward_id: str) -> models.Decision:
        data = await self.execute("ApproveReward", id=reward_id)
        return models.Decision.model_validate(_payload(data, "approveReward"))

    async def reject_reasons(self) -> list[models.RejectReason]:
        data = await self.execute("RejectReasons")
        return [models.RejectReason.model_validate(r) for r in data["rewardRejectReasons"]]

    async def reject_reward(self, reward_id: str, reason: str, note: str) -> models.Reward:
        data = await self.execute("RejectReward", id=reward_id, reason=reason, note=note)
        return models.Reward.model_validate(_payload(data, "rejectReward"))

    async def active_campaigns(self, first: int = 20) -> list[models.CampaignWithStats]:
        data = await self.execute("ActiveCampaigns", first=first)
        return [models.CampaignWithStats.model_validate(n) for n in data["campaigns"]["nodes"]]

    async def campaign(self, slug: str) -> models.CampaignDetail | None:
        found = (await self.execute("Campaign", slug=slug))["campaign"]
        return None if found is None else models.CampaignDetail.model_validate(found)

    async def leaderboard(
        self, slug: str, period: models.LeaderboardPeriod, first: int = 10
    ) -> models.CampaignLeaderboard | None:
        data = await self.execute("Leaderboard", slug=slug, period=period.value, first=first)
        found = data["campaign"]
        return None if found is None else models.CampaignLeaderboard.model_validate(found)

    async def claim_notifications(self, limit: int, lease_seconds: int) -> models.NotificationBatch:
        data = await self.execute("ClaimNotifications", limit=limit, leaseSeconds=lease_seconds)
        return models.NotificationBatch.model_validate(_payload(data, "claimNotifications"))

    async def mark_delivered(self, notification_id: str, lease: str, channel: str, ts: str) -> None:
        data = await self.execute(
            "MarkNotificationDelivered",
            id=notification_id,
            leaseToken=lease,
            channel=channel,
            ts=ts,
        )
        _payload(data, "markNotificationDelivered")

    async def mark_failed(self, notification_id: str, lease: str, error: str) -> None:
        data = await self.execute(
            "MarkNotificationFailed", id=notification_id, leaseToken=lease, error=error[:500]
        )
        _payload(data, "markNotificationFailed")

    async def recent_milestones(self, first: int = 10) -> list[models.Milestone]:
        data = await self.execute("RecentMilestones", first=first)
        return [models.Milestone.model_validate(n) for n in data["milestones"]["nodes"]]

    @property
    def websocket_url(self) -> str:
        """The same endpoint over WebSocket (graphql-transport-ws)."""
        return "ws" + self.url.removeprefix("http")
