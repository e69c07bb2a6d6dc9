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


def permissions_of(role: Role | None) -> frozenset[Permission]:
    return ROLE_PERMISSIONS.get(role, frozenset()) if role is not None else frozenset()


def permission_table() -> str:
    """Markdown table of roles against permissions (kept in docs/permissions.md)."""
    roles = list(Role)
    perms = [p for p in Permission if p not in (Permission.PUBLIC, Permission.PORTAL)]
    head = "| permission | " + " | ".join(r.value for r in roles) + " |"
    rule = "|---|" + "---|" * len(roles)
    rows = [
        f"| `{p.value}` | "
        + " | ".join("yes" if p in ROLE_PERMISSIONS[r] else "" for r in roles)
        + " |"
        for p in perms
    ]
    return "\n".join([head, rule, *rows])
