"""Pure launch-preflight decisions: links that point back at this Vouch, share templates that
carry someone else's link, and the findings drawn from simulated friends' journeys.

No I/O here: the service (`preflight.py`) runs the journeys through the real code and hands
their outcomes to `findings`.
"""

from __future__ import annotations

import contextlib
import posixpath
import re
import socket
from collections import defaultdict
from dataclasses import dataclass, field
from enum import StrEnum
from urllib.parse import unquote, urlsplit

from server.errors import InvalidInput
from server.identity import canonical_email, same_inbox

# Browsers drop these anywhere in a URL (WHATWG URL parsing) and read "\" as "/".
_INVISIBLE = re.compile(r"[\t\n\r]")
# Written URLs, including bare "host.tld/path" that mail and chat clients turn into links.
URL_RE = re.compile(
    r"""(?:https?:)?//[^\s<>"'`)\]}]+|\b[a-z0-9-]+(?:\.[a-z0-9-]+)+(?::\d+)?/[^\s<>"'`)\]}]*""",
    re.I,
)
LINK_PLACEHOLDERS = ("{share_url}", "{code}")


class Severity(StrEnum):
    INFO = "info"
    WARNING = "warning"


class Code(StrEnum):
    """Stable finding codes (the API and the audit log carry them as they are)."""

    TEMPLATE_MISSING_SHARE_URL = "TEMPLATE_MISSING_SHARE_URL"
    TEMPLATE_FOREIGN_LINK = "TEMPLATE_FOREIGN_LINK"
    LANDING_LOOPS_TO_REDIRECT = "LANDING_LOOPS_TO_REDIRECT"
    COUPON_OVERRIDES_ADVOCATE = "COUPON_OVERRIDES_ADVOCATE"
    CREDIT_TO_OTHER_ADVOCATE = "CREDIT_TO_OTHER_ADVOCATE"
    CREDIT_CONCENTRATED = "CREDIT_CONCENTRATED"
    REWARD_TO_THIRD_PARTY = "REWARD_TO_THIRD_PARTY"
    REWARD_TO_STAFF = "REWARD_TO_STAFF"
    REWARD_TO_COMPANY_DOMAIN = "REWARD_TO_COMPANY_DOMAIN"
    JOURNEY_REFUSED = "JOURNEY_REFUSED"
    NO_REWARD_RULES = "NO_REWARD_RULES"
    LANDING_UNREACHABLE = "LANDING_UNREACHABLE"


# ---- "is this URL one of this Vouch's /r/ links?" ---------------------------------------------


def _host(raw: str | None) -> str:
    """One spelling per host: case, trailing dots, IDNA and legacy IPv4 forms folded."""
    host = unquote(raw or "").strip().lower().rstrip(".")
    if host.startswith("[") and host.endswith("]"):
        host = host[1:-1]
    try:
        # 127.1, 0x7f.0.0.1 and 2130706433 are all 127.0.0.1 to a browser.
        host = socket.inet_ntoa(socket.inet_aton(host))
    except OSError:
        with contextlib.suppress(UnicodeError):
            host = host.encode("idna").decode("ascii")
    return host


def _path(raw: str) -> str:
    """Percent-decoded (repeatedly), slashes collapsed, dot segments resolved, lower case."""
    path = raw
    for _ in range(3):
        decoded = unquote(path)
        if decoded == path:
            break
        path = decoded
    path = re.sub(r"/+", "/", path.replace("\\", "/")) or "/"
    path = posixpath.normpath(path if path.startswith("/") else "/" + path)
    return path.lower()


def _split(url: str) -> tuple[str, str] | None:
    text = _INVISIBLE.sub("", url).strip().replace("\\", "/")
    scheme = re.match(r"^(https?):/*", text, re.I)
    if scheme:  # browsers read "https:/host" and "https:host" as "https://host"
        text = "//" + text[scheme.end() :]
    elif not text.startswith("//"):
        text = "//" + text  # a bare host/path as written in a message
    try:
        parts = urlsplit(text)
        host = parts.hostname
    except ValueError:
        return None
    if not host:
        return None
    return _host(host), _path(parts.path)


def redirect_path(url: str, public_url: str) -> str | None:
    """The `/r/...` path when `url` leads to this Vouch's link redirect, whatever its case,
    port, encoding or dot segments; None otherwise."""
    target, ours = _split(url), _split(public_url)
    if target is None or ours is None or target[0] != ours[0]:
        return None
    base = ours[1].rstrip("/")
    path = target[1]
    if base and base != "/":
        if not path.startswith(base + "/"):
            return None
        path = path[len(base) :]
    return path if path == "/r" or path.startswith("/r/") else None


def redirect_code(url: str, public_url: str) -> tuple[str, str | None] | None:
    """(code, None) for /r/{code}; (slug, vanity) for /r/{slug}/{vanity}; None otherwise."""
    path = redirect_path(url, public_url)
    if path is None:
        return None
    parts = [p for p in path.split("/")[2:] if p]
    if len(parts) == 1:
        return parts[0], None
    if len(parts) >= 2:
        return parts[0], parts[1]
    return None


