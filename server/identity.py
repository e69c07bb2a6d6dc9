"""One canonical identity: every "is this the same person?" check goes through here.

Fraud rules, the blocklist (both the entry and the address it is matched against), ring
detection, "is the friend an advocate of the campaign", sticky friends, self-approval,
four-eyes, re-attribution and self-referral all compare people by `canonical_email`, never by
the raw strings. How each mail provider routes addresses is data (`PROVIDERS`), not code:
adding a provider is one row.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher

NAME_SIMILARITY = 0.75
FIRST_NAME_SIMILARITY = 0.5


@dataclass(frozen=True, slots=True)
class Provider:
    """How one mailbox provider maps addresses to inboxes."""

    canonical: str  # the domain every alias domain maps to
    aliases: tuple[str, ...] = ()  # other domains delivering to the same inboxes
    ignores_dots: bool = False  # a.b@ reaches ab@
    tag: str | None = "+"  # local+anything@ reaches local@


OUTLOOK_COUNTRIES = (
    "co.uk", "de", "fr", "it", "es", "nl", "be", "at", "ch", "dk", "se", "no", "fi", "ie",
    "pt", "jp", "com.au", "com.br", "com.ar", "com.mx", "ca", "in", "co.jp", "co.nz", "sg",
)  # fmt: skip
PROVIDERS: tuple[Provider, ...] = (
    Provider("gmail.com", ("googlemail.com",), ignores_dots=True),
    Provider("icloud.com", ("me.com", "mac.com")),
    Provider("proton.me", ("protonmail.com", "protonmail.ch", "pm.me")),
    Provider("fastmail.com", ("fastmail.fm",)),
    # Outlook, Hotmail and Live keep one inbox per domain (user@hotmail.de is not
    # user@hotmail.com) but all take +tags.
    *(
        Provider(f"{brand}.{tld}")
        for brand in ("outlook", "hotmail", "live")
        for tld in ("com", *OUTLOOK_COUNTRIES)
    ),
    Provider("yahoo.com", tag="-"),
    Provider("gmx.de", ("gmx.net", "gmx.at", "gmx.ch")),
)
_BY_DOMAIN = {d: p for p in PROVIDERS for d in (p.canonical, *p.aliases)}


def canonical_email(email: str) -> str:
    """One key per inbox: lower-cased, alias domains mapped, and dots and tags dropped where
    the provider ignores them."""
    local, _, domain = email.strip().lower().rpartition("@")
    provider = _BY_DOMAIN.get(domain)
    if provider is None:
        return f"{local}@{domain}"
    if provider.tag and provider.tag in local:
        local = local.split(provider.tag, 1)[0] or local
    if provider.ignores_dots:
        local = local.replace(".", "")
    return f"{local}@{provider.canonical}"


def same_inbox(a: str | None, b: str | None) -> bool:
    """Both addresses are known and reach the same inbox."""
    return a is not None and b is not None and canonical_email(a) == canonical_email(b)


_TRAILING_NUMBER = re.compile(r"[._-]?\d+$")


def email_stem(email: str) -> str:
    """The inbox without a trailing counter: john1@, john.2@ and john03@ share `john@`. For
    sequential-address detection; never a reason on its own that two people are one."""
    local, _, domain = canonical_email(email).rpartition("@")
    return f"{_TRAILING_NUMBER.sub('', local) or local}@{domain}"


def name_key(name: str) -> str:
    """A person's name folded for comparison: accents, case, punctuation and spacing dropped."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return " ".join(re.findall(r"[a-z]+", folded))


def names_alike(a: str, b: str) -> bool:
    """Two folded names that look like one name typed differently (Jon Smith / John Smyth /
    Jhon Smith): the whole names at least 0.75 alike (difflib's ratio) and the first names more
    than half alike, so relatives sharing a surname (Anna and Piotr Kowalski) are not."""
    if not a or not b:
        return False
    if a == b:
        return True
    first_a, first_b = a.split()[0], b.split()[0]
    return (
        SequenceMatcher(None, a, b).ratio() >= NAME_SIMILARITY
        and SequenceMatcher(None, first_a, first_b).ratio() > FIRST_NAME_SIMILARITY
    )
