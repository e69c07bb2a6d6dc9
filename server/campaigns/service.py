"""Campaign use-cases: each owns its transaction and writes its audit row inside it."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from server.audit import service as audit
from server.audit.service import Actor
from server.campaigns import preflight_rules, queries, rules
from server.campaigns.models import AttributionModel, Campaign, CampaignStatus, ObjectiveMetric
from server.clock import Clock, as_utc
from server.errors import Conflict, InvalidInput, InvalidState, NotFound
from server.milestones import service as milestones
from server.money import validate_currency
from server.referrals.models import ReferralLink
from server.referrals.rules import is_wellformed_code, normalize_code
from server.rewards.models import RewardRuleSet

AUDITED = [
    "name",
    "slug",
    "description",
    "status",
    "starts_at",
    "ends_at",
    "objective_metric",
    "objective_target",
    "objective_deadline",
    "currency",
    "landing_url",
    "share_email_subject",
    "share_email_body",
    "share_social_message",
    "friend_reward_text",
    "terms",
    "test_mode",
    "attribution_window_days",
    "attribution_model",
    "slack_channel",
    "order_grace_days",
]


@dataclass(slots=True)
class CampaignChanges:
    """Fields to set; None means 'leave as is' (see `clear` for explicit nulls)."""

    name: str | None = None
    slug: str | None = None
    description: str | None = None
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    objective_metric: ObjectiveMetric | None = None
    objective_target: int | None = None
    objective_deadline: datetime | None = None
    currency: str | None = None
    landing_url: str | None = None
    share_email_subject: str | None = None
    share_email_body: str | None = None
    share_social_message: str | None = None
    friend_reward_text: str | None = None
    terms: str | None = None
    test_mode: bool | None = None
    attribution_window_days: int | None = None
    attribution_model: AttributionModel | None = None
    slack_channel: str | None = None
    order_grace_days: int | None = None
    clear: frozenset[str] = frozenset()

    def values(self) -> dict[str, Any]:
        out = {
            f.name: getattr(self, f.name)
            for f in fields(self)
            if f.name != "clear" and getattr(self, f.name) is not None
        }
        out.update(dict.fromkeys(self.clear))
        return out


NULLABLE = frozenset(
    {
        "starts_at",
        "ends_at",
        "objective_metric",
        "objective_target",
        "objective_deadline",
        "slack_channel",
    }
)


def _validate(values: dict[str, Any]) -> dict[str, Any]:
    for name in ("starts_at", "ends_at", "objective_deadline"):
        if values.get(name) is not None:
            field = "objective.deadline" if name == "objective_deadline" else _camel(name)
            values[name] = as_utc(values[name], field)
    if "name" in values and not (1 <= len(values["name"].strip()) <= 200):
        raise InvalidInput("The name is 1-200 characters.", field="name")
    if "slug" in values:
        rules.validate_slug(values["slug"])
    if "landing_url" in values:
        rules.validate_landing_url(values["landing_url"])
    if "attribution_window_days" in values:
        rules.validate_attribution_window(values["attribution_window_days"])
    if "order_grace_days" in values:
        rules.validate_order_grace(values["order_grace_days"])
    if "currency" in values:
        values["currency"] = validate_currency(values["currency"])
    for name, field in (
        ("share_email_subject", "share.emailSubject"),
        ("share_email_body", "share.emailBody"),
        ("share_social_message", "share.socialMessage"),
    ):
        if name in values:
            rules.validate_template(values[name], field)
    if "slack_channel" in values and values["slack_channel"] is not None:
        values["slack_channel"] = rules.validate_slack_channel(values["slack_channel"])
    return values


TEMPLATE_FIELDS = (
    ("share_email_subject", "share.emailSubject"),
    ("share_email_body", "share.emailBody"),
    ("share_social_message", "share.socialMessage"),
)


async def _check_links(values: dict[str, Any], public_url: str, campaign_id: int | None) -> None:
    """No landing page or share message may carry one of this Vouch's referral links or codes:
    every friend would be credited to that link instead of the advocate who shared."""
    if "landing_url" in values:
        preflight_rules.check_landing_url(values["landing_url"], public_url)
    texts = [(name, field) for name, field in TEMPLATE_FIELDS if values.get(name)]
    if not texts:
        return
    tokens = {t.upper() for name, _ in texts for t in preflight_rules.code_tokens(values[name])}
    codes = {c for c in (normalize_code(t) for t in tokens) if is_wellformed_code(c)}
    known = (
        {str(r["code"]) for r in await ReferralLink.filter(code__in=codes).values("code")}
        if codes
        else set()
    )
    if campaign_id is not None:
        known |= {
            str(r["coupon_code"])
            for r in await ReferralLink.filter(
                campaign_id=campaign_id, coupon_code__in=sorted(tokens)
            ).values("coupon_code")
        }
    for name, field in texts:
        preflight_rules.check_template(
            values[name],
            field,
            public_url,
            frozenset(known),
            needs_link=field in preflight_rules.LINKED_TEMPLATES,
        )


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def _check_whole(campaign: Campaign) -> None:
    rules.validate_schedule(campaign.starts_at, campaign.ends_at)
    rules.validate_objective(campaign.objective_metric, campaign.objective_target)


async def get(
    *,
    campaign_id: int | None = None,
    slug: str | None = None,
    kept: queries.KeptCampaigns | None = None,
) -> Campaign:
    """`kept`: reuse models built at the row's current config version (read-only callers)."""
    if (campaign_id is None) == (slug is None):
        raise InvalidInput("Give exactly one of id or slug.", field="id")
    found = await (
        queries.by_id(campaign_id, kept)
        if campaign_id is not None
        else queries.by_slug(str(slug), kept)
    )
    if found is None:
        raise NotFound("No such campaign.", field="id" if campaign_id is not None else "slug")
    return found


