"""Who is calling: resolved once per request from the Authorization header."""

from __future__ import annotations

from dataclasses import dataclass, field

from server.accounts.models import ApiKey, Role, Session, StaffUser
from server.accounts.permissions import Permission, delegated_permissions, permissions_of
from server.audit.service import Actor, Channel
from server.referrals.models import ReferralLink


@dataclass(frozen=True, slots=True)
class Viewer:
    role: Role | None = None
    user: StaffUser | None = None
    session: Session | None = None
    api_key: ApiKey | None = None
    # Set when a bot key acts for a Slack user (delegation): `user` is the linked staff member,
    # and `permissions` are their role's that a bot may be delegated, no more.
    acting_slack_user: str | None = None
    portal_link: ReferralLink | None = None
    permissions: frozenset[Permission] = field(default_factory=frozenset)

    @classmethod
    def for_user(cls, user: StaffUser, session: Session | None = None) -> Viewer:
        return cls(
            role=user.role, user=user, session=session, permissions=permissions_of(user.role)
        )

    @classmethod
    def for_key(cls, key: ApiKey) -> Viewer:
        return cls(role=key.role, api_key=key, permissions=permissions_of(key.role))

    @classmethod
    def delegated(cls, key: ApiKey, slack_user_id: str, user: StaffUser | None) -> Viewer:
        """A bot key acting for `slack_user_id`, linked to `user` (None: not linked, no rights)."""
        return cls(
            role=user.role if user is not None else None,
            user=user,
            api_key=key,
            acting_slack_user=slack_user_id,
            permissions=delegated_permissions(user.role) if user is not None else frozenset(),
        )

    @property
    def is_delegated(self) -> bool:
        return self.acting_slack_user is not None

    @property
    def authenticated(self) -> bool:
        return self.user is not None or self.api_key is not None

    def can(self, permission: Permission) -> bool:
        if permission is Permission.PUBLIC:
            return True
        if permission is Permission.PORTAL:
            return self.portal_link is not None
        if permission is Permission.SELF:
            return self.user is not None and Permission.SELF in self.permissions
        return permission in self.permissions

    @property
    def kind(self) -> str:
        """Who is calling, as audit entries and request logs name it."""
        if self.user is not None:
            return "staff"
        if self.api_key is not None:
            return "api_key"
        if self.portal_link is not None:
            return "advocate"
        return "anonymous"

    def actor(self, *, request_id: str | None, ip_hash: str | None) -> Actor:
        channel = Channel.SLACK if self.acting_slack_user else Channel.GRAPHQL
        extra: dict[str, str] = {}
        if self.api_key is not None:
            extra["api_key"] = self.api_key.public_id
        if self.acting_slack_user:
            extra["slack_user"] = self.acting_slack_user
        kind = self.kind
        ident: str | None = None
        if self.user is not None:
            ident = str(self.user.id)
        elif self.api_key is not None:
            ident = self.api_key.public_id
        elif self.portal_link is not None:
            ident = str(self.portal_link.advocate_id)
        return Actor(
            kind=kind,
            id=ident,
            channel=channel,
            request_id=request_id,
            ip_hash=ip_hash,
            extra=extra,
            key_test=self.api_key.test if self.api_key is not None else None,
        )


ANONYMOUS = Viewer()
