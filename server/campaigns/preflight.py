"""Launch preflight: friends' journeys simulated through the real code, then rolled back.

For a sample of the campaign's links, and for new (synthetic) advocates, a friend receives the
rendered share content, follows its link through the real `/r/` route, signs up and buys
through the real attribution, fraud and reward use-cases. Everything runs in one transaction
that is always rolled back: nothing is written. `preflight_rules.findings` then says who would
be credited and paid, and what looks misrouted. `launch` and `go_live` run it first.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import httpx
from starlette.applications import Starlette
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.transactions import in_transaction

from server import metrics
from server.accounts.models import StaffUser
from server.advocates import service as advocates
from server.advocates.models import Advocate
from server.audit.service import Actor
from server.campaigns import preflight_rules as rules
from server.campaigns import rules as campaign_rules
from server.campaigns.models import Campaign, CampaignStatus
from server.clock import Clock, FrozenClock
from server.errors import DomainError, InvalidState, NotFound
from server.ratelimit import RateLimiter
from server.referrals import service as referrals
from server.referrals.models import LinkStatus, Referral, ReferralLink
from server.referrals.rules import is_wellformed_code, normalize_code
from server.rewards import service as rewards
from server.rewards.models import Reward, RewardRecipient, RewardStatus
from server.settings import Env, Settings
from server.webhooks.ssrf import Refused, target

# Each journey costs about what a real signup and order cost (see README): keep the sample small.
SAMPLE = 3  # existing links whose friends are simulated, and coupons typed at checkout
SYNTHETIC = 2  # new advocates enrolled for the simulation (two, so concentration shows)
COUPON_SCAN = 1000  # coupons looked at to find the company's own
MAX_HOPS = 5  # redirects followed from one shared link
ORDER = 10_000  # minor units, raised to every rule's minimum order
LANDING_TIMEOUT = 5.0
BROWSING = timedelta(minutes=5)
_NO_LIMITS = RateLimiter("async+memory://", enabled=False)


@dataclass(frozen=True, slots=True)
class Report:
    campaign: Campaign
    simulated_at: datetime
    journeys: list[rules.Journey]
    findings: list[rules.Finding]

    @property
    def warnings(self) -> list[str]:
        return rules.warnings_of(self.findings)


class _Rollback(Exception):
    pass


async def run(
    *,
    campaign_id: int,
    settings: Settings,
    clock: Clock,
    actor: Actor,
    check_landing: bool = False,
) -> Report:
    campaign = await Campaign.get_or_none(id=campaign_id)
    if campaign is None:
        raise NotFound("No such campaign.", field="campaignId")
    moment = max(clock.now(), campaign.starts_at or clock.now())
    if campaign.status in {CampaignStatus.ENDED, CampaignStatus.ARCHIVED} or (
        campaign.ends_at is not None and campaign.ends_at <= moment
    ):
        raise InvalidState("An ended campaign has no launch to check.", field="campaignId")
    staff = [str(u["email"]) for u in await StaffUser.all().values("email")]
    company = rules.Company(frozenset(staff), rules.company_domains(staff, campaign.landing_url))
    sim = FrozenClock(moment)
    journeys: list[rules.Journey] = []
    has_rules = False
    simulating = metrics.SIMULATING.set(True)
    try:
        async with in_transaction() as conn:
            await _as_if_live(campaign, conn)
            rule_set = await rewards.rule_set_at(campaign.id, moment)
            has_rules = rule_set is not None
            amount = max(
                [ORDER, *(r.min_order_amount for r in rewards.parse(rule_set)[0])]
                if rule_set
                else [ORDER]
            )
            trip = _Trip(settings, sim, actor, campaign, amount)
            sharers = await _sharers(campaign, actor, sim)
            trip.synthetic = {link.code for link in sharers[-SYNTHETIC:]}
            for link in sharers:
                journeys.append(await trip.shared(link))
            for owner in await _coupons(campaign.id, company):
                sharer = next((s for s in sharers if s.id != owner.id), None)
                if sharer is not None:
                    journeys.append(await trip.coupon_at_checkout(sharer, owner))
            raise _Rollback
    except _Rollback:
        pass
    finally:
        metrics.SIMULATING.reset(simulating)
    configured = rules.config_findings(
        campaign.landing_url,
        {
            "share.emailBody": campaign.share_email_body,
            "share.socialMessage": campaign.share_social_message,
        },
        settings.public_url,
    )
    if check_landing:
        production = settings.env == Env.PRODUCTION
        configured.extend(await _landing_answers(campaign.landing_url, production=production))
    found = rules.findings(journeys, company, has_rules=has_rules, configured=configured)
    return Report(campaign=campaign, simulated_at=moment, journeys=journeys, findings=found)


async def _coupons(campaign_id: int, company: rules.Company) -> list[ReferralLink]:
    """A sample of the campaign's coupons, those of staff or company addresses first."""
    rows = (
        await ReferralLink.filter(campaign_id=campaign_id, coupon_code__not_isnull=True)
        .exclude(status=LinkStatus.BLOCKED)
        .order_by("id")
        .limit(COUPON_SCAN)
        .values("id", "advocate__email")
    )

    def ours(email: str) -> bool:
        return company.is_staff(email) or company.domain_of(email) is not None

    picked = sorted(rows, key=lambda r: not ours(str(r["advocate__email"])))[:SAMPLE]
    links = await ReferralLink.filter(id__in=[r["id"] for r in picked]).select_related("advocate")
    order = {r["id"]: i for i, r in enumerate(picked)}
    return sorted(links, key=lambda link: order[link.id])


