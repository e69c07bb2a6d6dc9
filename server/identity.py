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
    """Two folded names that differ by at most one edit per word (Jon Smith / John Smyth), with
    the same number of words. Equal names count too."""
    wa, wb = a.split(), b.split()
    if not wa or len(wa) != len(wb):
        return False
    return all(_within_one_edit(x, y) for x, y in zip(wa, wb, strict=True))


def _within_one_edit(a: str, b: str) -> bool:
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        # one substitution, or two neighbours swapped (Jhon / John)
        return len(diff) == 1 or (
            len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]]
            and a[diff[1]] == b[diff[0]]
        )  # fmt: skip
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))