def check_landing_url(url: str, public_url: str) -> None:
    if redirect_path(url, public_url) is not None:
        raise InvalidInput(
            "The landing URL points back at this Vouch's own /r/ links: every visit would "
            "be credited to that link again. Use the shop's own page.",
            field="landingUrl",
        )


def urls_in(text: str) -> list[str]:
    return URL_RE.findall(_INVISIBLE.sub("", text))


def code_tokens(text: str) -> list[str]:
    """Words that could be a referral code (hyphens allowed) or a coupon."""
    return re.findall(r"[A-Za-z0-9][A-Za-z0-9_-]{2,31}", text)


def check_template(
    text: str,
    field: str,
    public_url: str,
    known_codes: frozenset[str],
    *,
    needs_link: bool,
) -> None:
    """A share template carries the advocate's own link through `{share_url}` (or `{code}`),
    never a link or code of this Vouch written out. `known_codes`: codes and coupons, upper."""
    if needs_link and text.strip() and not any(p in text for p in LINK_PLACEHOLDERS):
        raise InvalidInput(
            "Put {share_url} (or {code}) in the message: it becomes each advocate's own link.",
            field=field,
        )
    for url in urls_in(text):
        if redirect_path(url, public_url) is not None:
            raise InvalidInput(
                f"The message contains a referral link of this Vouch ({url}); every advocate "
                "would share it instead of their own. Use {share_url}.",
                field=field,
            )
    for token in code_tokens(text):
        candidates = {token.upper(), token.replace("-", "").upper()}
        if candidates & known_codes:
            raise InvalidInput(
                f"The message contains the referral or coupon code {token} of an existing "
                "link; every advocate would share it instead of their own. Use {code}.",
                field=field,
            )


# ---- findings from simulated journeys --------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Payee:
    recipient: str  # "advocate" or "friend"
    email: str | None
    amount: int
    currency: str


@dataclass(slots=True)
class Journey:
    """One simulated friend of one sharing advocate, as the real code handled it."""

    sharer_code: str  # link codes identify links (synthetic advocates' rows are rolled back)
    sharer_email: str
    friend_email: str
    synthetic: bool = False
    clicked_code: str | None = None  # the link the rendered share content led to
    clicks: int = 0  # clicks recorded by following the redirect
    coupon: str | None = None  # typed at checkout, if the scenario does
    coupon_owner_code: str | None = None
    credited_code: str | None = None
    credited_email: str | None = None
    payees: list[Payee] = field(default_factory=list)
    refused: str | None = None


@dataclass(frozen=True, slots=True)
class Finding:
    code: Code
    severity: Severity
    message: str
    link_code: str | None = None


@dataclass(frozen=True, slots=True)
class Company:
    """Whose addresses count as the company's: staff inboxes and their domains, the landing
    page's domain."""

    staff_emails: frozenset[str]
    domains: frozenset[str]

    def is_staff(self, email: str | None) -> bool:
        return any(same_inbox(email, s) for s in self.staff_emails)

    def domain_of(self, email: str | None) -> str | None:
        if not email:
            return None
        domain = canonical_email(email).rpartition("@")[2]
        ours = any(domain == d or domain.endswith("." + d) for d in self.domains)
        return domain if ours else None


def company_domains(staff_emails: list[str], landing_url: str) -> frozenset[str]:
    found = {canonical_email(e).rpartition("@")[2] for e in staff_emails}
    host = _host(urlsplit(landing_url).hostname)
    labels = host.split(".")
    if len(labels) >= 2 and not host.replace(".", "").isdigit():
        found.add(".".join(labels[-2:]))
    return frozenset(d for d in found if d)


def _concentration(journeys: list[Journey], company: Company) -> list[Finding]:
    out: list[Finding] = []
    by_link: dict[str, set[str]] = defaultdict(set)
    by_domain: dict[str, set[str]] = defaultdict(set)
    for j in journeys:
        if j.credited_code is None or j.coupon is not None:
            continue  # a coupon typed at checkout has its own finding
        if j.credited_code != j.sharer_code:
            by_link[j.credited_code].add(j.sharer_code)
        domain = company.domain_of(j.credited_email)
        if domain is not None and j.credited_code != j.sharer_code:
            by_domain[domain].add(j.sharer_code)
    for code, sharers in sorted(by_link.items()):
        if len(sharers) > 1:
            out.append(
                Finding(
                    Code.CREDIT_CONCENTRATED,
                    Severity.WARNING,
                    f"Friends of {len(sharers)} other advocates would all be credited to "
                    f"link {code}.",
                    code,
                )
            )
    for domain, sharers in sorted(by_domain.items()):
        out.append(
            Finding(
                Code.CREDIT_CONCENTRATED,
                Severity.WARNING,
                f"Friends of {len(sharers)} advocate(s) would be credited to an address at the "
                f"company's domain {domain}.",
            )
        )
    return out