async def _as_if_live(campaign: Campaign, conn: BaseDBAsyncClient) -> None:
    """Inside the rolled-back transaction only: the campaign as it will be once live."""
    await (
        Campaign.filter(id=campaign.id)
        .using_db(conn)
        .update(status=CampaignStatus.ACTIVE, test_mode=False, test_clock_minutes=0)
    )


async def _sharers(campaign: Campaign, actor: Actor, clock: Clock) -> list[ReferralLink]:
    """A sample of the campaign's links, then new advocates enrolled by the real use-case."""
    links = list(
        await ReferralLink.filter(campaign_id=campaign.id)
        .exclude(status=LinkStatus.BLOCKED)
        .select_related("advocate")
        .order_by("id")
        .limit(SAMPLE)
    )
    tag = secrets.token_hex(4)
    for n in range(1, SYNTHETIC + 1):
        enrolled = await advocates.enroll(
            campaign_id=campaign.id,
            email=f"preflight-advocate-{n}-{tag}@example.net",
            name=f"New advocate {n}",
            external_id=None,
            vanity_code=None,
            actor=actor,
            clock=clock,
        )
        links.append(enrolled.link)
    return links


class _Trip:
    """One friend's way through the share message, `/r/`, signup and checkout."""

    def __init__(
        self, settings: Settings, clock: FrozenClock, actor: Actor, campaign: Campaign, amount: int
    ) -> None:
        from server.tracking.routes import routes

        self.public_url = settings.public_url
        self.redirects = Starlette(routes=routes(settings, clock, _NO_LIMITS))
        self.clock, self.actor, self.campaign, self.amount = clock, actor, campaign, amount
        self.count = 0
        self.synthetic: set[str] = set()

    def _journey(self, link: ReferralLink) -> rules.Journey:
        self.count += 1
        return rules.Journey(
            sharer_code=link.code,
            sharer_email=link.advocate.email,
            friend_email=f"preflight-friend-{self.count}-{secrets.token_hex(4)}@example.org",
            synthetic=link.code in self.synthetic,
        )

    async def shared(self, link: ReferralLink) -> rules.Journey:
        """The friend follows the link in the rendered share message, signs up, buys."""
        journey = self._journey(link)
        share = campaign_rules.render_share(
            subject=self.campaign.share_email_subject,
            body=self.campaign.share_email_body,
            social=self.campaign.share_social_message,
            friend_reward=self.campaign.friend_reward_text,
            public_url=self.public_url,
            code=link.code,
            advocate_name=link.advocate.name,
            advocate_email=link.advocate.email,
        )
        text = "\n".join((share.email_subject, share.email_body, share.social_message))
        own = campaign_rules.share_url(self.public_url, link.code)
        mine = {(link.code.lower(), None), (self.campaign.slug, link.vanity_code)}
        urls = [u for u in rules.urls_in(text) if rules.redirect_path(u, self.public_url)]
        # A friend who meets another link in the message follows that one: the worst case.
        foreign = [u for u in urls if rules.redirect_code(u, self.public_url) not in mine]
        typed = None if urls else await _foreign_code(text, link)
        try:
            visit = None
            if typed is None:
                visit = await self._click(foreign[0] if foreign else own, journey)
            else:
                journey.clicked_code = typed[0].code
            ref = referrals.FriendRef(
                campaign_id=self.campaign.id,
                visit_token=visit,
                referral_code=typed[0].code if typed and not typed[1] else None,
                coupon_code=typed[0].coupon_code if typed and typed[1] else None,
                email=journey.friend_email,
            )
            await referrals.record_signup(
                ref=ref, name="Friend", occurred_at=None, actor=self.actor, clock=self.clock
            )
            await self._buy(journey, ref)
        except DomainError as exc:
            journey.refused = exc.message
        return journey

    async def coupon_at_checkout(self, sharer: ReferralLink, owner: ReferralLink) -> rules.Journey:
        """A friend of `sharer` clicks their link, then types `owner`'s coupon at checkout."""
        journey = self._journey(sharer)
        assert owner.coupon_code is not None
        journey.coupon, journey.coupon_owner_code = owner.coupon_code, owner.code
        try:
            visit = await self._click(
                campaign_rules.share_url(self.public_url, sharer.code), journey
            )
            ref = referrals.FriendRef(
                campaign_id=self.campaign.id,
                visit_token=visit,
                coupon_code=owner.coupon_code,
                email=journey.friend_email,
            )
            await self._buy(journey, ref)
        except DomainError as exc:
            journey.refused = exc.message
        return journey

    async def _click(self, url: str, journey: rules.Journey) -> str | None:
        """Follow `url` through the real redirect route (and back into it, if the landing page
        leads there); the visit token the shop would receive."""
        visit: str | None = None
        transport = httpx.ASGITransport(
            app=self.redirects, client=(f"198.51.100.{self.count % 250 + 1}", 40000)
        )
        async with httpx.AsyncClient(transport=transport, base_url="http://vouch") as http:
            for _ in range(MAX_HOPS):
                path = rules.redirect_path(url, self.public_url)
                if path is None:
                    break
                answer = await http.get(path, headers={"user-agent": "Vouch preflight"})
                if answer.status_code != 302:
                    raise InvalidState(f"The share link {url} answers {answer.status_code}.")
                url = answer.headers["location"]
                query = parse_qs(urlsplit(url).query)
                if "vt" in query:
                    journey.clicks += 1
                    visit = query["vt"][-1]
                    if journey.clicked_code is None:
                        journey.clicked_code = query["ref"][-1]
        self.clock.advance(BROWSING)  # the friend looks around before signing up and buying
        return visit

    async def _buy(self, journey: rules.Journey, ref: referrals.FriendRef) -> None:
        key = f"preflight-{secrets.token_hex(8)}"
        recorded = await referrals.record_conversion(
            ref=ref,
            order=referrals.Order(key, self.amount, self.campaign.currency, None),
            idempotency_key=key,
            actor=self.actor,
            clock=self.clock,
        )
        referral = await Referral.get(id=recorded.conversion.referral_id)
        credited = await ReferralLink.get(id=referral.link_id).select_related("advocate")
        journey.credited_code, journey.credited_email = credited.code, credited.advocate.email
        for reward in await Reward.filter(referral_id=referral.id).exclude(
            status__in=[RewardStatus.VOIDED, RewardStatus.REJECTED]
        ):
            if reward.recipient is RewardRecipient.FRIEND:
                email = referral.friend_email
            else:
                row = await Advocate.filter(id=reward.advocate_id).first().values("email")
                email = str(row["email"]) if row else None
            journey.payees.append(
                rules.Payee(reward.recipient.value, email, reward.amount, reward.currency)
            )


