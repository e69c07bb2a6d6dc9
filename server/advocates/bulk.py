"""Advocates in bulk: import a CSV (each line enrolled through `service.enroll`, so a re-run
changes nothing) and export a campaign's advocates as CSV (server/advocates/csvio.py)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from tortoise.transactions import in_transaction

from server.advocates import csvio, service
from server.advocates.rules import validate_stripe_customer
from server.audit import service as audit
from server.audit.service import Actor
from server.campaigns import rules as campaign_rules
from server.campaigns.models import Campaign
from server.clock import Clock
from server.errors import DomainError, InvalidInput, NotFound
from server.payouts import customers
from server.referrals.models import ReferralLink
from server.referrals.rules import normalize_email

COLUMNS = ("email", "name", "external_id", "vanity_code", "coupon_code", "stripe_customer_id")
EXPORT_HEADER = ("email", "name", "external_id", "code", "vanity_code", "coupon_code",
                 "stripe_customer_id", "share_url", "enrolled_at")  # fmt: skip
MAX_LINES = 100_000
BATCH = 500
# The csv field names as the API calls them, for problems that name a field.
_FIELD_COLUMNS = {
    "email": "email",
    "name": "name",
    "externalId": "external_id",
    "vanityCode": "vanity_code",
    "couponCode": "coupon_code",
    "customerId": "stripe_customer_id",
}

Progress = Callable[[int], None]


@dataclass(frozen=True, slots=True)
class LineProblem:
    line: int
    column: str | None
    message: str


@dataclass(slots=True)
class ImportReport:
    lines: int = 0
    created: int = 0
    existing: int = 0
    problems: list[LineProblem] = field(default_factory=list)


async def campaign_by_slug(slug: str) -> Campaign:
    campaign = await Campaign.get_or_none(slug=slug.strip())
    if campaign is None:
        raise NotFound(f"No campaign with the slug {slug!r}.", field="campaign")
    return campaign


def count_lines(text: str) -> int:
    """Data lines of `text` (for a progress bar's total); blank lines included."""
    return max(text.count("\n") + (0 if text.endswith("\n") else 1) - 1, 0)


async def import_csv(
    *,
    campaign_id: int,
    text: str,
    actor: Actor,
    clock: Clock,
    progress: Progress | None = None,
    max_lines: int = MAX_LINES,
) -> ImportReport:
    """Enrol every good line; report each bad one with its line number and column. Columns:
    email (required), name, external_id, vanity_code, coupon_code, stripe_customer_id."""
    campaign = await Campaign.get_or_none(id=campaign_id)
    if campaign is None:
        raise NotFound("No such campaign.", field="campaignId")
    header, read = csvio.read(text)
    if "email" not in header:
        raise InvalidInput("The file needs an 'email' column.", field="csv")
    lines = list(read)
    if len(lines) > max_lines:  # refused whole, before anything is enrolled
        raise InvalidInput(f"At most {max_lines} lines per file.", field="csv")
    report = ImportReport()
    # Who is enrolled already: a re-run skips them without a transaction each.
    enrolled = dict(
        await ReferralLink.filter(campaign_id=campaign.id).values_list(
            "advocate__email", "advocate__stripe_customer_id"
        )
    )
    for line in lines:
        report.lines += 1
        problem = await _import_line(campaign.id, line, actor, clock, report, enrolled)
        if problem is not None:
            report.problems.append(problem)
        if progress is not None:
            progress(1)
    async with in_transaction() as conn:
        await audit.record(
            actor=actor,
            action="advocates.import",
            target=campaign,
            now=clock.now(),
            changes={
                "created": [None, report.created],
                "existing": [None, report.existing],
                "problems": [None, len(report.problems)],
            },
            using=conn,
        )
    return report


async def _import_line(
    campaign_id: int,
    line: csvio.Line,
    actor: Actor,
    clock: Clock,
    report: ImportReport,
    enrolled: dict[str, str | None],
) -> LineProblem | None:
    if "__error__" in line.cells:
        return LineProblem(line.number, None, f"Not valid CSV: {line.cells['__error__']}.")
    email = line.get("email")
    if not email:
        return LineProblem(line.number, "email", "The email is missing.")
    try:
        stripe_id = validate_stripe_customer(line.get("stripe_customer_id") or None)
        known = normalize_email(email)
        if known in enrolled and stripe_id in (None, enrolled[known]):
            report.existing += 1
            return None
        done = await service.enroll(
            campaign_id=campaign_id,
            email=email,
            name=line.get("name") or None,
            external_id=line.get("external_id") or None,
            vanity_code=line.get("vanity_code") or None,
            coupon_code=line.get("coupon_code") or None,
            actor=actor,
            clock=clock,
        )
        if stripe_id is not None:
            await customers.set_for_advocate(
                advocate_id=done.link.advocate_id, customer_id=stripe_id, actor=actor, clock=clock
            )
    except DomainError as exc:
        column = _FIELD_COLUMNS.get(exc.field or "")
        return LineProblem(line.number, column, exc.message)
    enrolled[known] = stripe_id or enrolled.get(known)
    if done.created:
        report.created += 1
    else:
        report.existing += 1
    return None


async def export_csv(
    *, campaign_id: int, public_url: str, progress: Progress | None = None
) -> tuple[str, int]:
    """The campaign's advocates (erased ones left out) as CSV, and how many rows it has."""
    rows: list[list[object]] = []
    last = 0
    while True:
        links = (
            await ReferralLink.filter(
                campaign_id=campaign_id, id__gt=last, advocate__erased_at__isnull=True
            )
            .select_related("advocate")
            .order_by("id")
            .limit(BATCH)
        )
        if not links:
            break
        for link in links:
            a = link.advocate
            rows.append([
                a.email, a.name, a.external_id or "", link.code, link.vanity_code or "",
                link.coupon_code or "", a.stripe_customer_id or "",
                campaign_rules.share_url(public_url, link.code), link.created_at.isoformat(),
            ])  # fmt: skip
        last = links[-1].id
        if progress is not None:
            progress(len(links))
    return csvio.write(rows, header=EXPORT_HEADER), len(rows)


async def record_export(
    *, campaign: Campaign, rows: int | None, actor: Actor, clock: Clock
) -> None:
    """Audit that someone took (or was handed a link to) a campaign's advocates."""
    async with in_transaction() as conn:
        await audit.record(
            actor=actor,
            action="advocates.export",
            target=campaign,
            now=clock.now(),
            changes={"rows": [None, rows]} if rows is not None else {},
            using=conn,
        )
