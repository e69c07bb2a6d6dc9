"""Every operation declares a permission, and every mutation is tried under every role."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import httpx
import pytest
from graphql import GraphQLObjectType
from starlette.applications import Starlette
from strawberry.types.base import StrawberryObjectDefinition

from server.accounts import keys
from server.accounts import service as accounts
from server.accounts.models import ApiKey, Role, StaffUser
from server.accounts.permissions import ROLE_PERMISSIONS, Permission, delegated_permissions
from server.accounts.viewer import ANONYMOUS, Viewer
from server.advocates import service as advocates
from server.audit.models import AuditEvent
from server.audit.service import CLI
from server.campaigns import service as campaigns
from server.campaigns.models import Campaign, CampaignStatus
from server.campaigns.service import CampaignChanges
from server.email import tokens as email_tokens
from server.email.models import (
    CampaignEmailSettings,
    EmailMessage,
    EmailSuppression,
    EmailTemplate,
    PortalSignIn,
)
from server.fraud import service as fraud
from server.fraud import shared as shared_networks
from server.fraud.models import BlocklistEntry, FraudRuleSetting
from server.fraud.rules import BlockKind
from server.graphql.node import NODE_TYPES, Entity
from server.graphql.permissions import Requires
from server.graphql.schema import schema
from server.milestones.models import Milestone, MilestoneRule
from server.notifications import service as notifications
from server.notifications.models import Notification
from server.referrals import service as referrals
from server.referrals.models import Conversion, Referral, ReferralLink
from server.referrals.service import FriendRef, Order
from server.rewards import service as rewards
from server.rewards.models import (
    LedgerEntry,
    Reward,
    RewardKind,
    RewardRecipient,
    RewardRuleSet,
)
from server.rewards.rules import Policy, Rule, Trigger
from server.webhooks import service as webhooks
from server.webhooks.delivery import fan_out
from server.webhooks.models import WebhookDelivery, WebhookEndpoint, WebhookEvent
from tests.conftest import STAFF_PASSWORD, make_client, staff_token
from tests.ids import gid

# Every document is tried against the permission layer, bot keys included; the trusted-document
# gate in front of bot keys is tested in test_delegation.py.
pytestmark = pytest.mark.usefixtures("any_bot_document")


def _guards(type_name: str) -> dict[str, Permission | None]:
    definition = schema.get_type_by_name(type_name)
    assert isinstance(definition, StrawberryObjectDefinition)
    out: dict[str, Permission | None] = {}
    for field in definition.fields:
        found = [e.permission for e in field.extensions if isinstance(e, Requires)]
        out[schema.config.name_converter.from_field(field)] = found[0] if found else None
    return out


# `node` and `nodes` check, per object, the permission of that type's direct query.
PER_TYPE = {"node", "nodes"}


def _also(type_name: str) -> dict[str, frozenset[Permission]]:
    """Alternative permissions a field accepts besides its main one."""
    definition = schema.get_type_by_name(type_name)
    assert isinstance(definition, StrawberryObjectDefinition)
    return {
        schema.config.name_converter.from_field(field): frozenset(
            p for e in field.extensions if isinstance(e, Requires) for p in e.also
        )
        for field in definition.fields
    }


def test_every_operation_field_declares_a_permission() -> None:
    for root in ("Query", "Mutation"):
        open_fields = [
            name for name, perm in _guards(root).items() if perm is None and name not in PER_TYPE
        ]
        assert open_fields == [], f"{root} fields without a permission: {open_fields}"


def test_every_node_type_declares_a_permission() -> None:
    implementing = {
        t.name
        for t in schema._schema.type_map.values()
        if isinstance(t, GraphQLObjectType) and any(i.name == "Node" for i in t.interfaces)
    }
    assert implementing == NODE_TYPES
    for name in NODE_TYPES:
        definition = schema.get_type_by_name(name)
        origin = getattr(definition, "origin", None)
        assert isinstance(origin, type) and issubclass(origin, Entity)
        assert isinstance(origin.node_permission, Permission)


@dataclass
class World:
    app: Starlette
    live_id: str
    draft_id: str
    code: str
    conversion_id: str
    target_user_id: str
    key_id: str
    link_id: str
    awaiting_id: str
    approved_id: str
    milestone_rule_id: str
    notification_id: str
    lease_token: str
    referral_id: str
    other_link_id: str
    flagged_id: str
    block_id: str
    sandbox_id: str = ""
    webhook_endpoint_id: int = 0
    webhook_delivery_id: int = 0
    join_token: str = ""
    sign_in_token: str = ""
    shared_network_id: str = ""


async def _world(app: Starlette) -> World:
    clock, services = app.state.clock, app.state.services

    async def campaign(slug: str) -> Campaign:
        return await campaigns.create(
            changes=CampaignChanges(name=slug, slug=slug, landing_url="https://shop.example.com"),
            default_currency="USD",
            actor=CLI,
            clock=clock,
        )

    live = await campaign("live")
    await campaigns.transition(
        campaign_id=live.id, target=CampaignStatus.ACTIVE, actor=CLI, clock=clock
    )
    draft = await campaign("draft")
    link = (
        await advocates.enroll(
            campaign_id=live.id,
            email="ada@example.com",
            name="Ada",
            external_id=None,
            vanity_code=None,
            actor=CLI,
            clock=clock,
        )
    ).link
    other = (
        await advocates.enroll(
            campaign_id=live.id,
            email="grace@example.com",
            name="Grace",
            external_id=None,
            vanity_code=None,
            actor=CLI,
            clock=clock,
        )
    ).link
    await rewards.set_rules(
        campaign_id=live.id,
        rules_=[
            Rule(
                key="a",
                recipient=RewardRecipient.ADVOCATE,
                trigger=Trigger.FIRST_PURCHASE,
                kind=RewardKind.CASH,
                currency="USD",
                fixed_amount=1000,
            )
        ],
        policy=Policy(),
        viewer=ANONYMOUS,
        actor=CLI,
        clock=clock,
    )
    second = await referrals.record_conversion(
        ref=FriendRef(referral_code=link.code, email="eve@example.org"),
        order=Order("order-0", 5000, "USD", None),
        idempotency_key="setup-conversion-0",
        actor=CLI,
        clock=clock,
    )
    done = await referrals.record_conversion(
        ref=FriendRef(referral_code=link.code, email="bob@example.org"),
        order=Order("order-1", 5000, "USD", None),
        idempotency_key="setup-conversion-1",
        actor=CLI,
        clock=clock,
    )
    target = await accounts.create_user(
        email="target@example.com",
        name="Target",
        role=Role.MANAGER,
        password=STAFF_PASSWORD,
        passwords=services.passwords,
        actor=CLI,
        clock=clock,
    )
    key = await keys.create_api_key(
        name="existing",
        role=Role.INTEGRATION,
        test=False,
        expires_at=None,
        pepper=services.api_key_pepper,
        viewer=ANONYMOUS,
        actor=CLI,
        clock=clock,
    )
    await rewards.release_holds(clock=clock, actor=CLI)
    approver = await accounts.create_user(
        email="approver@example.com",
        name="Approver",
        role=Role.MANAGER,
        password=STAFF_PASSWORD,
        passwords=services.passwords,
        actor=CLI,
        clock=clock,
    )
    approved = await Reward.get(conversion_id=second.conversion.id)
    await rewards.approve(
        reward_id=approved.id, viewer=Viewer.for_user(approver.user), actor=CLI, clock=clock
    )
    awaiting = await Reward.get(conversion_id=done.conversion.id)
    batch = await notifications.claim(limit=1, lease_seconds=60, clock=clock)
    rule = await MilestoneRule.filter(campaign_id=live.id).order_by("id").first()
    assert rule is not None and batch.notifications
    sandbox = await campaigns.create(
        changes=CampaignChanges(
            name="sandbox", slug="sandbox", landing_url="https://shop.example.com", test_mode=True
        ),
        default_currency="USD",
        actor=CLI,
        clock=clock,
    )
    # A disposable inbox is flagged by default.
    flagged = await referrals.record_signup(
        ref=FriendRef(referral_code=link.code, email="burner@mailinator.com"),
        name=None,
        occurred_at=None,
        actor=CLI,
        clock=clock,
    )
    block = await fraud.add_block(
        kind=BlockKind.DOMAIN,
        value="spam.example",
        reason="",
        hash_ip=str,
        actor=CLI,
        clock=clock,
    )
    hook = await webhooks.create_endpoint(
        url="http://127.0.0.1:9/hook",
        event_types=[],
        description="",
        include_test=False,
        production=False,
        box=services.secret_box,
        actor=CLI,
        clock=clock,
    )
    await webhooks.send_test(endpoint_id=hook.endpoint.id, actor=CLI, clock=clock)
    await fan_out(now=clock.now())
    delivery = await WebhookDelivery.filter(endpoint_id=hook.endpoint.id).order_by("id").first()
    assert delivery is not None
    world = World(
        app,
        gid("Campaign", live.id),
        gid("Campaign", draft.id),
        link.code,
        gid("Conversion", done.conversion.id),
        gid("StaffUser", target.user.id),
        gid("ApiKey", key.key.id),
        gid("Link", link.id),
        gid("Reward", awaiting.id),
        gid("Reward", approved.id),
        gid("MilestoneRule", rule.id),
        gid("Notification", batch.notifications[0].id),
        batch.lease_token,
        gid("Referral", done.conversion.referral_id),
        gid("Link", other.id),
        gid("Referral", flagged.id),
        gid("BlocklistEntry", block.id),
        gid("Campaign", sandbox.id),
    )
    world.webhook_endpoint_id, world.webhook_delivery_id = hook.endpoint.id, delivery.id
    settings, now = app.state.settings, clock.now()
    world.join_token = email_tokens.form_token(settings, "live", now - timedelta(seconds=10))
    sign_in = await PortalSignIn.create(
        link_id=link.id, created_at=now, expires_at=now + timedelta(minutes=30)
    )
    world.sign_in_token = email_tokens.sign_in_token(settings, sign_in.id)
    marked = await shared_networks.mark(
        value="192.0.2.0/24", note="", hash_ip=str, hash_network=str, actor=CLI, clock=clock
    )
    world.shared_network_id = gid("SharedNetwork", marked.id)
    return world


async def _credential(app: Starlette, role: Role | None) -> str | None:
    if role is None:
        return None
    if role in (Role.INTEGRATION, Role.BOT):
        services = app.state.services
        issued = await keys.create_api_key(
            name=f"{role.value} key",
            role=role,
            test=False,
            expires_at=None,
            pepper=services.api_key_pepper,
            viewer=ANONYMOUS,
            actor=CLI,
            clock=app.state.clock,
        )
        return issued.secret
    return await staff_token(app, role, email=f"caller-{role.value}@example.com")


Case = tuple[str, str, Callable[[World], dict[str, Any]]]
MUTATIONS: list[Case] = [
    (
        "login",
        'mutation($p: String!) { r: login(email: "target@example.com", password: $p) '
        "{ __typename ... on UserError { code } } }",
        lambda w: {"p": STAFF_PASSWORD},
    ),
    ("logout", "mutation { r: logout { __typename ... on UserError { code } } }", lambda w: {}),
    (
        "logoutEverywhere",
        "mutation { r: logoutEverywhere { __typename ... on UserError { code } } }",
        lambda w: {},
    ),
    (
        "changePassword",
        "mutation($p: String!) { r: changePassword(currentPassword: $p, "
        'newPassword: "another-strong-phrase-77") { __typename ... on UserError { code } } }',
        lambda w: {"p": STAFF_PASSWORD},
    ),
    (
        "createStaffUser",
        'mutation { r: createStaffUser(input: {email: "new@example.com", '
        'name: "New", role: ANALYST}) { __typename ... on UserError { code } } }',
        lambda w: {},
    ),
    (
        "updateStaffUser",
        "mutation($id: ID!) { r: updateStaffUser(id: $id, role: ANALYST) "
        "{ __typename ... on UserError { code } } }",
        lambda w: {"id": w.target_user_id},
    ),
    (
        "linkSlackUser",
        "mutation($id: ID!) { r: linkSlackUser(userId: $id, slackUserId: "
        '"U0TARGET1") { __typename ... on UserError { code } } }',
        lambda w: {"id": w.target_user_id},
    ),
    (
        "createApiKey",
        'mutation { r: createApiKey(input: {name: "k", role: INTEGRATION}) '
        "{ __typename ... on UserError { code } } }",
        lambda w: {},
    ),
    (
        "revokeApiKey",
        "mutation($id: ID!) { r: revokeApiKey(id: $id) { __typename ... on UserError { code } } }",
        lambda w: {"id": w.key_id},
    ),
    (
        "createCampaign",
        'mutation { r: createCampaign(input: {name: "N", slug: "new", '
        'landingUrl: "https://shop.example.com"}) { __typename ... on UserError { code } } }',
        lambda w: {},
    ),
    (
        "updateCampaign",
        'mutation($id: ID!) { r: updateCampaign(id: $id, input: {name: "x"}) '
        "{ __typename ... on UserError { code } } }",
        lambda w: {"id": w.draft_id},
    ),
    (
        "launchCampaign",
        "mutation($id: ID!) { r: launchCampaign(id: $id) "
        "{ __typename ... on UserError { code } } }",
        lambda w: {"id": w.draft_id},
    ),
    (
        "pauseCampaign",
        "mutation($id: ID!) { r: pauseCampaign(id: $id) { __typename ... on UserError { code } } }",
        lambda w: {"id": w.live_id},
    ),
    (
        "endCampaign",
        "mutation($id: ID!) { r: endCampaign(id: $id) { __typename ... on UserError { code } } }",
        lambda w: {"id": w.live_id},
    ),
    (
        "archiveCampaign",
        "mutation($id: ID!) { r: archiveCampaign(id: $id) "
        "{ __typename ... on UserError { code } } }",
        lambda w: {"id": w.draft_id},
    ),
    (
        "enrollAdvocate",
        "mutation($id: ID!) { r: enrollAdvocate(input: {campaignId: $id, "
        'email: "new.advocate@example.com"}) { __typename ... on UserError { code } } }',
        lambda w: {"id": w.live_id},
    ),
    (
        "setRewardRules",
        'mutation($id: ID!) { r: setRewardRules(input: {campaignId: $id, rules: [{key: "b", '
        'recipient: ADVOCATE, trigger: FIRST_PURCHASE, kind: CASH, currency: "USD", '
        "fixedAmount: 500}]}) { __typename ... on UserError { code } } }",
        lambda w: {"id": w.live_id},
    ),
    (
        "advanceTestClock",
        "mutation($id: ID!) { r: advanceTestClock(campaignId: $id, hours: 24) "
        "{ __typename ... on UserError { code } } }",
        lambda w: {"id": w.sandbox_id},
    ),
    (
        "resetTestData",
        "mutation($id: ID!) { r: resetTestData(campaignId: $id) "
        "{ __typename ... on UserError { code } } }",
        lambda w: {"id": w.sandbox_id},
    ),
    (
        "goLive",
        "mutation($id: ID!) { r: goLive(campaignId: $id, resetTestData: true, "
        "acknowledge: [REWARD_TO_STAFF]) { __typename ... on UserError { code } } }",
        lambda w: {"id": w.sandbox_id},
    ),
    (
        "approveReward",
        "mutation($id: ID!) { r: approveReward(id: $id) { __typename ... on UserError { code } } }",
        lambda w: {"id": w.awaiting_id},
    ),
    (
        "rejectReward",
        'mutation($id: ID!) { r: rejectReward(id: $id, reason: "other") '
        "{ __typename ... on UserError { code } } }",
        lambda w: {"id": w.awaiting_id},
    ),
    (
        "unapproveReward",
        "mutation($id: ID!) { r: unapproveReward(id: $id) "
        "{ __typename ... on UserError { code } } }",
        lambda w: {"id": w.approved_id},
    ),
    (
        "fulfillReward",
        'mutation($id: ID!) { r: fulfillReward(id: $id, externalReference: "payout-1") '
        "{ __typename ... on UserError { code } } }",
        lambda w: {"id": w.approved_id},
    ),
    (
        "approveRewards",
        "mutation($id: ID!) { r: approveRewards(ids: [$id]) "
        "{ __typename ... on BulkResult { failed { rewardId } } ... on UserError { code } } }",
        lambda w: {"id": w.awaiting_id},
    ),
    (
        "rejectRewards",
        'mutation($id: ID!) { r: rejectRewards(ids: [$id], reason: "fraud") '
        "{ __typename ... on BulkResult { failed { rewardId } } ... on UserError { code } } }",
        lambda w: {"id": w.awaiting_id},
    ),
    (
        "issuePortalToken",
        "mutation($id: ID!) { r: issuePortalToken(linkId: $id) "
        "{ __typename ... on UserError { code } } }",
        lambda w: {"id": w.link_id},
    ),
    (
        "revokePortalToken",
        "mutation($id: ID!) { r: revokePortalToken(linkId: $id) "
        "{ __typename ... on UserError { code } } }",
        lambda w: {"id": w.link_id},
    ),
    (
        "setLinkCoupon",
        'mutation($id: ID!) { r: setLinkCoupon(linkId: $id, couponCode: "ADA10") '
        "{ __typename ... on UserError { code } } }",
        lambda w: {"id": w.link_id},
    ),
    (
        "reattributeReferral",
        "mutation($r: ID!, $l: ID!) { r: reattributeReferral(input: {referralId: $r, "
        'linkId: $l, reason: "support ticket 7"}) { __typename ... on UserError { code } } }',
        lambda w: {"r": w.referral_id, "l": w.other_link_id},
    ),
    (
        "recordSignup",
        "mutation($c: String!) { r: recordSignup(input: {friend: {referralCode: $c,"
        ' email: "carol@example.org"}}) { __typename ... on UserError { code } } }',
        lambda w: {"c": w.code},
    ),
    (
        "recordConversion",
        "mutation($c: String!) { r: recordConversion(input: {friend: "
        '{referralCode: $c, email: "dan@example.org"}, externalOrderId: "o-2", amount: 100, '
        'currency: "USD", idempotencyKey: "matrix-key-1"}) { __typename ... on UserError '
        "{ code } } }",
        lambda w: {"c": w.code},
    ),
    (
        "recordRefund",
        "mutation($id: ID!) { r: recordRefund(input: {conversionId: $id, "
        'amount: 100, idempotencyKey: "matrix-refund-1"}) { __typename ... on UserError '
        "{ code } } }",
        lambda w: {"id": w.conversion_id},
    ),
    (
        "setFraudRules",
        "mutation($id: ID!) { r: setFraudRules(input: {campaignId: $id, rules: "
        "[{rule: SHARED_IP, mode: BLOCK, threshold: 3}]}) { __typename ... on UserError "
        "{ code } } }",
        lambda w: {"id": w.live_id},
    ),
    (
        "confirmFraud",
        'mutation($id: ID!) { r: confirmFraud(referralId: $id, note: "burner") '
        "{ __typename ... on UserError { code } } }",
        lambda w: {"id": w.flagged_id},
    ),
    (
        "dismissFlag",
        "mutation($id: ID!) { r: dismissFlag(referralId: $id) "
        "{ __typename ... on UserError { code } } }",
        lambda w: {"id": w.flagged_id},
    ),
    (
        "addBlocklistEntry",
        'mutation { r: addBlocklistEntry(input: {kind: EMAIL, value: "*@bad.example"}) '
        "{ __typename ... on UserError { code } } }",
        lambda w: {},
    ),
    (
        "removeBlocklistEntry",
        "mutation($id: ID!) { r: removeBlocklistEntry(id: $id) "
        "{ __typename ... on UserError { code } } }",
        lambda w: {"id": w.block_id},
    ),
    (
        "markSharedNetwork",
        'mutation { r: markSharedNetwork(input: {value: "203.0.113.0/24", note: "campus"}) '
        "{ __typename ... on UserError { code } } }",
        lambda w: {},
    ),
    (
        "unmarkSharedNetwork",
        "mutation($id: ID!) { r: unmarkSharedNetwork(id: $id) "
        "{ __typename ... on UserError { code } } }",
        lambda w: {"id": w.shared_network_id},
    ),
]
ADVOCATE_1 = "QWR2b2NhdGU6MQ=="
MUTATIONS += [
    (
        "importAdvocates",
        'mutation($c: ID!) { r: importAdvocates(campaignId: $c, csv: "email\\nnew@example.com") '
        "{ __typename ... on UserError { code } } }",
        lambda w: {"c": w.live_id},
    ),
    (
        "exportAdvocates",
        "mutation($c: ID!) { r: exportAdvocates(campaignId: $c) "
        "{ __typename ... on UserError { code } } }",
        lambda w: {"c": w.live_id},
    ),
    (
        "exportPayoutFile",
        "mutation { r: exportPayoutFile(provider: WISE) { __typename ... on UserError { code } } }",
        lambda w: {},
    ),
    (
        "importPayoutResults",
        'mutation { r: importPayoutResults(provider: PAYPAL, file: "Status,Customer ID\\n") '
        "{ __typename ... on UserError { code } } }",
        lambda w: {},
    ),
    (
        "setAdvocateStripeCustomer",
        'mutation($a: ID!) { r: setAdvocateStripeCustomer(advocateId: $a, customerId: "cus_X1") '
        "{ __typename ... on UserError { code } } }",
        lambda w: {"a": ADVOCATE_1},
    ),
    (
        "setFriendStripeCustomer",
        'mutation($r: ID!) { r: setFriendStripeCustomer(referralId: $r, customerId: "cus_X2") '
        "{ __typename ... on UserError { code } } }",
        lambda w: {"r": w.referral_id},
    ),
    (
        "eraseAdvocate",
        'mutation($a: ID!) { r: eraseAdvocate(advocateId: $a, reason: "asked") '
        "{ __typename ... on UserError { code } } }",
        lambda w: {"a": ADVOCATE_1},
    ),
    (
        "eraseFriend",
        'mutation($r: ID!) { r: eraseFriend(referralId: $r, reason: "asked") '
        "{ __typename ... on UserError { code } } }",
        lambda w: {"r": w.referral_id},
    ),
]
MUTATIONS += [
    (
        "configureIntegration",
        "mutation { r: configureIntegration(input: {provider: SHOPIFY, "
        'signingSecrets: ["a-shopify-signing-key"]}) { __typename ... on UserError { code } } }',
        lambda w: {},
    ),
    (
        "createWebhookEndpoint",
        'mutation { r: createWebhookEndpoint(input: {url: "http://127.0.0.1:9/other"}) '
        "{ __typename ... on UserError { code } } }",
        lambda w: {},
    ),
    (
        "updateWebhookEndpoint",
        "mutation($id: ID!) { r: updateWebhookEndpoint(input: {id: $id, enabled: false}) "
        "{ __typename ... on UserError { code } } }",
        lambda w: {"id": gid("WebhookEndpoint", w.webhook_endpoint_id)},
    ),
    (
        "deleteWebhookEndpoint",
        "mutation($id: ID!) { r: deleteWebhookEndpoint(id: $id) "
        "{ __typename ... on UserError { code } } }",
        lambda w: {"id": gid("WebhookEndpoint", w.webhook_endpoint_id)},
    ),
    (
        "rotateWebhookSecret",
        "mutation($id: ID!) { r: rotateWebhookSecret(id: $id) "
        "{ __typename ... on UserError { code } } }",
        lambda w: {"id": gid("WebhookEndpoint", w.webhook_endpoint_id)},
    ),
    (
        "replayWebhookDelivery",
        "mutation($id: ID!) { r: replayWebhookDelivery(id: $id) "
        "{ __typename ... on UserError { code } } }",
        lambda w: {"id": gid("WebhookDelivery", w.webhook_delivery_id)},
    ),
    (
        "sendTestWebhook",
        "mutation($id: ID!) { r: sendTestWebhook(id: $id) "
        "{ __typename ... on UserError { code } } }",
        lambda w: {"id": gid("WebhookEndpoint", w.webhook_endpoint_id)},
    ),
    (
        "createMilestoneRule",
        "mutation($c: ID!) { r: createMilestoneRule(input: {campaignId: $c, kind: CONVERSIONS, "
        "threshold: 7}) { __typename ... on UserError { code } } }",
        lambda w: {"c": w.live_id},
    ),
    (
        "updateMilestoneRule",
        "mutation($id: ID!) { r: updateMilestoneRule(id: $id, enabled: false) "
        "{ __typename ... on UserError { code } } }",
        lambda w: {"id": w.milestone_rule_id},
    ),
    (
        "claimNotifications",
        "mutation { r: claimNotifications(limit: 5) { __typename ... on UserError { code } } }",
        lambda w: {},
    ),
    (
        "markNotificationDelivered",
        "mutation($id: ID!, $t: String!) { r: markNotificationDelivered(id: $id, leaseToken: $t, "
        'channel: "C1", ts: "1.2") { __typename ... on UserError { code } } }',
        lambda w: {"id": w.notification_id, "t": w.lease_token},
    ),
    (
        "markNotificationFailed",
        "mutation($id: ID!, $t: String!) { r: markNotificationFailed(id: $id, leaseToken: $t, "
        'error: "slack down") { __typename ... on UserError { code } } }',
        lambda w: {"id": w.notification_id, "t": w.lease_token},
    ),
]
MUTATIONS += [
    (
        "joinCampaign",
        'mutation($t: String!) { r: joinCampaign(input: {slug: "live", name: "Jo", '
        'email: "joiner@example.com", consent: true, formToken: $t}) '
        "{ __typename ... on UserError { code } } }",
        lambda w: {"t": w.join_token},
    ),
    (
        "requestPortalLink",
        'mutation($t: String!) { r: requestPortalLink(input: {slug: "live", '
        'email: "ada@example.com", formToken: $t}) { __typename ... on UserError { code } } }',
        lambda w: {"t": w.join_token},
    ),
    (
        "exchangePortalLink",
        "mutation($t: String!) { r: exchangePortalLink(token: $t) "
        "{ __typename ... on UserError { code } } }",
        lambda w: {"t": w.sign_in_token},
    ),
    (
        "setCampaignBranding",
        'mutation($c: ID!) { r: setCampaignBranding(input: {campaignId: $c, accentColor: "#112233"}) '
        "{ __typename ... on UserError { code } } }",
        lambda w: {"c": w.live_id},
    ),
    (
        "setEmailTemplate",
        'mutation($c: ID!) { r: setEmailTemplate(input: {campaignId: $c, kind: NUDGE, subject: "Hi", '
        'text: "{{ share_url }}", html: "<p>{{ share_url }}</p>"}) '
        "{ __typename ... on UserError { code } } }",
        lambda w: {"c": w.live_id},
    ),
    (
        "setNudgeCadence",
        "mutation($c: ID!) { r: setNudgeCadence(input: {campaignId: $c, days: [5]}) "
        "{ __typename ... on UserError { code } } }",
        lambda w: {"c": w.live_id},
    ),
    (
        "setEmailKindEnabled",
        "mutation($c: ID!) { r: setEmailKindEnabled(input: {campaignId: $c, kind: NUDGE, "
        "enabled: false}) { __typename ... on UserError { code } } }",
        lambda w: {"c": w.live_id},
    ),
    (
        "suppressEmail",
        'mutation { r: suppressEmail(input: {email: "ada@example.com"}) '
        "{ __typename ... on UserError { code } } }",
        lambda w: {},
    ),
]
ROLES: list[Role | None] = [*Role, None]


P = Permission
# Written out on purpose: loosening a permission must change this table too.
EXPECTED = {
    "importAdvocates": P.ADVOCATES_WRITE,
    "exportAdvocates": P.ADVOCATES_EXPORT,
    "exportPayoutFile": P.REWARDS_APPROVE,
    "importPayoutResults": P.REWARDS_APPROVE,
    "setAdvocateStripeCustomer": P.ADVOCATES_WRITE,
    "setFriendStripeCustomer": P.ADVOCATES_WRITE,
    "eraseAdvocate": P.PERSONAL_DATA,
    "eraseFriend": P.PERSONAL_DATA,
    "advocateDataExport": P.PERSONAL_DATA,
    "stripeCredits": P.REWARDS_READ,
    "login": P.PUBLIC,
    "logout": P.SELF,
    "logoutEverywhere": P.SELF,
    "changePassword": P.SELF,
    "createStaffUser": P.USERS_MANAGE,
    "updateStaffUser": P.USERS_MANAGE,
    "linkSlackUser": P.USERS_MANAGE,
    "createApiKey": P.API_KEYS_MANAGE,
    "revokeApiKey": P.API_KEYS_MANAGE,
    "createCampaign": P.CAMPAIGNS_WRITE,
    "updateCampaign": P.CAMPAIGNS_WRITE,
    "launchCampaign": P.CAMPAIGNS_WRITE,
    "pauseCampaign": P.CAMPAIGNS_WRITE,
    "endCampaign": P.CAMPAIGNS_WRITE,
    "archiveCampaign": P.CAMPAIGNS_WRITE,
    "advanceTestClock": P.CAMPAIGNS_WRITE,
    "resetTestData": P.TEST_DATA_RESET,
    "goLive": P.TEST_DATA_RESET,
    "enrollAdvocate": P.ADVOCATES_WRITE,
    "recordSignup": P.EVENTS_RECORD,
    "recordConversion": P.EVENTS_RECORD,
    "recordRefund": P.EVENTS_RECORD,
    "issuePortalToken": P.PORTAL_ISSUE,
    "revokePortalToken": P.PORTAL_ISSUE,
    "setLinkCoupon": P.ADVOCATES_WRITE,
    "reattributeReferral": P.REWARDS_APPROVE,
    "previewReward": P.CAMPAIGNS_READ,
    "node": None,  # per object type: PER_TYPE
    "nodes": None,
    "campaignPreflight": P.CAMPAIGNS_WRITE,
    "setRewardRules": P.CAMPAIGNS_WRITE,
    "approveReward": P.REWARDS_APPROVE,
    "rejectReward": P.REWARDS_APPROVE,
    "unapproveReward": P.REWARDS_APPROVE,
    "fulfillReward": P.REWARDS_APPROVE,
    "approveRewards": P.REWARDS_APPROVE,
    "rejectRewards": P.REWARDS_APPROVE,
    "setFraudRules": P.CAMPAIGNS_WRITE,
    "confirmFraud": P.FRAUD_REVIEW,
    "dismissFlag": P.FRAUD_REVIEW,
    "addBlocklistEntry": P.FRAUD_REVIEW,
    "removeBlocklistEntry": P.FRAUD_REVIEW,
    "markSharedNetwork": P.FRAUD_REVIEW,
    "unmarkSharedNetwork": P.FRAUD_REVIEW,
    "sharedNetworks": P.FRAUD_REVIEW,
    "flaggedReferrals": P.FRAUD_REVIEW,
    "blocklist": P.FRAUD_REVIEW,
    "portal": P.PORTAL,
    "campaigns": P.CAMPAIGNS_READ,
    "campaign": P.CAMPAIGNS_READ,
    "advocate": P.ADVOCATES_READ,
    "referral": P.ADVOCATES_READ,
    "conversionByOrder": P.ADVOCATES_READ,
    "rewards": P.REWARDS_READ,
    "reward": P.REWARDS_READ,
    "staffUsers": P.USERS_MANAGE,
    "apiKeys": P.API_KEYS_MANAGE,
    "auditLog": P.AUDIT_READ,
    "me": P.PUBLIC,
    "milestones": P.CAMPAIGNS_READ,
    "milestoneRules": P.CAMPAIGNS_READ,
    "notifications": P.NOTIFICATIONS_DELIVER,
    "createMilestoneRule": P.CAMPAIGNS_WRITE,
    "updateMilestoneRule": P.CAMPAIGNS_WRITE,
    "claimNotifications": P.NOTIFICATIONS_DELIVER,
    "markNotificationDelivered": P.NOTIFICATIONS_DELIVER,
    "markNotificationFailed": P.NOTIFICATIONS_DELIVER,
    "createWebhookEndpoint": P.WEBHOOKS_MANAGE,
    "updateWebhookEndpoint": P.WEBHOOKS_MANAGE,
    "deleteWebhookEndpoint": P.WEBHOOKS_MANAGE,
    "rotateWebhookSecret": P.WEBHOOKS_MANAGE,
    "replayWebhookDelivery": P.WEBHOOKS_MANAGE,
    "sendTestWebhook": P.WEBHOOKS_MANAGE,
    "webhookEndpoints": P.WEBHOOKS_MANAGE,
    "webhookDeliveries": P.WEBHOOKS_MANAGE,
    "webhookEventTypes": P.WEBHOOKS_MANAGE,
    "rewardRejectReasons": P.REWARDS_READ,
    "joinPage": P.PUBLIC,
    "joinCampaign": P.PUBLIC,
    "requestPortalLink": P.PUBLIC,
    "exchangePortalLink": P.PUBLIC,
    "setCampaignBranding": P.CAMPAIGNS_WRITE,
    "setEmailTemplate": P.CAMPAIGNS_WRITE,
    "setNudgeCadence": P.CAMPAIGNS_WRITE,
    "setEmailKindEnabled": P.CAMPAIGNS_WRITE,
    "emailSwitches": P.CAMPAIGNS_READ,
    "suppressEmail": P.ADVOCATES_WRITE,
    "previewEmail": P.CAMPAIGNS_READ,
    "nudgeCadence": P.CAMPAIGNS_READ,
    "configureIntegration": P.INTEGRATIONS_MANAGE,
    "integrations": P.INTEGRATIONS_MANAGE,
}


def test_the_matrix_covers_every_mutation() -> None:
    assert {name for name, _, _ in MUTATIONS} == set(_guards("Mutation"))
    assert {**_guards("Mutation"), **_guards("Query")} == EXPECTED


async def _state() -> tuple[object, ...]:
    """Everything a denied mutation must leave untouched."""
    return (
        await AuditEvent.all().count(),
        await Campaign.all().order_by("id").values_list("name", "status", "test_clock_minutes"),
        await StaffUser.all()
        .order_by("id")
        .values_list("role", "is_active", "slack_user_id", "password_hash"),
        await ApiKey.all().order_by("id").values_list("revoked_at"),
        await ReferralLink.all().order_by("id").values_list("portal_token_hash", "coupon_code"),
        await Referral.all().order_by("id").values_list("link_id", "attribution_generation"),
        await Reward.all().order_by("id").values_list("status", "amount"),
        await RewardRuleSet.all().count(),
        await LedgerEntry.all().count(),
        await ReferralLink.all().count(),
        await Referral.all().count(),
        await Conversion.all().order_by("id").values_list("refunded_amount"),
        await MilestoneRule.all().order_by("id").values_list("enabled"),
        await Milestone.all().count(),
        await Notification.all().order_by("id").values_list("status", "claims"),
        await Referral.all().order_by("id").values_list("status", "review_status"),
        await BlocklistEntry.all().order_by("id").values_list("pattern"),
        await FraudRuleSetting.all().values_list("rule", "mode"),
        await WebhookEndpoint.all().order_by("id").values_list("url", "enabled", "secret_sealed"),
        await WebhookDelivery.all().count(),
        await WebhookEvent.all().count(),
        await CampaignEmailSettings.all().values_list("accent_color", "nudge_days"),
        await EmailTemplate.all().count(),
        await EmailSuppression.all().count(),
        await EmailMessage.all().count(),
    )


@pytest.mark.parametrize("role", ROLES, ids=lambda r: r.value if r else "anonymous")
@pytest.mark.parametrize("case", MUTATIONS, ids=lambda c: c[0])
async def test_mutation_under_role(
    clean: None, app: Starlette, case: Case, role: Role | None
) -> None:
    name, query, variables = case
    world = await _world(app)
    token = await _credential(app, role)
    permission = _guards("Mutation")[name]
    assert permission is not None
    allowed = permission is Permission.PUBLIC or (
        role is not None
        and permission in ROLE_PERMISSIONS[role]
        and (permission is not Permission.SELF or role not in (Role.INTEGRATION, Role.BOT))
    )
    before = await _state()
    async with make_client(app, token) as client:
        response = await client.post(
            "/graphql", json={"query": query, "variables": variables(world)}
        )
    body = response.json()
    assert response.status_code == 200 and "errors" not in body, body
    result = body["data"]["r"]
    if allowed:
        assert result["__typename"] != "UserError", (name, role, result)
        assert not result.get("failed"), (name, role, result)
    else:
        assert result == {"__typename": "UserError", "code": "FORBIDDEN"}, (name, role, result)
        assert await _state() == before


async def _delegated_to_owner(app: Starlette) -> str:
    """A bot key whose requests act for a linked owner (the widest delegation there is)."""
    await staff_token(app, Role.OWNER, "delegating-owner@example.com")
    owner = await StaffUser.get(email="delegating-owner@example.com")
    await accounts.link_slack_user(
        user_id=owner.id, slack_user_id="U0OWNER099", actor=CLI, clock=app.state.clock
    )
    secret = await _credential(app, Role.BOT)
    assert secret is not None
    return secret


@pytest.mark.parametrize("case", MUTATIONS, ids=lambda c: c[0])
async def test_mutation_delegated_to_an_owner(clean: None, app: Starlette, case: Case) -> None:
    """A bot key acting for the owner may do only what is both the owner's and bot-delegable."""
    name, query, variables = case
    world = await _world(app)
    secret = await _delegated_to_owner(app)
    permission = _guards("Mutation")[name]
    assert permission is not None
    allowed = permission is Permission.PUBLIC or permission in delegated_permissions(Role.OWNER)
    before = await _state()
    async with make_client(app, secret) as client:
        client.headers["x-vouch-acting-slack-user"] = "U0OWNER099"
        response = await client.post(
            "/graphql", json={"query": query, "variables": variables(world)}
        )
    body = response.json()
    assert response.status_code == 200 and "errors" not in body, body
    result = body["data"]["r"]
    if allowed:
        assert result["__typename"] != "UserError", (name, result)
        assert not result.get("failed"), (name, result)
    else:
        assert result == {"__typename": "UserError", "code": "FORBIDDEN"}, (name, result)
        assert await _state() == before


