"""Pure preflight decisions: which URLs lead into this Vouch's /r/, what a template may carry,
and which simulated journeys are findings."""

from __future__ import annotations

import pytest

from server.campaigns import preflight_rules as rules
from server.errors import InvalidInput

PUBLIC = "https://vouch.example.com"


@pytest.mark.parametrize(
    "url",
    [
        "https://vouch.example.com/r/ABCDE23456",
        "http://vouch.example.com/r/abcde23456",
        "https://VOUCH.EXAMPLE.COM/R/ABCDE23456",
        "https://vouch.example.com:8443/r/ABCDE23456",
        "https://vouch.example.com./r/ABCDE23456",
        "https://vouch.example.com//r///ABCDE23456",
        "https://vouch.example.com/shop/../r/ABCDE23456",
        "https://vouch.example.com/./r/./ABCDE23456",
        "https://vouch.example.com/%72/ABCDE23456",
        "https://vouch.example.com/%2572/ABCDE23456",
        "https://vouch.example.com\\r\\ABCDE23456",
        "https://someone:pw@vouch.example.com/r/ABCDE23456",
        "https://vouch.exa\tmple.com/r/ABCDE23456",
        "//vouch.example.com/r/ABCDE23456",
        "https:/vouch.example.com/r/ABCDE23456",
        "HTTPS:vouch.example.com/r/ABCDE23456",
        "https://vouch.example.com/r/give-10/ada?utm=1#x",
        "https://vouch.example.com/r",
    ],
)
def test_urls_into_our_redirect_in_any_spelling(url: str) -> None:
    assert rules.redirect_path(url, PUBLIC) is not None
    with pytest.raises(InvalidInput) as refused:
        rules.check_landing_url(url, PUBLIC)
    assert refused.value.field == "landingUrl"


@pytest.mark.parametrize(
    "url",
    [
        "https://shop.example.com/r/ABCDE23456",
        "https://vouch.example.com.evil.example/r/ABCDE23456",
        "https://vouch.example.com/rr/ABCDE23456",
        "https://vouch.example.com/r-x/ABCDE23456",
        "https://vouch.example.com/join?next=/r/ABCDE23456",
        "https://vouch.example.com/",
        "not a url",
    ],
)
def test_other_urls_are_fine(url: str) -> None:
    assert rules.redirect_path(url, PUBLIC) is None
    rules.check_landing_url(url, PUBLIC)


def test_ip_hosts_are_compared_in_one_spelling() -> None:
    public = "http://127.0.0.1:8000"
    for url in ("http://127.1/r/X", "http://0x7f.0.0.1:9/r/X", "http://2130706433/r/X"):
        assert rules.redirect_path(url, public) == "/r/x", url
    assert rules.redirect_path("http://127.0.0.2/r/X", public) is None


def test_a_public_url_with_a_base_path() -> None:
    public = "https://example.com/vouch"
    assert rules.redirect_path("https://example.com/vouch/r/ABC", public) == "/r/abc"
    assert rules.redirect_path("https://example.com/r/ABC", public) is None
    assert rules.redirect_code("https://example.com/vouch/r/slug/ada", public) == ("slug", "ada")


def test_templates_need_the_placeholder_and_no_written_out_link_or_code() -> None:
    known = frozenset({"ABCDE23456", "WELCOME10"})
    ok = ("Try {share_url}!", "My code: {code}", "", "{share_url} see shop.example/r/x")
    for text in ok:
        rules.check_template(text, "f", PUBLIC, known, needs_link=True)
    rules.check_template("Hello from {advocate_name}", "f", PUBLIC, known, needs_link=False)
    for text in (
        "Buy here",
        "{share_url} or https://vouch.example.com/r/ZZZZZ22222",
        "{share_url} or vouch.example.com/r/x",
        "{share_url} (or Vouch.Example.com:443/R/x)",
        "{share_url}, code abcde-23456",
        "{share_url}, coupon WELCOME10",
    ):
        with pytest.raises(InvalidInput):
            rules.check_template(text, "f", PUBLIC, known, needs_link=True)


COMPANY = rules.Company(frozenset({"owner@shop.example"}), frozenset({"shop.example"}))


def _journey(sharer: str, credited: str, **extra: object) -> rules.Journey:
    j = rules.Journey(
        sharer_code=sharer,
        sharer_email=f"{sharer.lower()}@people.example",
        friend_email="friend@people.example",
        clicked_code=sharer,
        clicks=1,
        credited_code=credited,
        credited_email=f"{credited.lower()}@people.example",
    )
    for key, value in extra.items():
        setattr(j, key, value)
    return j


def test_findings_for_misrouted_and_clean_journeys() -> None:
    clean = [_journey("A", "A"), _journey("B", "B")]
    clean[0].payees = [
        rules.Payee("advocate", "a@people.example", 1000, "USD"),
        rules.Payee("friend", "friend@people.example", 500, "USD"),
    ]
    assert rules.findings(clean, COMPANY, has_rules=True) == []

    hijacked = [
        _journey("A", "C", clicked_code="C", credited_email="sales@shop.example"),
        _journey("B", "C", clicked_code="C", credited_email="sales@shop.example"),
    ]
    hijacked[0].payees = [rules.Payee("advocate", "sales@shop.example", 1000, "USD")]
    codes = {f.code for f in rules.findings(hijacked, COMPANY, has_rules=True)}
    assert codes == {
        rules.Code.TEMPLATE_FOREIGN_LINK,
        rules.Code.CREDIT_TO_OTHER_ADVOCATE,
        rules.Code.CREDIT_CONCENTRATED,
        rules.Code.REWARD_TO_THIRD_PARTY,
        rules.Code.REWARD_TO_COMPANY_DOMAIN,
    }


def test_coupon_overrides_are_warnings_only_for_company_coupons() -> None:
    theirs = _journey("A", "C", coupon="FRIEND5", coupon_owner_code="C")
    ours = _journey(
        "A", "C", coupon="WELCOME", coupon_owner_code="C", credited_email="owner@shop.example"
    )
    [info] = rules.findings([theirs], COMPANY, has_rules=True)
    [warning] = rules.findings([ours], COMPANY, has_rules=True)
    assert (info.code, info.severity) == (rules.Code.COUPON_OVERRIDES_ADVOCATE, rules.Severity.INFO)
    assert warning.severity is rules.Severity.WARNING
    assert rules.unacknowledged([info, warning], []) == ["COUPON_OVERRIDES_ADVOCATE"]
    assert rules.unacknowledged([info, warning], ["COUPON_OVERRIDES_ADVOCATE"]) == []