async def create(
    *,
    changes: CampaignChanges,
    default_currency: str,
    actor: Actor,
    clock: Clock,
    public_url: str | None = None,
) -> Campaign:
    values = _validate(changes.values())
    if public_url is not None:
        await _check_links(values, public_url, None)
    for required in ("name", "slug", "landing_url"):
        if values.get(required) is None:
            raise InvalidInput(f"{required} is required.", field=required)
    rules.check_config_write(
        campaign_test=bool(values.get("test_mode")), key_test=actor.key_test, field="testMode"
    )
    now = clock.now()
    rules.validate_deadline(values.get("objective_deadline"), now)
    values.setdefault("currency", validate_currency(default_currency))
    campaign = Campaign(
        **values,
        status=CampaignStatus.DRAFT,
        created_at=now,
        updated_at=now,
    )
    _check_whole(campaign)
    try:
        async with in_transaction() as conn:
            await campaign.save(using_db=conn)
            await milestones.create_default_rules(campaign, now, conn)
            after = audit.snapshot(campaign, AUDITED)
            await audit.record(
                actor=actor,
                action="campaign.create",
                target=campaign,
                now=now,
                changes=audit.diff({}, after),
                using=conn,
            )
    except IntegrityError:
        raise Conflict("A campaign with this slug exists.", field="slug") from None
    return campaign