QUERIES = [
    ("campaigns", "{ campaigns { nodes { id } } }"),
    ("campaign", '{ campaign(slug: "live") { id } }'),
    ("advocate", '{ advocate(id: "QWR2b2NhdGU6MQ==") { id } }'),
    ("referral", '{ referral(id: "$REFERRAL") { id } }'),
    (
        "conversionByOrder",
        '{ conversionByOrder(campaignId: "$LIVE", externalOrderId: "o-1") { id } }',
    ),
    ("rewards", "{ rewards { nodes { id approvalsNeeded } } }"),
    ("reward", '{ reward(id: "$REWARD") { id approvals approvalsNeeded } }'),
    ("staffUsers", "{ staffUsers { nodes { id } } }"),
    ("apiKeys", "{ apiKeys { nodes { id } } }"),
    ("auditLog", "{ auditLog { nodes { id } } }"),
    ("me", "{ me { permissions } }"),
    ("milestones", "{ milestones { nodes { id title campaign { id } } } }"),
    ("milestoneRules", '{ milestoneRules(campaignId: "$LIVE") { id } }'),
    ("notifications", "{ notifications { nodes { id kind milestone { id } reward { id } } } }"),
    ("portal", "{ portal { code } }"),
    ("flaggedReferrals", "{ flaggedReferrals { nodes { id risk { score } } } }"),
    ("blocklist", "{ blocklist { nodes { id pattern } } }"),
    ("sharedNetworks", "{ sharedNetworks { nodes { id scope note } } }"),
    ("campaignPreflight", '{ campaignPreflight(campaignId: "$LIVE") { warnings } }'),
    ("webhookEndpoints", "{ webhookEndpoints { nodes { id url } } }"),
    ("advocateDataExport", '{ advocateDataExport(advocateId: "QWR2b2NhdGU6MQ==") }'),
    ("stripeCredits", "{ stripeCredits { status lastError } }"),
    ("integrations", "{ integrations { provider signingSecretsSet } }"),
    ("webhookDeliveries", "{ webhookDeliveries { nodes { id status attempts { ok } } } }"),
    ("webhookEventTypes", "{ webhookEventTypes { name } }"),
    ("rewardRejectReasons", "{ rewardRejectReasons { name } }"),
    ("joinPage", '{ joinPage(slug: "live") { __typename } }'),
    ("previewEmail", '{ previewEmail(campaignId: "$LIVE", kind: WELCOME) { __typename } }'),
    ("nudgeCadence", '{ nudgeCadence(campaignId: "$LIVE") { days } }'),
    ("emailSwitches", '{ emailSwitches(campaignId: "$LIVE") { kinds { kind } } }'),
    (
        "previewReward",
        '{ previewReward(campaignId: "$LIVE", scenario: {advocateEmail: '
        '"a@example.com", friendEmail: "b@example.com", orderAmount: 100, currency: "USD"}) '
        "{ ruleVersion } }",
    ),
]


