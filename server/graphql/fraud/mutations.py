from __future__ import annotations

from typing import Annotated

import strawberry

from server.accounts.permissions import Permission
from server.campaigns.models import Campaign as CampaignModel
from server.fraud import service
from server.fraud.rules import Setting
from server.graphql.campaigns.mutations import CampaignResult
from server.graphql.campaigns.types import Campaign
from server.graphql.context import Info
from server.graphql.enums import BlockKind, Mode, RuleKey
from server.graphql.errors import UserError, attempt, parse_id
from server.graphql.fraud.types import BlocklistEntry
from server.graphql.permissions import mutation_needs
from server.graphql.referrals.mutations import ReferralResult
from server.graphql.referrals.types import Referral

BlocklistResult = Annotated[BlocklistEntry | UserError, strawberry.union("BlocklistResult")]


@strawberry.input
class FraudRuleInput:
    rule: RuleKey
    mode: Mode
    threshold: int | None = strawberry.field(
        default=None, description="Only for rules with a threshold; the default if omitted."
    )


@strawberry.input
class SetFraudRulesInput:
    campaign_id: strawberry.ID
    rules: list[FraudRuleInput] = strawberry.field(
        description="Rules not named keep their current setting."
    )


@strawberry.input
class AddBlocklistEntryInput:
    kind: BlockKind
    value: str = strawberry.field(
        description="EMAIL: an address or pattern (`*` matches anything). DOMAIN: a domain "
        "(covers its subdomains). IP_HASH: an IP address (hashed by the server, never "
        "stored) or a 32-character hash. ADVOCATE: the advocate's (global) id."
    )
    reason: str = ""


@strawberry.type
class FraudMutations:
    @strawberry.mutation(extensions=mutation_needs(Permission.CAMPAIGNS_WRITE))
    async def set_fraud_rules(self, info: Info, input: SetFraudRulesInput) -> CampaignResult:
        async def run() -> Campaign:
            ctx = info.context
            campaign_id = parse_id(input.campaign_id, "campaignId", "Campaign")
            await service.set_rules(
                campaign_id=campaign_id,
                changes=[(r.rule, Setting(r.mode, r.threshold)) for r in input.rules],
                actor=ctx.actor,
                clock=ctx.clock,
            )
            return Campaign.of(await CampaignModel.get(id=campaign_id))

        return await attempt(run())

    @strawberry.mutation(
        extensions=mutation_needs(Permission.FRAUD_REVIEW),
        description="Reject the referral as fraud: owed rewards are voided, paid ones reversed.",
    )
    async def confirm_fraud(
        self, info: Info, referral_id: strawberry.ID, note: str = ""
    ) -> ReferralResult:
        async def run() -> Referral:
            ctx = info.context
            return Referral.of(
                await service.confirm_fraud(
                    referral_id=parse_id(referral_id, "referralId", "Referral"),
                    note=note,
                    actor=ctx.actor,
                    clock=ctx.clock,
                )
            )

        return await attempt(run())

    @strawberry.mutation(
        extensions=mutation_needs(Permission.FRAUD_REVIEW),
        description="Clear a flag: the referral's rewards proceed under the approval policy.",
    )
    async def dismiss_flag(
        self, info: Info, referral_id: strawberry.ID, note: str = ""
    ) -> ReferralResult:
        async def run() -> Referral:
            ctx = info.context
            return Referral.of(
                await service.dismiss_flag(
                    referral_id=parse_id(referral_id, "referralId", "Referral"),
                    note=note,
                    reviewer_email=ctx.viewer.user.email if ctx.viewer.user else None,
                    actor=ctx.actor,
                    clock=ctx.clock,
                )
            )

        return await attempt(run())

    @strawberry.mutation(extensions=mutation_needs(Permission.FRAUD_REVIEW))
    async def add_blocklist_entry(
        self, info: Info, input: AddBlocklistEntryInput
    ) -> BlocklistResult:
        async def run() -> BlocklistEntry:
            ctx = info.context
            return BlocklistEntry.of(
                await service.add_block(
                    kind=input.kind,
                    value=(
                        str(parse_id(input.value, "value", "Advocate"))
                        if input.kind is BlockKind.ADVOCATE
                        else input.value
                    ),
                    reason=input.reason,
                    hash_ip=service.ip_hasher(ctx.settings),
                    hash_network=service.network_hasher(ctx.settings),
                    actor=ctx.actor,
                    clock=ctx.clock,
                )
            )

        return await attempt(run())

    @strawberry.mutation(extensions=mutation_needs(Permission.FRAUD_REVIEW))
    async def remove_blocklist_entry(self, info: Info, id: strawberry.ID) -> BlocklistResult:
        async def run() -> BlocklistEntry:
            ctx = info.context
            return BlocklistEntry.of(
                await service.remove_block(
                    entry_id=parse_id(id, "id", "BlocklistEntry"), actor=ctx.actor, clock=ctx.clock
                )
            )

        return await attempt(run())
