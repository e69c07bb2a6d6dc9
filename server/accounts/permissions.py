"""The permission table: what each role may do. README's table is generated from this."""

from __future__ import annotations

from enum import StrEnum

from server.accounts.models import Role


class Permission(StrEnum):
    CAMPAIGNS_READ = "campaigns:read"
    CAMPAIGNS_WRITE = "campaigns:write"
    ADVOCATES_READ = "advocates:read"
    ADVOCATES_WRITE = "advocates:write"
    ADVOCATES_EXPORT = "advocates:export"
    # Issue or revoke an advocate's portal token: issuing replaces theirs and reads their
    # referrals and rewards, so it is a staff decision, not an integration's.
    PORTAL_ISSUE = "portal:issue"
    EVENTS_RECORD = "events:record"
    REWARDS_READ = "rewards:read"
    REWARDS_APPROVE = "rewards:approve"
    REWARDS_APPROVE_HIGH = "rewards:approve-high"
    # The fraud review queue and the blocklist.
    FRAUD_REVIEW = "fraud:review"
    ANALYTICS_READ = "analytics:read"
    USERS_MANAGE = "users:manage"
    API_KEYS_MANAGE = "api-keys:manage"
    AUDIT_READ = "audit:read"
    # Claim and acknowledge the notifications outbox (the Slack bot's announcer).
    NOTIFICATIONS_DELIVER = "notifications:deliver"
    # Outbound webhook endpoints: create, rotate secrets, read the delivery log, replay.
    WEBHOOKS_MANAGE = "webhooks:manage"
    # GDPR: erase an advocate or friend, and export one person's data (owners and admins).
    PERSONAL_DATA = "personal-data:manage"
    # Inbound Stripe/Shopify connections: signing secrets, campaign mapping, conversion events.
    INTEGRATIONS_MANAGE = "integrations:manage"
    # Wipe a test-mode campaign's rehearsal data (owners and admins).
    TEST_DATA_RESET = "test-data:reset"
    # Any signed-in staff member acting on their own account.
    SELF = "self"
    # An advocate's portal token: their own link, referrals and rewards, nothing else.
    PORTAL = "portal"
    # Anyone, signed in or not (login).
    PUBLIC = "public"


P = Permission
_READ = {P.CAMPAIGNS_READ, P.ADVOCATES_READ, P.REWARDS_READ, P.ANALYTICS_READ}

ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.OWNER: frozenset(set(P) - {P.PUBLIC, P.PORTAL}),
    Role.ADMIN: frozenset(set(P) - {P.PUBLIC, P.PORTAL}),
    Role.MANAGER: frozenset(
        _READ
        | {
            P.SELF,
            P.CAMPAIGNS_WRITE,
            P.ADVOCATES_WRITE,
            P.ADVOCATES_EXPORT,
            P.PORTAL_ISSUE,
            P.EVENTS_RECORD,
            P.REWARDS_APPROVE,
            P.FRAUD_REVIEW,
        }
    ),
    Role.ANALYST: frozenset(_READ | {P.SELF}),
    # A shop backend or CRM: reads campaigns and records what happened, nothing else.
    Role.INTEGRATION: frozenset({P.CAMPAIGNS_READ, P.ADVOCATES_WRITE, P.EVENTS_RECORD}),
    # The Slack bot on its own: reads; it acts further only for a linked staff member.
    Role.BOT: frozenset(
        {P.CAMPAIGNS_READ, P.REWARDS_READ, P.ANALYTICS_READ, P.NOTIFICATIONS_DELIVER}
    ),
}


# What a bot key may do when it acts for a linked Slack user (delegation, not impersonation):
# read campaigns, milestones and rewards, decide rewards, and the bot's own notification work.
# Accounts, roles, keys, Slack links, the blocklist, rules and test data are never delegable.
BOT_DELEGABLE: frozenset[Permission] = frozenset(
    {
        P.CAMPAIGNS_READ,
        P.REWARDS_READ,
        P.REWARDS_APPROVE,
        P.REWARDS_APPROVE_HIGH,
        P.NOTIFICATIONS_DELIVER,
    }
)


def permissions_of(role: Role | None) -> frozenset[Permission]:
    return ROLE_PERMISSIONS.get(role, frozenset()) if role is not None else frozenset()


def delegated_permissions(role: Role | None) -> frozenset[Permission]:
    """A bot key acting for a staff member of `role`: that role's permissions, and only those
    a bot may be delegated."""
    return permissions_of(role) & BOT_DELEGABLE


# Higher outranks lower; service roles rank with nobody (they never hold a staff account).
STAFF_RANK: dict[Role, int] = {Role.OWNER: 4, Role.ADMIN: 3, Role.MANAGER: 2, Role.ANALYST: 1}


def outranks(role: Role, other: Role | None) -> bool:
    """`other` is above `role`: a `role` caller may not hand out `other`'s powers."""
    return other is not None and STAFF_RANK.get(other, 0) > STAFF_RANK.get(role, 0)


def permission_table() -> str:
    """Markdown table of roles against permissions, then the delegated callers: a bot key
    acting for a staff member of each role (docs/security.md)."""
    roles = list(Role)
    staff = [r for r in roles if r in STAFF_RANK]
    perms = [p for p in Permission if p not in (Permission.PUBLIC, Permission.PORTAL)]
    head = (
        "| permission | "
        + " | ".join(r.value for r in roles)
        + " | "
        + " | ".join(f"bot for {r.value}" for r in staff)
        + " |"
    )
    rule = "|---|" + "---|" * (len(roles) + len(staff))
    rows = [
        f"| `{p.value}` | "
        + " | ".join("yes" if p in ROLE_PERMISSIONS[r] else "" for r in roles)
        + " | "
        + " | ".join("yes" if p in delegated_permissions(r) else "" for r in staff)
        + " |"
        for p in perms
    ]
    return "\n".join([head, rule, *rows])