def test_the_query_list_covers_every_query() -> None:
    assert {name for name, _ in QUERIES} | PER_TYPE == set(_guards("Query"))


def _node_cases(world: World) -> list[tuple[str, str]]:
    """One id of each node type the world has (type name, global id)."""
    return [
        ("Campaign", world.live_id),
        ("Conversion", world.conversion_id),
        ("StaffUser", world.target_user_id),
        ("ApiKey", world.key_id),
        ("Link", world.link_id),
        ("Reward", world.awaiting_id),
        ("MilestoneRule", world.milestone_rule_id),
        ("Notification", world.notification_id),
        ("Referral", world.referral_id),
        ("BlocklistEntry", world.block_id),
        ("SharedNetwork", world.shared_network_id),
        ("Advocate", gid("Advocate", 1)),
        ("LedgerEntry", gid("LedgerEntry", 1)),
        ("AuditEvent", gid("AuditEvent", 1)),
    ]


@pytest.mark.parametrize("role", ROLES, ids=lambda r: r.value if r else "anonymous")
async def test_node_shows_nothing_the_direct_fields_would_not(
    clean: None, app: Starlette, role: Role | None
) -> None:
    world = await _world(app)
    token = await _credential(app, role)
    async with make_client(app, token) as client:
        for type_name, node_id in _node_cases(world):
            definition = schema.get_type_by_name(type_name)
            permission = getattr(definition, "origin").node_permission  # noqa: B009
            allowed = role is not None and permission in ROLE_PERMISSIONS[role]
            for query in (
                f'{{ node(id: "{node_id}") {{ __typename id }} }}',
                f'{{ nodes(ids: ["{node_id}"]) {{ __typename id }} }}',
            ):
                body = (await client.post("/graphql", json={"query": query})).json()
                if allowed:
                    assert "errors" not in body, (type_name, role, body)
                    found = body["data"].get("node") or body["data"]["nodes"][0]
                    assert found == {"__typename": type_name, "id": node_id}, (type_name, role)
                else:
                    codes = {e["extensions"]["code"] for e in body["errors"]}
                    assert codes == {"FORBIDDEN"}, (type_name, role, body)
                    assert body["data"] in (None, {"node": None}), (type_name, role, body)


