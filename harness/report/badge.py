"""An SVG badge per profile (``badge-<profile>.svg``) for a README or a dashboard."""

from __future__ import annotations

import html
from typing import Any

#: Width of a character in the badge's 11px sans-serif, roughly (no font metrics here).
CHAR_WIDTH = 6.5


def badges(report: dict[str, Any]) -> dict[str, str]:
    """Each profile's badge: "<passed>/<judged> rules", green when no must rule failed."""
    out = {}
    for profile in report["profiles"]:
        rules = [r for r in report["rules"] if r["profile"] == profile]
        passed = sum(r["status"] == "passed" for r in rules)
        judged = sum(r["status"] in ("passed", "failed") for r in rules)
        failing = any(r.get("grade") == "failure" for r in rules)
        warned = any(r.get("grade") in ("warning", "deviation") for r in rules)
        colour = "#cf222e" if failing else "#bf8700" if warned else "#1a7f37"
        if not judged:
            colour = "#57606a"
        out[profile] = _svg(profile, f"{passed}/{judged} rules passed", colour)
    return out


def _svg(label: str, value: str, colour: str) -> str:
    left = int(len(label) * CHAR_WIDTH + 12)
    right = int(len(value) * CHAR_WIDTH + 12)
    e = html.escape
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{left + right}" height="20" '
        f'role="img" aria-label="{e(label)}: {e(value)}"><title>{e(label)}: {e(value)}</title>'
        f'<rect width="{left}" height="20" fill="#555"/>'
        f'<rect x="{left}" width="{right}" height="20" fill="{colour}"/>'
        f'<g fill="#fff" font-family="Verdana,DejaVu Sans,sans-serif" font-size="11">'
        f'<text x="6" y="14">{e(label)}</text><text x="{left + 6}" y="14">{e(value)}</text>'
        f'</g></svg>\n')
