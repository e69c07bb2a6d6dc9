"""Fake demo data, loaded through the same services the API uses (so audit rows exist too)."""

from __future__ import annotations

import random
from datetime import timedelta

from server.accounts.viewer import ANONYMOUS
from server.advocates import service as advocates
from server.audit.service import CLI
from server.campaigns import service as campaigns
from server.campaigns.models import Campaign, CampaignStatus, ObjectiveMetric
from server.campaigns.service import CampaignChanges
from server.clock import Clock, FrozenClock
from server.fraud import service as fraud
from server.fraud.rules import BlockKind
from server.referrals import service as referrals
from server.referrals.models import Conversion, ReferralLink
from server.referrals.service import FriendRef, Order
from server.rewards import service as rewards
from server.rewards.models import Reward, RewardKind, RewardRecipient, RewardStatus
from server.rewards.rules import Policy, Rule, Trigger

FIRST = [
    "Ada",
    "Grace",
    "Alan",
    "Edsger",
    "Barbara",
    "Donald",
    "Frances",
    "Ken",
    "Radia",
    "Tim",
    "Margaret",
    "Dennis",
    "Hedy",
    "Linus",
    "Karen",
    "Niklaus",
]
LAST = ["Sample", "Example", "Demo", "Placeholder", "Fixture", "Mock"]
# Friends: distinct, unnumbered names (numbered addresses are a fraud signal of their own).
FRIEND_FIRST = [
    "Noor", "Mateo", "Priya", "Jonas", "Amara", "Kenji", "Lucia", "Tomasz", "Ines", "Kwame",
    "Elif", "Rafael", "Saanvi", "Oskar", "Zanele", "Hugo", "Mei", "Darius", "Freya", "Emeka",
]  # fmt: skip
FRIEND_LAST = [
    "Okafor", "Lindqvist", "Haddad", "Moreau", "Tanaka", "Novak", "Quispe", "Brennan", "Sato",
    "Ferreira", "Kowalski", "Abiola", "Castillo", "Varga", "Nakamura", "Osei", "Richter",
    "Delgado", "Iyer", "Mensah",
]  # fmt: skip
FRIEND_DOMAINS = ["example.org", "example.net", "example.com"]


