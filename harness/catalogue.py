"""The rule catalogue: every normative statement of the source documents.

The catalogue is one data file (``rules.yaml`` beside this module) so that a
rule has exactly one home: features tag scenarios with its ID, reports look its
text up here, and the self-test checks that every automated rule is proven.
Loading validates the file's shape, so a typo in the data fails loudly at the
first command rather than producing a report with holes in it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

CATALOGUE_PATH = Path(__file__).with_name("rules.yaml")

PROFILES: tuple[str, ...] = ("genesys-engage", "genesys-cloud", "liveperson")
LEVELS: tuple[str, ...] = ("must", "should", "informative")
TESTABILITY: tuple[str, ...] = ("automated", "manual", "not-testable")
RULE_ID = re.compile(r"^(GE|GC|LP)-\d{3}-\d{2,3}$")
#: IDs of a vendor's own rules (``--rules-file``): a prefix of their own, e.g. ACME-LOGIN-1.
OWN_RULE_ID = re.compile(r"^(?!(GE|GC|LP)-)[A-Z][A-Z0-9]*(-[A-Za-z0-9]+)+$")


class CatalogueError(ValueError):
    """The catalogue data file is malformed; the message names the entry."""


@dataclass(frozen=True)
class Rule:
    id: str
    profile: str
    source: str
    section: str
    quote: str
    level: str
    testability: str
    reason: str = ""
    note: str = ""
    related: tuple[str, ...] = field(default_factory=tuple)

    @property
    def automated(self) -> bool:
        return self.testability == "automated"

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.id,
            "profile": self.profile,
            "source": self.source,
            "section": self.section,
            "quote": self.quote,
            "level": self.level,
            "testability": self.testability,
        }
        if self.reason:
            data["reason"] = self.reason
        if self.note:
            data["note"] = self.note
        if self.related:
            data["related"] = list(self.related)
        return data


class Catalogue:
    """An ordered, ID-indexed collection of rules."""

    def __init__(self, rules: Iterable[Rule]) -> None:
        self._rules: dict[str, Rule] = {}
        for rule in rules:
            if rule.id in self._rules:
                raise CatalogueError(f"rule {rule.id} appears twice in the catalogue")
            self._rules[rule.id] = rule

    def __iter__(self) -> Iterator[Rule]:
        return iter(self._rules.values())

    def __len__(self) -> int:
        return len(self._rules)

    def __contains__(self, rule_id: object) -> bool:
        return rule_id in self._rules

    def get(self, rule_id: str) -> Rule:
        try:
            return self._rules[rule_id]
        except KeyError:
            raise CatalogueError(f"no rule {rule_id!r} in the catalogue") from None

    def for_profiles(self, profiles: Iterable[str]) -> list[Rule]:
        wanted = set(profiles)
        return [rule for rule in self if rule.profile in wanted]


def _rule_from(entry: Any, index: int, own: bool = False) -> Rule:
    where = f"catalogue entry #{index + 1}"
    if not isinstance(entry, dict):
        raise CatalogueError(f"{where} is not a mapping")
    rule_id = entry.get("id")
    pattern = OWN_RULE_ID if own else RULE_ID
    if not isinstance(rule_id, str) or not pattern.match(rule_id):
        want = ("a prefix of your own, e.g. ACME-LOGIN-1 (GE-, GC- and LP- are the "
                "catalogue's)") if own else "e.g. GE-002-01"
        raise CatalogueError(f"{where} has a malformed id {rule_id!r} (want {want})")
    where = f"rule {rule_id}"
    required = ("profile", "source", "section", "quote", "level", "testability")
    for key in required:
        if not isinstance(entry.get(key), str) or not entry[key].strip():
            raise CatalogueError(f"{where} lacks a non-empty string {key!r}")
    unknown = set(entry) - {*required, "id", "reason", "note", "related"}
    if unknown:
        raise CatalogueError(f"{where} has unknown keys {sorted(unknown)}")
    if entry["profile"] not in PROFILES:
        raise CatalogueError(f"{where} has unknown profile {entry['profile']!r}")
    if entry["level"] not in LEVELS:
        raise CatalogueError(f"{where} has unknown level {entry['level']!r}")
    if entry["testability"] not in TESTABILITY:
        raise CatalogueError(f"{where} has unknown testability {entry['testability']!r}")
    if entry["testability"] != "automated" and not str(entry.get("reason", "")).strip():
        raise CatalogueError(f"{where} is {entry['testability']} but gives no reason")
    related = entry.get("related", [])
    if not isinstance(related, list) or not all(isinstance(r, str) for r in related):
        raise CatalogueError(f"{where} has a 'related' that is not a list of rule IDs")
    return Rule(
        id=rule_id,
        profile=entry["profile"],
        source=entry["source"],
        section=entry["section"],
        quote=" ".join(entry["quote"].split()),
        level=entry["level"],
        testability=entry["testability"],
        reason=str(entry.get("reason", "")).strip(),
        note=" ".join(str(entry.get("note", "")).split()),
        related=tuple(related),
    )


def parse_catalogue(text: str, own: bool = False,
                    known: Catalogue | None = None) -> Catalogue:
    """Parse a catalogue; ``own`` for a vendor's rules file, checked against ``known``."""
    data = yaml.safe_load(text)
    if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
        raise CatalogueError("the catalogue must be a mapping with a 'rules' list")
    rules = [_rule_from(entry, i, own) for i, entry in enumerate(data["rules"])]
    catalogue = Catalogue([*(known or ()), *rules])
    for rule in catalogue:
        for other in rule.related:
            if other not in catalogue:
                raise CatalogueError(f"rule {rule.id} relates to unknown rule {other}")
    return catalogue


#: Vendors' own rules files added to the catalogue for this process (``--rules-file``).
_OWN_RULES: list[Path] = []


def add_rules_file(path: Path) -> None:
    """Add a vendor's rules (same format as ``rules.yaml``, IDs of their own) to the
    catalogue: their scenarios are then judged and reported beside the catalogue's."""
    path = path.resolve()
    if path in _OWN_RULES:
        return
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise CatalogueError(f"cannot read rules file {path}: {exc.strerror}") from None
    try:
        parse_catalogue(text, own=True, known=load_catalogue())
    except CatalogueError as exc:
        raise CatalogueError(f"rules file {path}: {exc}") from None
    except yaml.YAMLError as exc:
        raise CatalogueError(f"rules file {path} is not valid YAML: {exc}") from None
    _OWN_RULES.append(path)


def load_catalogue(path: Path = CATALOGUE_PATH) -> Catalogue:
    """The catalogue, with any rules files added by ``add_rules_file``."""
    return _load(path, tuple(_OWN_RULES))


@cache
def _load(path: Path, own: tuple[Path, ...]) -> Catalogue:
    catalogue = parse_catalogue(path.read_text(encoding="utf-8"))
    for extra in own:
        catalogue = parse_catalogue(extra.read_text(encoding="utf-8"), own=True,
                                    known=catalogue)
    return catalogue