async def update(
    *,
    campaign_id: int,
    changes: CampaignChanges,
    actor: Actor,
    clock: Clock,
    public_url: str | None = None,
) -> Campaign:
    bad = sorted(changes.clear - NULLABLE)
    if bad:
        raise InvalidInput(f"{_camel(bad[0])} cannot be null.", field=_camel(bad[0]))
    values = _validate(changes.values())
    if public_url is not None:
        await _check_links(values, public_url, campaign_id)
    now = clock.now()
    try:
        async with in_transaction() as conn:
            campaign = await Campaign.select_for_update().using_db(conn).get_or_none(id=campaign_id)
            if campaign is None:
                raise NotFound("No such campaign.", field="id")
            if campaign.status in {CampaignStatus.ENDED, CampaignStatus.ARCHIVED}:
                # The state is at fault, not the input (a campaign past its endsAt but not
                # ended yet can still be extended).
                raise InvalidState(
                    f"A {campaign.status.value} campaign cannot be edited.", field="id"
                )
            if campaign.test_mode and values.get("test_mode") is False:
                raise InvalidState(
                    "A test-mode campaign goes live with goLive (it resets the rehearsal, its "
                    "clock, and runs the launch preflight), not by editing testMode.",
                    field="testMode",
                )
            rules.check_config_write(
                campaign_test=campaign.test_mode, key_test=actor.key_test, field="id"
            )
            before = audit.snapshot(campaign, AUDITED)
            campaign.update_from_dict(values)
            rules.check_config_write(
                campaign_test=campaign.test_mode, key_test=actor.key_test, field="testMode"
            )
            _check_whole(campaign)
            after = audit.snapshot(campaign, AUDITED)
            changed = audit.diff(before, after)
            if "objective_deadline" in changed:
                rules.validate_deadline(campaign.objective_deadline, now_of(campaign, clock))
            if "currency" in changed and await RewardRuleSet.exists(
                campaign_id=campaign.id, using_db=conn
            ):
                # Reward amounts, caps and the budget are in the campaign's currency: changing
                # it would silently restart what counts against them.
                raise InvalidState(
                    "The campaign has reward rules in its currency; it cannot change.",
                    field="currency",
                )
            if changed:
                campaign.updated_at = now
                await campaign.save(using_db=conn)
                if "objective_metric" in changed:
                    await milestones.create_default_rules(campaign, now, conn)
                await audit.record(
                    actor=actor,
                    action="campaign.update",
                    target=campaign,
                    now=now,
                    changes=changed,
                    using=conn,
                )
    except IntegrityError:
        raise Conflict("A campaign with this slug exists.", field="slug") from None
    return campaign


async def transition(
    *, campaign_id: int, target: CampaignStatus, actor: Actor, clock: Clock
) -> Campaign:
    """Move a campaign along its lifecycle by compare-and-set: concurrent moves cannot both win."""
    async with in_transaction() as conn:
        return await transition_in(
            campaign_id=campaign_id, target=target, actor=actor, now=clock.now(), conn=conn
        )


async def transition_in(
    *,
    campaign_id: int,
    target: CampaignStatus,
    actor: Actor,
    now: datetime,
    conn: BaseDBAsyncClient,
    reason: str | None = None,
) -> Campaign:
    """`transition` inside the caller's transaction (e.g. a budget running out mid-conversion)."""
    campaign = await Campaign.get_or_none(id=campaign_id, using_db=conn)
    if campaign is None:
        raise NotFound("No such campaign.", field="id")
    current = campaign.status
    rules.check_config_write(campaign_test=campaign.test_mode, key_test=actor.key_test, field="id")
    rules.check_transition(current, target)
    stamps: dict[str, Any] = {"status": target, "updated_at": now}
    if target is CampaignStatus.ACTIVE and campaign.launched_at is None:
        stamps["launched_at"] = now
    if target is CampaignStatus.ENDED:
        stamps["ended_at"] = now
    won = await Campaign.filter(id=campaign_id, status=current).using_db(conn).update(**stamps)
    if not won:
        raise Conflict("The campaign changed meanwhile; reload and retry.", field="id")
    campaign.update_from_dict(stamps)
    changes: dict[str, Any] = {"status": [current.value, target.value]}
    if reason is not None:
        changes["reason"] = [None, reason]
    await audit.record(
        actor=actor,
        action=f"campaign.{target.value}",
        target=campaign,
        now=now,
        changes=changes,
        using=conn,
    )
    return campaign


# ---- the campaign's own clock (test mode) ------------------------------------------------------


def now_of(campaign: Campaign, clock: Clock) -> datetime:
    """The one place that says what time it is for a campaign's events."""
    return rules.campaign_now(clock.now(), campaign.test_mode, campaign.test_clock_minutes)


async def now_for(
    campaign_id: int | None, clock: Clock, conn: BaseDBAsyncClient | None = None
) -> datetime:
    """`now_of` by id; the real time when the campaign is not (yet) known."""
    if campaign_id is None:
        return clock.now()
    row = (
        await Campaign.filter(id=campaign_id)
        .using_db(conn)
        .first()
        .values("test_mode", "test_clock_minutes")
    )
    if row is None:
        return clock.now()
    return rules.campaign_now(clock.now(), bool(row["test_mode"]), int(row["test_clock_minutes"]))
