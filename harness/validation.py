"""JSON Schema validation whose failures say which field broke which rule."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError, best_match
from referencing import Registry, Resource

from harness.checks import RuleViolation
from harness.paths import schemas_dir


@cache
def _registry() -> Registry:
    resources = []
    for path in sorted(schemas_dir().rglob("*.json")):
        schema = json.loads(path.read_text(encoding="utf-8"))
        resources.append((schema["$id"], Resource.from_contents(schema)))
    return Registry().with_resources(resources)


URN_PREFIX = "urn:cobrowse-conformance:"


def schema_uri(name: str) -> str:
    """``genesys-engage:session`` -> the schema's full ``$id``."""
    return name if name.startswith("urn:") else URN_PREFIX + name


@cache
def schema_validator(schema_id: str) -> Draft202012Validator:
    """A validator for a schema named by ``$id`` or short name (``genesys-engage:session``)."""
    schema_id = schema_uri(schema_id)
    registry = _registry()
    try:
        schema = registry.contents(schema_id)
    except Exception:
        known = sorted(str(uri) for uri in registry)
        raise KeyError(f"no schema {schema_id!r}; known: {known}") from None
    return Draft202012Validator(schema, registry=registry, format_checker=FormatChecker())


@cache
def property_validator(schema_id: str, prop: str) -> Draft202012Validator:
    """A validator for one property's subschema (``properties/<prop>``) of a schema."""
    pointer = f"{schema_uri(schema_id)}#/properties/{prop}"
    return Draft202012Validator({"$ref": pointer}, registry=_registry(),
                                format_checker=FormatChecker())


def validate_property(value: Any, schema_id: str, prop: str, rule: str) -> None:
    """Raise RuleViolation for ``rule`` when one property's value breaks its subschema."""
    found = list(property_validator(schema_id, prop).iter_errors(value))
    if found:
        worst = best_match(found)
        assert worst is not None
        shown = json.dumps(value, default=str)
        raise RuleViolation(rule, f"{schema_id}: field $.{prop} = {shown}: {worst.message}",
                            {prop: value})


_VALID: dict[tuple[str, str], bool] = {}


def is_valid(instance: Any, schema_id: str) -> bool:
    """A memoised validity test: oracles judge the same readings and frames again and again
    (every scenario step, every exploration step), and most of them are valid."""
    key = (schema_id, json.dumps(instance, sort_keys=True, default=str))
    valid = _VALID.get(key)
    if valid is None:
        valid = _VALID[key] = bool(schema_validator(schema_id).is_valid(instance))
        if len(_VALID) > 50_000:
            _VALID.clear()
    return valid


def errors(instance: Any, schema_id: str) -> list[ValidationError]:
    return sorted(schema_validator(schema_id).iter_errors(instance), key=lambda e: e.json_path)


def describe(error: ValidationError) -> str:
    value = json.dumps(error.instance, default=str)
    if len(value) > 200:
        value = value[:200] + "…"
    return f"field {error.json_path} = {value}: {error.message}"


def validate(instance: Any, schema_id: str, rule: str) -> None:
    """Raise RuleViolation for ``rule`` naming the field and value that broke the schema."""
    found = errors(instance, schema_id)
    if found:
        worst = best_match(found)
        assert worst is not None
        others = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
        raise RuleViolation(rule, f"{schema_id}: {describe(worst)}{others}", instance)

