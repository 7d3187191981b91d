"""The project's JSON Schemas, as OpenAPI components.

The harness validates payloads with the files under ``schemas/``; the server
publishes the same files in ``/openapi.json`` so that a fuzzer checks every
response against them. ``$ref``s by URN and ``#/$defs/...`` are rewritten to
component references, since an OpenAPI document cannot resolve URNs. Without
a ``schemas/`` folder (an installation outside a checkout) the document simply
has no response schemas.
"""

from __future__ import annotations

import json
import os
from functools import cache
from pathlib import Path
from typing import Any

#: The same folder the harness validates with (COBROWSE_SCHEMAS_DIR overrides both).
#: The checkout's schemas/, or the copy a built wheel carries inside the harness package.
_CANDIDATES = (Path(__file__).resolve().parents[1] / "harness" / "data" / "schemas",
               Path(__file__).resolve().parents[1] / "schemas")
SCHEMAS_DIR = Path(os.environ.get("COBROWSE_SCHEMAS_DIR")
                   or next((p for p in _CANDIDATES if p.is_dir()), _CANDIDATES[-1]))
URN_PREFIX = "urn:cobrowse-conformance:"


def component_name(schema_id: str) -> str:
    """``urn:cobrowse-conformance:genesys-engage:session`` -> ``genesys-engage.session``."""
    return schema_id.removeprefix(URN_PREFIX).replace(":", ".")


def ref(short_id: str) -> dict[str, str]:
    """A ``$ref`` to a schema's component, e.g. ``ref("genesys-engage:session")``."""
    return {"$ref": f"#/components/schemas/{component_name(URN_PREFIX + short_id)}"}


def _rewrite(node: Any, name: str) -> Any:
    if isinstance(node, dict):
        out = {}
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                if value.startswith(URN_PREFIX):
                    base, _, fragment = value.partition("#")
                    target = f"#/components/schemas/{component_name(base)}"
                    value = target + fragment
                elif value.startswith("#/"):
                    value = f"#/components/schemas/{name}/{value[2:]}"
            elif key in ("$id", "$schema"):
                continue
            out[key] = _rewrite(value, name)
        return out
    if isinstance(node, list):
        return [_rewrite(item, name) for item in node]
    return node


@cache
def components() -> dict[str, Any]:
    found: dict[str, Any] = {}
    if not SCHEMAS_DIR.is_dir():
        return found
    for path in sorted(SCHEMAS_DIR.rglob("*.schema.json")):
        schema = json.loads(path.read_text(encoding="utf-8"))
        schema_id = schema.get("$id", "")
        if not schema_id.startswith(URN_PREFIX):
            continue
        name = component_name(schema_id)
        found[name] = _rewrite(schema, name)
    return found


def has(short_id: str) -> bool:
    return component_name(URN_PREFIX + short_id) in components()
