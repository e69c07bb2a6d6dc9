"""Types of the advocate's public pages and of campaign emails."""

from __future__ import annotations

from datetime import datetime

import strawberry

from server.email import rules
from server.email.models import CampaignEmailSettings
from server.email.models import EmailKind as EmailKindModel

EmailKind = strawberry.enum(EmailKindModel, name="EmailKind")


@strawberry.type(description="A campaign's look on its hosted pages and in its emails.")
class Branding:
    logo_url: str | None = strawberry.field(description="An https URL of the logo.")
    accent_color: str | None = strawberry.field(description="#rrggbb; null: the default.")
    sender_name: str | None = strawberry.field(description="The From name of its emails.")

    @classmethod
    def of(cls, row: CampaignEmailSettings | None) -> Branding:
        if row is None:
            return cls(logo_url=None, accent_color=None, sender_name=None)
        return cls(
            logo_url=row.logo_url, accent_color=row.accent_color, sender_name=row.sender_name
        )


@strawberry.type(description="What the hosted join page shows, and the token its form sends.")
class JoinPage:
    campaign_name: str
    pitch: str = strawberry.field(description="The campaign's description.")
    terms: str
    open: bool = strawberry.field(description="Live and within its schedule: takes sign-ups.")
    branding: Branding
    form_token: str = strawberry.field(
        description="Send it with joinCampaign/requestPortalLink; valid 2 s to 2 h after issue."
    )


@strawberry.type(description="The same answer whether or not the address was enrolled.")
class JoinAccepted:
    message: str


@strawberry.type(description="A signed-in advocate: send portalToken as the bearer token.")
class PortalSession:
    portal_token: str
    expires_at: datetime


@strawberry.type(description="An email as it would be sent.")
class EmailPreview:
    kind: EmailKind  # type: ignore[valid-type]
    subject: str
    text: str
    html: str


@strawberry.type
class NudgeCadence:
    enabled: bool
    days: list[int] = strawberry.field(description="Days after joining of the first nudges.")
    repeat_days: int = strawberry.field(description="Then one every so many days; 0: never.")


@strawberry.type(description="Whether a campaign sends one kind of advocate email.")
class EmailKindSwitch:
    kind: EmailKind  # type: ignore[valid-type]
    enabled: bool
    switchable: bool = strawberry.field(description="False for sign-in links: always sent.")


@strawberry.type(description="A campaign's per-kind email switches (all on by default).")
class EmailSwitches:
    kinds: list[EmailKindSwitch]

    @classmethod
    def of(cls, emails_off: list[str]) -> EmailSwitches:
        return cls(
            kinds=[
                EmailKindSwitch(
                    kind=kind,
                    enabled=rules.is_switched_on(kind, emails_off),
                    switchable=kind in rules.SWITCHABLE,
                )
                for kind in EmailKindModel
            ]
        )


@strawberry.type
class EmailSuppressed:
    reason: str
