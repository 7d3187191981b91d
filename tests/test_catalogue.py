"""The rule catalogue (harness/rules.yaml) against its source documents, and the loader's checks.

Every rule quotes its source word for word; the comparison ignores only white space and
formatting markup (HTML entities and tags, markdown ``**`` and backticks, the bullet character).
The documents live in ``../shared/seeds`` beside the project; this module is the only place the
project reads them, and the quote checks are skipped where they are absent.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from functools import cache
from pathlib import Path

import pytest

from harness.catalogue import PROFILES, CatalogueError, Rule, load_catalogue, parse_catalogue

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"

PROFILE_OF_SOURCE: dict[str, str] = {
    "000_f5e3920d56f99288.txt": "genesys-engage",
    "001_7f97ad4bd80db6cd.txt": "liveperson",
    "002_fc72374526dc0593.txt": "genesys-engage",
    "003_8857162963c75bc4.txt": "genesys-cloud",
    "004_74b9acbea6b733cb.txt": "genesys-cloud",
}
ID_PREFIX_OF_PROFILE = {"genesys-engage": "GE", "genesys-cloud": "GC", "liveperson": "LP"}

# The smallest source (003, a one-table SDK model page) holds 24 rules; 20 per source is a floor
# that catches a dropped section without having to be edited for every added rule.
MIN_RULES_PER_SOURCE = 20

# HTML markup only: a whitelist of element names, so that the placeholders of the LivePerson
# examples (``<Agent ID>``, ``<ServiceId from the dialog>``) and generic types such as
# ``List<String>`` (written ``List&lt;String&gt;`` in the source) are kept as text.
_HTML_MARKUP = re.compile(
    r"<!--.*?-->"
    r"|</?(?:a|b|br|code|div|em|i|li|ol|p|pre|span|strong|sub|sup|table|tbody|td|th|thead|tr|u|ul)"
    r"\b[^<>]*>",
    re.IGNORECASE | re.DOTALL,
)


def normalise(text: str) -> str:
    """Drop formatting markup and white space differences; applied to quotes and documents alike."""
    text = html.unescape(text)
    text = _HTML_MARKUP.sub("", text)
    text = text.replace("**", "").replace("`", "")
    text = text.replace("•", " ")
    return " ".join(text.split())


@cache
def normalised_source(name: str) -> str:
    return normalise((SEEDS / name).read_text(encoding="utf-8"))


def _need_seeds() -> None:
    if not SEEDS.is_dir():
        pytest.skip(
            f"source documents not found at {SEEDS}: "
            "the quote check needs ../shared/seeds beside the project"
        )


RULES: list[Rule] = list(load_catalogue())


def test_normaliser_strips_markup_but_keeps_placeholders() -> None:
    raw = (
        "<li>• If the session is <b>not</b> allowed,\n\t<b>X</b>=Yes</li> <!---->"
        '**List&lt;String&gt;** `cid: "<Context ID>"` &quot;alerting&quot;'
    )
    assert (
        normalise(raw)
        == 'If the session is not allowed, X=Yes List<String> cid: "<Context ID>" "alerting"'
    )


def test_catalogue_is_not_empty() -> None:
    assert len(RULES) > 0


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_quote_stands_in_its_source(rule: Rule) -> None:
    _need_seeds()
    assert rule.source in PROFILE_OF_SOURCE, f"{rule.id}: unknown source {rule.source}"
    quote = normalise(rule.quote)
    assert quote, f"{rule.id}: the quote is empty once normalised"
    assert quote in normalised_source(rule.source), (
        f"{rule.id}: quote not found word for word in {rule.source}: {quote!r}"
    )


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_section_is_a_heading_of_its_source(rule: Rule) -> None:
    _need_seeds()
    assert normalise(rule.section) in normalised_source(rule.source), (
        f"{rule.id}: section {rule.section!r} does not occur in {rule.source}"
    )


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_source_profile_and_id_agree(rule: Rule) -> None:
    assert rule.source in PROFILE_OF_SOURCE, f"{rule.id}: unknown source {rule.source}"
    assert rule.profile == PROFILE_OF_SOURCE[rule.source], (
        f"{rule.id}: source {rule.source} belongs to {PROFILE_OF_SOURCE[rule.source]}"
    )
    prefix, number, _ = rule.id.split("-")
    assert prefix == ID_PREFIX_OF_PROFILE[rule.profile]
    assert rule.source.startswith(f"{number}_"), f"{rule.id}: ID names source {number}"


def test_ids_are_sequential_within_each_source_in_file_order() -> None:
    seen: dict[str, list[int]] = {}
    for rule in RULES:
        seen.setdefault(rule.source, []).append(int(rule.id.rsplit("-", 1)[1]))
    for source, numbers in seen.items():
        assert numbers == list(range(1, len(numbers) + 1)), f"{source}: IDs out of sequence"


def test_every_source_has_rules() -> None:
    counts = Counter(rule.source for rule in RULES)
    for source in PROFILE_OF_SOURCE:
        assert counts[source] >= MIN_RULES_PER_SOURCE, f"{source} has only {counts[source]} rules"


def test_related_rules_are_other_rules() -> None:
    for rule in RULES:
        assert rule.id not in rule.related, f"{rule.id} relates to itself"


# ---- the loader's own checks, on small catalogues


def _entry(rule_id: str = "GE-002-01", **changes: object) -> str:
    fields: dict[str, object] = {
        "id": rule_id,
        "profile": "genesys-engage",
        "source": "002_fc72374526dc0593.txt",
        "section": "Starting a session",
        "quote": "A co-browse session can only be initiated by a customer.",
        "level": "must",
        "testability": "automated",
    }
    fields.update(changes)
    lines = []
    for key, value in fields.items():
        if value is None:
            continue
        rendered = "[" + ", ".join(value) + "]" if isinstance(value, list) else f'"{value}"'
        lines.append(f"{key}: {rendered}")
    return "  - " + "\n    ".join(lines) + "\n"


def test_parse_accepts_a_minimal_catalogue() -> None:
    catalogue = parse_catalogue(
        "rules:\n"
        + _entry()
        + _entry("GE-002-02", testability="manual", reason="UI only", related=["GE-002-01"])
    )
    assert [rule.id for rule in catalogue] == ["GE-002-01", "GE-002-02"]
    assert catalogue.get("GE-002-02").related == ("GE-002-01",)


def test_parse_rejects_a_duplicate_id() -> None:
    with pytest.raises(CatalogueError, match="twice"):
        parse_catalogue("rules:\n" + _entry() + _entry())


def test_parse_rejects_an_unknown_profile() -> None:
    with pytest.raises(CatalogueError, match="profile"):
        parse_catalogue("rules:\n" + _entry(profile="genesys-purecloud"))


@pytest.mark.parametrize("testability", ["manual", "not-testable"])
def test_parse_rejects_a_non_automated_rule_without_reason(testability: str) -> None:
    with pytest.raises(CatalogueError, match="no reason"):
        parse_catalogue("rules:\n" + _entry(testability=testability))


def test_parse_rejects_an_unknown_related_id() -> None:
    with pytest.raises(CatalogueError, match="unknown rule GE-002-99"):
        parse_catalogue("rules:\n" + _entry(related=["GE-002-99"]))


def test_every_silent_choice_is_written_down_whole() -> None:
    from harness.silent import load_silent

    choices = load_silent()
    assert {c.profile for c in choices} == set(PROFILES)
    for c in choices:
        assert c.rules, f"{c.id} names no rule"
        assert len(c.accepts) > 10 and len(c.sources) > 10, c.id