async def test_node_answers_null_for_unknown_and_refuses_garbage(client: httpx.AsyncClient) -> None:
    body = (
        await client.post(
            "/graphql",
            json={
                "query": f'{{ node(id: "{gid("Reward", 999)}") {{ id }} nodes(ids: []) {{ id }} }}'
            },
        )
    ).json()
    assert body["data"] == {"node": None, "nodes": []}
    bad = (await client.post("/graphql", json={"query": '{ node(id: "1") { id } }'})).json()
    assert bad["errors"][0]["extensions"]["code"] == "INVALID_INPUT"


@pytest.mark.parametrize("role", ROLES, ids=lambda r: r.value if r else "anonymous")
async def test_queries_under_role(clean: None, app: Starlette, role: Role | None) -> None:
    world = await _world(app)
    token = await _credential(app, role)
    guards = _guards("Query")
    async with make_client(app, token) as client:
        for name, query in QUERIES:
            query = query.replace("$LIVE", world.live_id).replace("$REFERRAL", world.referral_id)
            query = query.replace("$REWARD", world.awaiting_id)
            body = (await client.post("/graphql", json={"query": query})).json()
            permission = guards[name]
            assert permission is not None
            allowed = permission is Permission.PUBLIC or (
                role is not None
                and bool({permission, *_also("Query")[name]} & ROLE_PERMISSIONS[role])
            )
            if allowed:
                assert "errors" not in body, (name, role, body)
            else:
                assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN", (name, role, body)
                assert body["data"] is None or body["data"].get(name) is None