def friend_identity(n: int) -> tuple[str, str]:
    """The n-th demo friend's name and email: unique for n below 400."""
    first = FRIEND_FIRST[n % len(FRIEND_FIRST)]
    last = FRIEND_LAST[(n + n // len(FRIEND_FIRST)) % len(FRIEND_LAST)]
    domain = FRIEND_DOMAINS[n % len(FRIEND_DOMAINS)]
    return f"{first} {last}", f"{first}.{last}@{domain}".lower()


async def is_empty() -> bool:
    return not await Campaign.exists()


async def seed(*, clock: Clock, days: int = 45, seed: int = 7) -> dict[str, int]:
    """Three campaigns (live, live in test mode, draft) with ~45 days of activity."""
    rng = random.Random(seed)
    now = clock.now()
    start = now - timedelta(days=days)
    sim = FrozenClock(start)
    counts = {"campaigns": 0, "advocates": 0, "clicks": 0, "referrals": 0, "conversions": 0}

    async def campaign(slug: str, name: str, **extra: object) -> Campaign:
        counts["campaigns"] += 1
        return await campaigns.create(
            changes=CampaignChanges(
                name=name,
                slug=slug,
                landing_url=f"https://shop.example.com/{slug}?utm_source=vouch",
                description=f"{name}: demo campaign.",
                share_email_subject="{advocate_name} sent you {friend_reward}",
                share_email_body=(
                    "Hi! Use my link {share_url} and get {friend_reward} on your first order."
                ),
                share_social_message="I love this shop. {friend_reward} with my link: {share_url}",
                friend_reward_text="$10 off",
                terms="Demo terms: one reward per new customer.",
                **extra,  # type: ignore[arg-type]
            ),
            default_currency="USD",
            actor=CLI,
            clock=sim,
        )

    give = await campaign(
        "give-10-get-10",
        "Give $10, Get $10",
        objective_metric=ObjectiveMetric.CONVERSIONS,
        objective_target=100,
        objective_deadline=now + timedelta(days=60),
        slack_channel="C0DEMOREFS",  # a made-up channel id: set your own
    )
    rehearsal = await campaign("spring-rehearsal", "Spring (rehearsal)", test_mode=True)
    preview = await campaign(
        "summer-preview", "Summer preview (scheduled)", starts_at=now + timedelta(days=30)
    )
    for c in (give, rehearsal, preview):
        await campaigns.transition(
            campaign_id=c.id, target=CampaignStatus.ACTIVE, actor=CLI, clock=sim
        )
    for c in (give, rehearsal):
        await rewards.set_rules(
            campaign_id=c.id,
            rules_=DEMO_RULES,
            policy=Policy(auto_approve_max=1000, four_eyes_above=20000),
            viewer=ANONYMOUS,
            actor=CLI,
            clock=sim,
        )

    links: list[ReferralLink] = []
    for i in range(24):
        first, last = FIRST[i % len(FIRST)], LAST[i % len(LAST)]
        target = give if i < 18 else rehearsal
        done = await advocates.enroll(
            campaign_id=target.id,
            email=f"{first}.{last}{i}@example.com".lower(),
            name=f"{first} {last}",
            external_id=f"cust-{1000 + i}",
            vanity_code="ada" if i == 0 else None,
            actor=CLI,
            clock=sim,
        )
        links.append(done.link)
        counts["advocates"] += 1

    friend = 0
    for day in range(days):
        sim.set(start + timedelta(days=day, hours=9))
        for link in rng.sample(links, k=rng.randint(2, 6)):
            await link.fetch_related("campaign")
            ua = rng.choice(["Mozilla/5.0 (Macintosh)", "Mozilla/5.0 (iPhone)", "curl/8"])
            click = await referrals.record_click(
                link=link,
                ip_hash=f"{rng.getrandbits(64):016x}",
                ua_hash=ua[:32],
                now=sim.now(),
            )
            counts["clicks"] += 1
            if rng.random() < 0.45:
                friend += 1
                name, email = friend_identity(friend)
                sim.advance(timedelta(minutes=rng.randint(1, 90)))
                await referrals.record_signup(
                    ref=FriendRef(visit_token=click.visit_token, email=email),
                    name=name,
                    occurred_at=None,
                    actor=CLI,
                    clock=sim,
                )
                counts["referrals"] += 1
                if rng.random() < 0.6:
                    sim.advance(timedelta(hours=rng.randint(1, 30)))
                    if sim.now() > now:
                        sim.set(now)
                    await referrals.record_conversion(
                        ref=FriendRef(campaign_id=link.campaign_id, email=email),
                        order=Order(f"demo-{friend}", rng.randint(1500, 25000), "USD", None),
                        idempotency_key=f"demo-order-{friend}",
                        actor=CLI,
                        clock=sim,
                    )
                    counts["conversions"] += 1
    await _settle(clock, rng)
    counts["flagged"], counts["blocked"] = await _fraud_examples(links[0], links[1], clock)
    # The flagged order's due reward goes to a person despite being under the threshold.
    await rewards.release_holds(clock=clock, actor=CLI)
    counts["rewards"] = await Reward.all().count()
    return counts


async def _fraud_examples(ada: ReferralLink, grace: ReferralLink, clock: Clock) -> tuple[int, int]:
    """What the review queue looks like: a disposable inbox flagged with its order waiting for
    a person, a self-referral and a blocklisted domain stored rejected."""
    await fraud.add_block(
        kind=BlockKind.DOMAIN,
        value="bulk-signups.example",
        reason="Demo: a known source of fake signups.",
        hash_ip=str,
        actor=CLI,
        clock=clock,
    )
    await referrals.record_conversion(
        ref=FriendRef(referral_code=ada.code, email="deal.hunter@mailinator.com"),
        order=Order("demo-flagged-1", 4200, "USD", None),
        idempotency_key="demo-order-flagged-1",
        actor=CLI,
        clock=clock,
    )
    advocate = await grace.advocate
    blocked = [
        FriendRef(referral_code=grace.code, email=advocate.email.upper()),
        FriendRef(referral_code=ada.code, email="someone@bulk-signups.example"),
    ]
    for ref in blocked:
        await referrals.record_signup(
            ref=ref, name="Demo blocked", occurred_at=None, actor=CLI, clock=clock
        )
    return 1, len(blocked)


async def _settle(clock: Clock, rng: random.Random) -> None:
    """Move the demo's rewards into every state a reviewer should see."""
    await rewards.release_holds(clock=clock, actor=CLI)
    live = Reward.filter(test=False)
    approved = await live.filter(status=RewardStatus.APPROVED).order_by("id")
    for reward in approved[: len(approved) // 2]:
        await rewards.fulfill(
            reward_id=reward.id,
            external_reference=f"DEMO-PAYOUT-{reward.id}",
            actor=CLI,
            clock=clock,
        )
    awaiting = await live.filter(status=RewardStatus.AWAITING_APPROVAL).order_by("id")
    if awaiting:
        await rewards.reject(
            reward_id=awaiting[0].id,
            reason="not_eligible",
            note="Demo: order was a staff purchase.",
            viewer=ANONYMOUS,
            actor=CLI,
            clock=clock,
        )
    for status in (RewardStatus.FULFILLED, RewardStatus.PENDING):
        target = await live.filter(status=status, conversion_id__not_isnull=True).first()
        if target is not None and target.conversion_id is not None:
            conversion = await Conversion.get(id=target.conversion_id)
            await referrals.record_refund(
                conversion_id=conversion.id,
                amount=conversion.amount - conversion.refunded_amount,
                reason="Demo refund",
                idempotency_key=f"demo-refund-{conversion.id}",
                actor=CLI,
                clock=clock,
            )


DEMO_RULES = [
    Rule(
        key="advocate",
        recipient=RewardRecipient.ADVOCATE,
        trigger=Trigger.FIRST_PURCHASE,
        kind=RewardKind.CREDIT,
        currency="USD",
        fixed_amount=1000,
        hold_days=14,
        description="$10 store credit",
    ),
    Rule(
        key="friend",
        recipient=RewardRecipient.FRIEND,
        trigger=Trigger.FIRST_PURCHASE,
        kind=RewardKind.DISCOUNT,
        currency="USD",
        fixed_amount=1000,
        description="$10 off",
    ),
    Rule(
        key="big-order",
        recipient=RewardRecipient.ADVOCATE,
        trigger=Trigger.EVERY_PURCHASE,
        kind=RewardKind.CASH,
        currency="USD",
        percent_bps=1000,
        max_amount=2500,
        min_order_amount=15000,
        max_per_friend=3,
        hold_days=7,
        description="10% of big orders, up to $25",
    ),
]
