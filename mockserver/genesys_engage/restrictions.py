"""Restrictions on a shared page: data masking and DOM control, with HTML's semantics.

A page can say the same thing many ways, and a restriction that holds for one
spelling only is a leak waiting for the next page: ``<INPUT TYPE=PASSWORD>`` is
a password field, ``<button>`` with no type is a Submit button (HTML's default),
``<input type=image>`` submits its form, and a field's ``name`` is the same
whether the page model carries it as a property or among its ``attributes``.
So every question asked here follows HTML: tag names, attribute names and the
values of enumerated attributes such as ``type`` compare without regard to
letter case; ``id``, ``type`` and ``name`` are read from the property and from
``attributes`` alike; and an element's children share its restrictions (masking
a container hides everything in it, a click inside a Submit button presses it).

Restrictions are keyed by CSS selectors, as in the product; this module
understands the simple selectors a restriction needs: ``tag``, ``#id``,
``.class``, ``[attr]``, ``[attr=value]`` and their compounds
(``input.ssn[type=text]``), in comma-separated lists. Combinators (descendant,
child) are refused with a clear error: nesting is honoured through inheritance
instead.

What the agent sees of a masked element is an allow-list, not a deny-list: its
structure (id, tag, type, name, classes and a few attributes that describe the
control, not what is in it), every other value replaced by :data:`MASK`. A
deny-list of "value, title, placeholder" let ``aria-label``, ``alt``,
``data-*`` and any attribute written ``Title`` through.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from mockserver.errors import Invalid
from mockserver.limits import (
    MAX_ELEMENT_ATTRIBUTES,
    MAX_ELEMENT_CLASSES,
    MAX_NAME_CHARS,
    MAX_PAGE_ELEMENTS,
    MAX_TEXT_CHARS,
)

#: What stands for a masked element's values in the agent's view.
MASK = "*****"
#: Attributes the page model may also carry as top-level properties.
PROPERTIES = ("id", "type", "name")
#: Keys of an element that describe its structure, shown to the agent even when masked.
STRUCTURE_KEYS = ("id", "tag", "type", "name", "classes")
#: Keys of an element that carry its content: masked, never shown.
CONTENT_KEYS = ("value", "text")
#: Attributes that describe a control, never the data in it: the only attribute values of a
#: masked element the agent may read. Everything else (value, title, placeholder,
#: aria-label, alt, data-*, href, src, checked, ...) is masked.
HARMLESS_ATTRIBUTES = frozenset({
    "id", "type", "name", "class", "role", "disabled", "readonly", "required", "hidden",
    "tabindex", "autocomplete", "inputmode", "maxlength", "minlength", "size", "form", "for",
    "dir", "lang",
})
#: Attributes whose values HTML matches without regard to case in selectors (HTML
#: Standard, "Case-sensitivity of selectors"); the ones a restriction can meet.
CASELESS_VALUES = frozenset({
    "accept", "accept-charset", "align", "checked", "dir", "disabled", "enctype", "lang",
    "media", "method", "multiple", "readonly", "rel", "selected", "shape", "target", "type",
})
#: Input types that submit their form when activated.
SUBMIT_INPUT_TYPES = ("submit", "image")
#: Button types that do not submit; any other value, or none, is HTML's default: submit.
NON_SUBMIT_BUTTON_TYPES = ("button", "reset")

_SIMPLE = re.compile(
    r"""(?P<tag>[a-zA-Z][a-zA-Z0-9-]*|\*)?
        (?P<rest>(?:\#[\w-]+|\.[\w-]+|\[[\w-]+(?:=(?:"[^"]*"|'[^']*'|[\w-]+))?\])*)$""",
    re.VERBOSE,
)
_PART = re.compile(r"""\#([\w-]+)|\.([\w-]+)|\[([\w-]+)(?:=("[^"]*"|'[^']*'|[\w-]+))?\]""")

Element = dict[str, Any]
Lineage = tuple[Element, ...]


# -- reading an element the way HTML does ---------------------------------------------------
def tag_of(element: Element) -> str:
    return str(element.get("tag", "")).lower()


def attribute_values(element: Element, name: str) -> list[str]:
    """Every value ``element`` gives attribute ``name``: as a property (id, type, name) and in
    ``attributes`` under any letter case of the name. Several values can disagree; whoever
    asks decides, and a restriction errs on the side of restricting."""
    wanted = name.lower()
    values = []
    if wanted in PROPERTIES and element.get(wanted) is not None:
        values.append(str(element[wanted]))
    attributes = element.get("attributes")
    if isinstance(attributes, dict):
        values.extend(str(v) for k, v in attributes.items()
                      if str(k).lower() == wanted and v is not None)
    return values


def classes_of(element: Element) -> set[str]:
    """The element's classes: the ``classes`` list and the ``class`` attribute's tokens."""
    classes = {str(c) for c in element.get("classes") or [] if isinstance(c, str)}
    for value in attribute_values(element, "class"):
        classes.update(value.split())
    return classes


def types_of(element: Element) -> set[str]:
    """The element's ``type`` values, lower-cased (an enumerated attribute: any case)."""
    return {value.lower() for value in attribute_values(element, "type")}


def is_password(element: Element) -> bool:
    return tag_of(element) == "input" and "password" in types_of(element)


def is_submit(element: Element) -> bool:
    """Whether activating ``element`` submits its form: a button of no type, of type submit
    or of an invalid type (HTML's missing and invalid value default), an input of type
    submit or image."""
    tag, types = tag_of(element), types_of(element)
    if tag == "button":
        return not types or not types <= set(NON_SUBMIT_BUTTON_TYPES)
    return tag == "input" and bool(types & set(SUBMIT_INPUT_TYPES))


def walk(elements: Any, ancestors: Lineage = ()) -> Iterator[tuple[Element, Lineage]]:
    """Every element of a page, depth first, with its ancestors (outermost first)."""
    for element in elements if isinstance(elements, list) else []:
        if isinstance(element, dict):
            yield element, ancestors
            yield from walk(element.get("children"), (*ancestors, element))


def check_elements(elements: list[Element]) -> list[Element]:
    """A deep copy of a page's elements, refused (Invalid) unless every element, children
    included, has a non-empty string id and tag, the shape and sizes the driver API
    publishes for a top-level element (the route's schema sees only the top level), and the
    ids are unique on the page; the whole tree holds at most MAX_PAGE_ELEMENTS elements."""
    seen: set[str] = set()
    for element, _ in walk(elements):
        for key in ("id", "tag"):
            if not isinstance(element.get(key), str) or not element[key]:
                raise Invalid("invalid_element", f"every element needs a non-empty {key!r}")
        _check_shape(element)
        if len(seen) >= MAX_PAGE_ELEMENTS:
            raise Invalid("too_many_items", f"a page holds at most {MAX_PAGE_ELEMENTS} "
                          "elements, children included", field="elements",
                          limit=MAX_PAGE_ELEMENTS)
        children = element.get("children", [])
        if not isinstance(children, list) or not all(isinstance(c, dict) for c in children):
            raise Invalid("invalid_element", f"children of {element['id']!r} are not elements")
        if element["id"] in seen:
            raise Invalid("duplicate_element_id", "element ids on a page must be unique")
        seen.add(element["id"])
    return copy.deepcopy(elements)


_STRINGS = {"id": MAX_NAME_CHARS, "tag": MAX_NAME_CHARS, "type": MAX_NAME_CHARS,
            "name": MAX_NAME_CHARS, "value": MAX_TEXT_CHARS, "text": MAX_TEXT_CHARS}


def _check_shape(element: Element) -> None:
    """One element as the driver API publishes it: strings where strings go, within their
    limits, and nothing else but ``children``."""
    where = f"element {str(element.get('id'))[:64]!r}"
    for key, value in element.items():
        if key in _STRINGS:
            if not isinstance(value, str) or len(value) > _STRINGS[key]:
                raise Invalid("invalid_element", f"{where}: {key!r} must be a string of at "
                              f"most {_STRINGS[key]} characters", field=key,
                              limit=_STRINGS[key])
        elif key == "classes":
            if not (isinstance(value, list) and len(value) <= MAX_ELEMENT_CLASSES and all(
                    isinstance(c, str) and len(c) <= MAX_NAME_CHARS for c in value)):
                raise Invalid("invalid_element", f"{where}: 'classes' must be at most "
                              f"{MAX_ELEMENT_CLASSES} strings", field="classes",
                              limit=MAX_ELEMENT_CLASSES)
        elif key == "attributes":
            if not (isinstance(value, dict) and len(value) <= MAX_ELEMENT_ATTRIBUTES and all(
                    isinstance(k, str) and len(k) <= MAX_NAME_CHARS
                    and isinstance(v, str) and len(v) <= MAX_TEXT_CHARS
                    for k, v in value.items())):
                raise Invalid("invalid_element", f"{where}: 'attributes' must map at most "
                              f"{MAX_ELEMENT_ATTRIBUTES} names to strings", field="attributes",
                              limit=MAX_ELEMENT_ATTRIBUTES)
        elif key != "children":
            raise Invalid("invalid_element", f"{where}: unknown property {key[:64]!r}",
                          field=key)


def find(elements: list[Element], element_id: Any) -> tuple[Element, Lineage] | None:
    """An element of a page by its id, with its ancestors."""
    return next(((e, a) for e, a in walk(elements) if e.get("id") == element_id), None)


def masked_copy(element: Element) -> Element:
    """What the agent may see of a masked element (its children are rendered apart): the
    structure, the harmless attributes, and :data:`MASK` for every other value."""
    shown = {key: element[key] for key in STRUCTURE_KEYS if key in element}
    for key in CONTENT_KEYS:
        if element.get(key):
            shown[key] = MASK
    attributes = element.get("attributes")
    if isinstance(attributes, dict) and attributes:
        shown["attributes"] = {k: v if str(k).lower() in HARMLESS_ATTRIBUTES else MASK
                               for k, v in attributes.items()}
    return shown


# -- selectors --------------------------------------------------------------------------------
@dataclass(frozen=True)
class SimpleSelector:
    tag: str | None
    ids: tuple[str, ...]
    classes: tuple[str, ...]
    attrs: tuple[tuple[str, str | None], ...]

    def matches(self, element: Element) -> bool:
        if self.tag and self.tag != "*" and tag_of(element) != self.tag.lower():
            return False
        if any(i not in attribute_values(element, "id") for i in self.ids):
            return False
        classes = classes_of(element)
        if any(c not in classes for c in self.classes):
            return False
        return all(_attribute_matches(element, name, value) for name, value in self.attrs)


def _attribute_matches(element: Element, name: str, value: str | None) -> bool:
    actual = attribute_values(element, name)
    if name.lower() == "class" and element.get("classes"):
        actual.append(" ".join(str(c) for c in element["classes"]))
    if value is None:
        return bool(actual)
    if name.lower() in CASELESS_VALUES:
        return value.lower() in {a.lower() for a in actual}
    return value in actual


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
    """Which elements are masked from, and which are disabled for, the agent.

    ``ancestors`` (outermost first) pass their restrictions on: an element inside a masked
    one is masked, one inside a disabled or Submit element is disabled.
    """

    def __init__(
        self,
        mask_selectors: tuple[str, ...] = (),
        disabled_selectors: tuple[str, ...] = (),
        *,
        mask_passwords: bool = True,
        disable_submit: bool = True,
    ) -> None:
        self._mask = [s for text in mask_selectors for s in parse_selector(text)]
        self._disabled = [s for text in disabled_selectors for s in parse_selector(text)]
        self.mask_passwords = mask_passwords
        self.disable_submit = disable_submit

    def masks(self, element: Element) -> bool:
        """Whether ``element`` itself is masked ("By default, all passwords are masked")."""
        return (self.mask_passwords and is_password(element)) or any(
            s.matches(element) for s in self._mask)

    def is_masked(self, element: Element, ancestors: Lineage = ()) -> bool:
        return any(self.masks(e) for e in (*ancestors, element))

    def is_submit(self, element: Element, ancestors: Lineage = ()) -> bool:
        """Whether a click on ``element`` presses a Submit control (it or an ancestor)."""
        return any(is_submit(e) for e in (*ancestors, element))

    def by_selector(self, element: Element, ancestors: Lineage = ()) -> bool:
        """Whether a configured selector disables ``element`` or an ancestor."""
        return any(s.matches(e) for e in (*ancestors, element) for s in self._disabled)

    def is_disabled(self, element: Element, ancestors: Lineage = ()) -> bool:
        """Disabled for the agent ("By default, all Submit buttons are deactivated")."""
        return (self.disable_submit and self.is_submit(element, ancestors)) or self.by_selector(
            element, ancestors)