async def test_queries_delegated_to_an_owner(clean: None, app: Starlette) -> None:
    world = await _world(app)
    secret = await _delegated_to_owner(app)
    guards = _guards("Query")
    async with make_client(app, secret) as client:
        client.headers["x-vouch-acting-slack-user"] = "U0OWNER099"
        for name, query in QUERIES:
            query = query.replace("$LIVE", world.live_id).replace("$REFERRAL", world.referral_id)
            query = query.replace("$REWARD", world.awaiting_id)
            body = (await client.post("/graphql", json={"query": query})).json()
            permission = guards[name]
            assert permission is not None
            if permission is Permission.PUBLIC or permission in delegated_permissions(Role.OWNER):
                assert "errors" not in body, (name, body)
            else:
                assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN", (name, body)


async def test_nested_fields_are_guarded_too(clean: None, app: Starlette) -> None:
    """The bot may read campaigns and analytics but not advocates' personal data."""
    await _world(app)
    token = await _credential(app, Role.BOT)
    async with make_client(app, token) as client:
        ok = (
            await client.post(
                "/graphql",
                json={
                    "query": '{ campaign(slug: "live") { stats '
                    "{ conversions } leaderboard { displayName } } }"
                },
            )
        ).json()
        assert ok["data"]["campaign"] == {
            "stats": {"conversions": 2},
            "leaderboard": [{"displayName": "Ada"}],
        }
        pii = (
            await client.post(
                "/graphql",
                json={
                    "query": '{ campaign(slug: "live") '
                    "{ leaderboard { advocate { email } } links { nodes { code } } } }"
                },
            )
        ).json()
        codes = {e["extensions"]["code"] for e in pii["errors"]}
        assert codes == {"FORBIDDEN"} and "ada@example.com" not in str(pii)