async def _foreign_code(text: str, link: ReferralLink) -> tuple[ReferralLink, bool] | None:
    """Another link's code (False) or coupon (True) written out in the message."""
    tokens = {t.upper() for t in re.findall(r"[A-Za-z0-9][A-Za-z0-9_-]{2,31}", text)}
    codes = [c for c in {normalize_code(t) for t in tokens} if is_wellformed_code(c)]
    if codes:
        by_code = await ReferralLink.filter(code__in=codes).exclude(id=link.id).first()
        if by_code is not None:
            return by_code, False
    by_coupon = (
        await ReferralLink.filter(campaign_id=link.campaign_id, coupon_code__in=sorted(tokens))
        .exclude(id=link.id)
        .first()
    )
    return (by_coupon, True) if by_coupon is not None else None


async def _landing_answers(url: str, *, production: bool) -> list[rules.Finding]:
    """A GET of the landing page (a redirect counts as an answer and is not followed): in
    production only to a public address, as webhooks are sent (server/webhooks/ssrf.py), so
    the check cannot be turned on the server's own network."""
    try:
        to = await target(url, production=production)
        async with httpx.AsyncClient(timeout=LANDING_TIMEOUT, follow_redirects=False) as http:
            answer = await http.get(to.url, headers=to.headers, extensions=to.extensions)
    except Refused as exc:
        reason = str(exc)
    except httpx.HTTPError as exc:
        reason = type(exc).__name__
    else:
        if answer.status_code < 400:
            return []
        reason = f"status {answer.status_code}"
    return [
        rules.Finding(
            rules.Code.LANDING_UNREACHABLE,
            rules.Severity.WARNING,
            f"The landing URL does not answer ({reason}).",
        )
    ]
