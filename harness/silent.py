"""Silent choices: where the sources leave an implementation free, and what the harness accepts.

A conformance tool that fails a legal implementation is worse than none. Every point
where the five sources allow more than one behaviour is written down in
``silent.yaml`` beside this module: what the sources say (or do not), every choice the
harness accepts, how the harness reaches the situation it needs without relying on
one choice, the reference's own choice (one of the accepted ones, never the rule),
and the rules it touches. ``cobrowse-conformance rules`` and every report show them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from harness.catalogue import PROFILES, CatalogueError, load_catalogue

SILENT_PATH = Path(__file__).with_name("silent.yaml")
FIELDS = ("id", "profile", "topic", "sources", "accepts", "reaches", "reference", "rules")


@dataclass(frozen=True)
class SilentChoice:
    id: str
    profile: str
    topic: str
    sources: str  # what the sources say, or that they say nothing
    accepts: str  # every choice the harness accepts
    reaches: str  # how the harness gets the situation it needs without relying on one
    reference: str  # the reference's own choice: one of the accepted, never the rule
    rules: tuple[str, ...]

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "profile": self.profile, "topic": self.topic,
                "sources": self.sources, "accepts": self.accepts, "reaches": self.reaches,
                "reference": self.reference, "rules": list(self.rules)}


@cache
def load_silent(path: Path = SILENT_PATH) -> tuple[SilentChoice, ...]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not isinstance(data.get("silent"), list):
        raise CatalogueError(f"{path} must hold a 'silent' list")
    catalogue = load_catalogue()
    choices: list[SilentChoice] = []
    seen: set[str] = set()
    for n, entry in enumerate(data["silent"], 1):
        where = f"{path.name} entry {n}"
        if not isinstance(entry, dict) or set(entry) != set(FIELDS):
            raise CatalogueError(f"{where} must have exactly the keys {', '.join(FIELDS)}")
        if entry["id"] in seen:
            raise CatalogueError(f"{where}: id {entry['id']} appears twice")
        seen.add(entry["id"])
        if entry["profile"] not in PROFILES:
            raise CatalogueError(f"{where}: unknown profile {entry['profile']!r}")
        for rule in entry["rules"]:
            if rule not in catalogue or catalogue.get(rule).profile != entry["profile"]:
                raise CatalogueError(f"{where}: {rule} is no rule of {entry['profile']}")
        text = {k: " ".join(str(entry[k]).split()) for k in FIELDS[2:7]}
        choices.append(SilentChoice(
            str(entry["id"]), str(entry["profile"]), text["topic"], text["sources"],
            text["accepts"], text["reaches"], text["reference"], tuple(entry["rules"])))
    return tuple(choices)


def silent_for(profiles: list[str] | tuple[str, ...]) -> list[SilentChoice]:
    return [c for c in load_silent() if c.profile in profiles]
