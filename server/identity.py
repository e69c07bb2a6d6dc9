"""One canonical identity: every "is this the same person?" check goes through here.

Fraud rules, the blocklist, self-approval, four-eyes, re-attribution and self-referral all
compare people by `canonical_email`, never by the raw strings.
"""

from __future__ import annotations

# Providers that deliver a.b.c+tag@ to abc@: the same inbox, so the same person.
DOTLESS_PROVIDERS = frozenset({"gmail.com", "googlemail.com"})
TAG_PROVIDERS = DOTLESS_PROVIDERS | frozenset(
    {"outlook.com", "hotmail.com", "live.com", "icloud.com", "me.com", "fastmail.com", "proton.me"}
)
PROVIDER_ALIASES = {"googlemail.com": "gmail.com"}


def canonical_email(email: str) -> str:
    """One key per inbox: lower-cased; dots and +tags dropped where the provider ignores them."""
    local, _, domain = email.strip().lower().rpartition("@")
    domain = PROVIDER_ALIASES.get(domain, domain)
    if domain in TAG_PROVIDERS:
        local = local.split("+", 1)[0]
    if domain in DOTLESS_PROVIDERS:
        local = local.replace(".", "")
    return f"{local}@{domain}"


def same_inbox(a: str | None, b: str | None) -> bool:
    """Both addresses are known and reach the same inbox."""
    return a is not None and b is not None and canonical_email(a) == canonical_email(b)