async def test_attribution_is_as_private_as_the_referral(clean: None, app: Starlette) -> None:
    """Candidates lead to links and advocates: only callers who may read advocates see them."""
    world = await _world(app)
    query = (
        f'{{ referral(id: "{world.referral_id}") {{ attribution {{ decidedBy candidates '
        "{ method won link { code advocate { email } } } } } }"
    )
    async with make_client(app, await _credential(app, Role.ANALYST)) as analyst:
        seen = (await analyst.post("/graphql", json={"query": query})).json()
    assert seen["data"]["referral"]["attribution"] == {
        "decidedBy": "only_candidate",
        "candidates": [
            {
                "method": "referral_code",
                "won": True,
                "link": {"code": world.code, "advocate": {"email": "ada@example.com"}},
            }
        ],
    }
    via_rewards = (
        "{ rewards { nodes { referral { attribution { candidates "
        "{ link { advocate { email } } } } } } } }"
    )
    for role in (Role.BOT, Role.INTEGRATION):
        async with make_client(app, await _credential(app, role)) as caller:
            for q in (query, via_rewards):
                body = (await caller.post("/graphql", json={"query": q})).json()
                assert {e["extensions"]["code"] for e in body["errors"]} == {"FORBIDDEN"}
                assert "ada@example.com" not in str(body)
