"""The one table every section adds its rows to, and the figures' formatting."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Row:
    """One measured figure: what, how much, against which peers, and the target if any."""

    measure: str
    result: str
    peers: str = ""
    target: str = ""


def render(rows: Sequence[Row]) -> str:
    """A Markdown table, so that the figures can be pasted into the README as printed."""
    header = ("measure", "result", "peers (same run)", "target")
    lines = [f"| {' | '.join(header)} |", f"|{'|'.join(' --- ' for _ in header)}|"]
    for row in rows:
        cells = (row.measure, row.result, row.peers, row.target)
        lines.append(f"| {' | '.join(c.replace('|', '/') for c in cells)} |")
    return "\n".join(lines)


def percentile(ordered: Sequence[float], share: float) -> float:
    """The value below which ``share`` of the (sorted) samples lie; nearest rank."""
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))
    return ordered[index]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f} ms"


def rate(per_second: float) -> str:
    return f"{per_second:,.0f}/s"


def verdict(met: bool, how: str) -> str:
    return f"{'met' if met else 'NOT met'}: {how}"