def _journey_findings(j: Journey, company: Company) -> list[Finding]:
    out: list[Finding] = []
    link = j.sharer_code
    if j.refused is not None:
        return [
            Finding(
                Code.JOURNEY_REFUSED,
                Severity.INFO,
                f"A friend of link {link} would not be rewarded: {j.refused}",
                link,
            )
        ]
    if j.clicked_code is not None and j.clicked_code != link:
        out.append(
            Finding(
                Code.TEMPLATE_FOREIGN_LINK,
                Severity.WARNING,
                f"Link {link}'s share message leads to link {j.clicked_code} instead.",
                link,
            )
        )
    if j.clicks > 1:
        out.append(
            Finding(
                Code.LANDING_LOOPS_TO_REDIRECT,
                Severity.WARNING,
                f"One visit through link {j.clicked_code} recorded {j.clicks} clicks: the "
                "landing URL leads back to a referral link.",
                link,
            )
        )
    if j.coupon is not None and j.credited_code == j.coupon_owner_code != link:
        owner = j.credited_email
        company_owned = company.is_staff(owner) or company.domain_of(owner) is not None
        out.append(
            Finding(
                Code.COUPON_OVERRIDES_ADVOCATE,
                Severity.WARNING if company_owned else Severity.INFO,
                f"A friend of link {link} who types coupon {j.coupon} at checkout is credited "
                f"to link {j.coupon_owner_code}"
                + (" (a company address)." if company_owned else " (coupons win last-touch)."),
                link,
            )
        )
    elif j.credited_code is not None and j.credited_code != link and j.coupon is None:
        out.append(
            Finding(
                Code.CREDIT_TO_OTHER_ADVOCATE,
                Severity.WARNING,
                f"A friend of link {link} would be credited to link {j.credited_code}.",
                link,
            )
        )
    for p in j.payees:
        expected = j.friend_email if p.recipient == "friend" else j.sharer_email
        if not same_inbox(p.email, expected) and j.coupon is None:
            out.append(
                Finding(
                    Code.REWARD_TO_THIRD_PARTY,
                    Severity.WARNING,
                    f"A {p.amount} {p.currency} reward from a friend of link {link} would go to "
                    f"{p.email}, who is neither the sharing advocate nor the friend.",
                    link,
                )
            )
        if p.recipient == "advocate" and company.is_staff(p.email):
            out.append(
                Finding(
                    Code.REWARD_TO_STAFF,
                    Severity.WARNING,
                    f"A reward would go to {p.email}, a staff account.",
                    link,
                )
            )
        elif p.recipient == "advocate" and company.domain_of(p.email) is not None:
            out.append(
                Finding(
                    Code.REWARD_TO_COMPANY_DOMAIN,
                    Severity.INFO,
                    f"A reward would go to {p.email}, at the company's domain.",
                    link,
                )
            )
    return out


LINKED_TEMPLATES = ("share.emailBody", "share.socialMessage")


def config_findings(landing_url: str, templates: dict[str, str], public_url: str) -> list[Finding]:
    """What the configuration alone says (campaigns saved before these checks existed)."""
    out: list[Finding] = []
    if redirect_path(landing_url, public_url) is not None:
        out.append(
            Finding(
                Code.LANDING_LOOPS_TO_REDIRECT,
                Severity.WARNING,
                "The landing URL points back at this Vouch's own /r/ links.",
            )
        )
    for name in LINKED_TEMPLATES:
        text = templates.get(name, "")
        if text.strip() and not any(p in text for p in LINK_PLACEHOLDERS):
            out.append(
                Finding(
                    Code.TEMPLATE_MISSING_SHARE_URL,
                    Severity.WARNING,
                    f"{name} has no {{share_url}} or {{code}}: advocates would share no link "
                    "of their own.",
                )
            )
    return out


def findings(
    journeys: list[Journey],
    company: Company,
    *,
    has_rules: bool,
    configured: list[Finding] | None = None,
) -> list[Finding]:
    """Everything worth telling before launch, warnings first, each (code, message) once."""
    out: list[Finding] = list(configured or [])
    if not has_rules:
        out.append(
            Finding(Code.NO_REWARD_RULES, Severity.INFO, "The campaign has no reward rules yet.")
        )
    for j in journeys:
        out.extend(_journey_findings(j, company))
    out.extend(_concentration(journeys, company))
    unique = list(dict.fromkeys(out))
    return sorted(unique, key=lambda f: (f.severity is not Severity.WARNING, f.code.value))


def warnings_of(found: list[Finding]) -> list[str]:
    return sorted({f.code.value for f in found if f.severity is Severity.WARNING})


def unacknowledged(found: list[Finding], acknowledged: list[str]) -> list[str]:
    return [c for c in warnings_of(found) if c not in set(acknowledged)]
