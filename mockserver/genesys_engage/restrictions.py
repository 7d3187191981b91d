"""Restrictions on a shared page: data masking and DOM control.

The page a customer shares is modelled as a flat list of elements (enough to
state every restriction rule of the sources). Restrictions are keyed by CSS
selectors, as in the product; this module understands the simple selectors a
restriction needs: ``tag``, ``#id``, ``.class``, ``[attr]``, ``[attr=value]``
and their compounds (``input.ssn[type=text]``), in comma-separated lists.
Combinators (descendant, child) are refused with a clear error because a flat
page model cannot honour them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from mockserver.errors import Invalid

#: Always masked, whatever the configuration says ("By default, all passwords are masked").
DEFAULT_MASK_SELECTORS: tuple[str, ...] = ("input[type=password]",)
#: Disabled for the agent ("By default, all Submit buttons are deactivated for the agent").
DEFAULT_DISABLED_SELECTORS: tuple[str, ...] = ("button[type=submit]", "input[type=submit]")

MASK = "*****"

_SIMPLE = re.compile(
    r"""(?P<tag>[a-zA-Z][a-zA-Z0-9-]*|\*)?
        (?P<rest>(?:\#[\w-]+|\.[\w-]+|\[[\w-]+(?:=(?:"[^"]*"|'[^']*'|[\w-]+))?\])*)$""",
    re.VERBOSE,
)
_PART = re.compile(r"""\#([\w-]+)|\.([\w-]+)|\[([\w-]+)(?:=("[^"]*"|'[^']*'|[\w-]+))?\]""")


@dataclass(frozen=True)
class SimpleSelector:
    tag: str | None
    ids: tuple[str, ...]
    classes: tuple[str, ...]
    attrs: tuple[tuple[str, str | None], ...]

    def matches(self, element: dict[str, Any]) -> bool:
        if self.tag and self.tag != "*" and element.get("tag", "").lower() != self.tag.lower():
            return False
        if any(element.get("id") != i for i in self.ids):
            return False
        classes = element.get("classes") or []
        if any(c not in classes for c in self.classes):
            return False
        for name, value in self.attrs:
            actual = _attribute(element, name)
            if actual is None or (value is not None and actual != value):
                return False
        return True


def _attribute(element: dict[str, Any], name: str) -> str | None:
    if name in ("id", "type", "name"):
        value = element.get(name)
        return None if value is None else str(value)
    attributes = element.get("attributes") or {}
    value = attributes.get(name)
    return None if value is None else str(value)


def parse_selector(text: str) -> list[SimpleSelector]:
    """Parse a comma-separated selector list; raise Invalid naming the bad part."""
    selectors = []
    for raw in text.split(","):
        part = raw.strip()
        match = _SIMPLE.match(part) if part else None
        if not part or match is None or not (match.group("tag") or match.group("rest")):
            raise Invalid(
                "invalid_selector",
                f"selector {raw.strip()!r} is not supported: use tag, #id, .class, "
                "[attr] or [attr=value] compounds without combinators",
                selector=text,
            )
        ids, classes, attrs = [], [], []
        for m in _PART.finditer(match.group("rest") or ""):
            if m.group(1):
                ids.append(m.group(1))
            elif m.group(2):
                classes.append(m.group(2))
            else:
                value = m.group(4)
                if value is not None and value[:1] in "\"'":
                    value = value[1:-1]
                attrs.append((m.group(3), value))
        selectors.append(
            SimpleSelector(match.group("tag"), tuple(ids), tuple(classes), tuple(attrs))
        )
    return selectors


class Restrictions:
    """Which elements are masked from, and which are disabled for, the agent."""

    def __init__(
        self,
        mask_selectors: tuple[str, ...] = (),
        disabled_selectors: tuple[str, ...] = (),
        *,
        mask_passwords: bool = True,
        disable_submit: bool = True,
    ) -> None:
        masks = (DEFAULT_MASK_SELECTORS if mask_passwords else ()) + tuple(mask_selectors)
        disabled = (DEFAULT_DISABLED_SELECTORS if disable_submit else ()) + tuple(
            disabled_selectors
        )
        self._mask = [s for text in masks for s in parse_selector(text)]
        self._disabled = [s for text in disabled for s in parse_selector(text)]

    def is_masked(self, element: dict[str, Any]) -> bool:
        return any(s.matches(element) for s in self._mask)

    def is_disabled(self, element: dict[str, Any]) -> bool:
        return any(s.matches(element) for s in self._disabled)
