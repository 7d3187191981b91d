"""Which rules and scenarios a run covers: ``--rule``, ``--source``, ``--level``, ``--tag``.

A QA engineer chasing one failure runs one rule (``--rule LP-001-43``) or a family
(``--rule 'GE-002-*'``); a CI job may run only the ``must`` rules of one source.
Kinds combine with AND, values of one kind with OR. A scenario runs when one of
its rules is selected (and, with ``--tag``, it carries one of the tags); rules
left out are reported ``skipped (not selected)``, never ``not-automated``.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

from harness.catalogue import LEVELS, Catalogue, Rule, load_catalogue

#: The reason given for a rule that the selection left out.
NOT_SELECTED = "not selected (--rule, --source, --level or --tag)"


class SelectionError(ValueError):
    """A selection that names nothing the catalogue knows (a typo must not select nothing)."""


@dataclass(frozen=True)
class Selection:
    rules: tuple[str, ...] = ()  # IDs or fnmatch patterns (GE-002-*)
    sources: tuple[str, ...] = ()  # source file names or their number prefix (000)
    levels: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()  # scenario tags, without '@'
    #: ``(i, n)``: only the i-th of n deterministic parts of the catalogue (1-based), so a
    #: large target can be checked by n CI jobs at once and the reports merged.
    shard: tuple[int, int] | None = None

    @property
    def active(self) -> bool:
        return bool(self.rules or self.sources or self.levels or self.tags or self.shard)

    def check(self, catalogue: Catalogue) -> None:
        """Refuse patterns, sources and levels that match no catalogued rule."""
        known = list(catalogue)
        for pattern in self.rules:
            if not any(_match(pattern, r.id) for r in known):
                raise SelectionError(f"--rule {pattern!r} matches no catalogued rule "
                                     "(`cobrowse-conformance rules` lists them)")
        for source in self.sources:
            if not any(_source_matches(source, r.source) for r in known):
                sources = sorted({r.source.split("_")[0] for r in known})
                raise SelectionError(f"--source {source!r} names no source; known: "
                                     f"{', '.join(sources)}")
        for level in self.levels:
            if level not in LEVELS:
                raise SelectionError(f"--level {level!r} is not one of {', '.join(LEVELS)}")

    def selects(self, rule: Rule) -> bool:
        """Whether the rule filters (not the tags) select this rule."""
        return ((not self.rules or any(_match(p, rule.id) for p in self.rules))
                and (not self.sources or any(_source_matches(s, rule.source)
                                             for s in self.sources))
                and (not self.levels or rule.level in self.levels)
                and (self.shard is None or _shard_of(rule.id, self.shard[1]) == self.shard[0]))

    def keeps(self, rules: Iterable[Rule], tags: Iterable[str]) -> bool:
        """Whether a scenario with these rules and tags runs."""
        tag_set = {t.lstrip("@") for t in tags}
        return (any(self.selects(r) for r in rules)
                and (not self.tags or any(t in tag_set for t in self.tags)))

    @classmethod
    def of(cls, rules: Sequence[str] = (), sources: Sequence[str] = (),
           levels: Sequence[str] = (), tags: Sequence[str] = (),
           shard: str | None = None) -> Selection:
        return cls(tuple(rules), tuple(sources), tuple(levels),
                   tuple(t.lstrip("@") for t in tags), parse_shard(shard) if shard else None)


def parse_shard(text: str) -> tuple[int, int]:
    """``2/4`` -> (2, 4); anything else is a SelectionError."""
    match = re.fullmatch(r"\s*(\d+)\s*/\s*(\d+)\s*", text)
    if not match or not 1 <= int(match.group(1)) <= int(match.group(2)):
        raise SelectionError(f"--shard {text!r} must be i/n with 1 <= i <= n, e.g. 2/4")
    return int(match.group(1)), int(match.group(2))


def _shard_of(rule_id: str, n: int) -> int:
    """The shard (1-based) owning a rule: rules dealt out in catalogue ID order."""
    return _catalogue_order().get(rule_id, 0) % n + 1


@cache
def _catalogue_order() -> dict[str, int]:
    return {rule_id: i for i, rule_id in enumerate(sorted(r.id for r in load_catalogue()))}


def _match(pattern: str, rule_id: str) -> bool:
    return fnmatch.fnmatchcase(rule_id.upper(), pattern.upper())


def _source_matches(wanted: str, source: str) -> bool:
    return source == wanted or bool(re.match(re.escape(wanted) + r"(_|$)", source))
