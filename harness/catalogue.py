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


def _rule_from(entry: Any, index: int) -> Rule:
    where = f"catalogue entry #{index + 1}"
    if not isinstance(entry, dict):
        raise CatalogueError(f"{where} is not a mapping")
    rule_id = entry.get("id")
    if not isinstance(rule_id, str) or not RULE_ID.match(rule_id):
        raise CatalogueError(f"{where} has a malformed id {rule_id!r} (want e.g. GE-002-01)")
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


def parse_catalogue(text: str) -> Catalogue:
    data = yaml.safe_load(text)
    if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
        raise CatalogueError("the catalogue must be a mapping with a 'rules' list")
    catalogue = Catalogue(_rule_from(entry, i) for i, entry in enumerate(data["rules"]))
    for rule in catalogue:
        for other in rule.related:
            if other not in catalogue:
                raise CatalogueError(f"rule {rule.id} relates to unknown rule {other}")
    return catalogue


@cache
def load_catalogue(path: Path = CATALOGUE_PATH) -> Catalogue:
    return parse_catalogue(path.read_text(encoding="utf-8"))
