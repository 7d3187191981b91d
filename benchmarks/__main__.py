"""``python -m benchmarks``: run the sections, then print one table.

Sections (``--only`` picks some): suite, reads, lifecycles, fanout, memory, history.
``--quick`` shortens every measurement to about a minute in all; the defaults take a few
minutes. Progress goes to stderr, the table to stdout.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from collections.abc import Callable

from benchmarks import fanout, history, incore, lifecycles, reads, suite
from benchmarks.table import Row, render, verdict

SECTIONS = ("suite", "reads", "lifecycles", "fanout", "memory", "history")


def _counts(text: str) -> list[int]:
    counts = [int(part) for part in text.split(",") if part.strip()]
    if not counts or not all(1 <= c <= 2000 for c in counts):
        raise argparse.ArgumentTypeError("a comma-separated list of counts from 1 to 2000")
    return counts


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--quick", action="store_true",
                        help="short measurements, small counts (about a minute in all)")
    parser.add_argument("--only", default=",".join(SECTIONS),
                        help=f"comma-separated sections to run (default: {','.join(SECTIONS)})")
    parser.add_argument("--duration", type=float,
                        help="seconds per throughput measurement (default 5, quick 1; max 30)")
    parser.add_argument("--connections", type=int, default=32,
                        help="concurrent connections for reads and lifecycles (default 32)")
    parser.add_argument("--fanout", type=_counts,
                        help="subscribed sockets per fan-out run (default 100,1000; quick 100)")
    parser.add_argument("--no-prism", action="store_true",
                        help="do not start Stoplight Prism (npx) as a peer for the reads")
    return parser


def _memory_rows(counts: list[int], setup_count: int) -> list[Row]:
    rows = []
    for count in counts:
        per = incore.measure("memory", count)["bytes_per_session"]
        target = verdict(per < 2048, f"{per / 2048:.2f}x of 2 KiB") if count >= 100_000 else ""
        rows.append(Row(f"memory per live engage session, {count:,} live (tracemalloc, core)",
                        f"{per:,.0f} bytes", "interaction + session, joined, own parties",
                        target))
    # A duration on a shared machine: the best of three fresh interpreters, all three shown.
    runs = sorted(incore.measure("setup", setup_count)["seconds"] for _ in range(3))
    rows.append(Row(f"set up {setup_count:,} live engage sessions in the core",
                    f"{runs[0]:.2f} s (best of 3)",
                    f"runs {', '.join(f'{r:.2f}' for r in runs)} s; create + start + join each, "
                    "tracemalloc off",
                    verdict(runs[0] < 5, "< 5 s") if setup_count >= 100_000 else ""))
    return rows


def _core_history_rows(counts: list[int]) -> list[Row]:
    rows = []
    results = [incore.measure("history", count) for count in counts]
    steps = [k for k in results[0] if k != "ended"]
    for step in steps:
        cells = [f"{r['ended']:,}: {r[step]['p50'] * 1e6:.0f} µs (p99 {r[step]['p99'] * 1e6:.0f}, "
                 f"mean {r[step]['mean'] * 1e6:.0f})" for r in results]
        growth = results[-1][step]["p50"] / max(results[0][step]["p50"], 1e-12)
        rows.append(Row(f"core: tick + {step}, p50 against ended sessions", "; ".join(cells),
                        "mean: with the garbage collector's full collections",
                        verdict(growth < 1.5, f"p50 x{growth:.2f} (flat: < x1.5)")))
    return rows


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    only = [s.strip() for s in args.only.split(",") if s.strip()]
    unknown = sorted(set(only) - set(SECTIONS))
    if unknown:
        _parser().error(f"unknown section(s) {', '.join(unknown)}; known: {', '.join(SECTIONS)}")
    duration = args.duration or (1.0 if args.quick else 5.0)
    if not 0.2 <= duration <= 30 or not 1 <= args.connections <= 256:
        _parser().error("--duration must be 0.2..30 seconds and --connections 1..256")
    fanout_counts = args.fanout or ([100] if args.quick else [100, 1000])
    plan: dict[str, Callable[[], list[Row]]] = {
        "suite": lambda: suite.run(include_all=not args.quick),
        "reads": lambda: reads.run(args.connections, duration, not args.no_prism),
        "lifecycles": lambda: lifecycles.run(args.connections, duration * 2),
        "fanout": lambda: fanout.run(fanout_counts, 3 if args.quick else 10),
        "memory": lambda: _memory_rows([10_000] if args.quick else [10_000, 100_000], 100_000),
        "history": lambda: (
            history.run([0, 10_000] if args.quick else [0, 10_000, 100_000], duration)
            + _core_history_rows([0, 10_000] if args.quick else [0, 10_000, 100_000])),
    }
    rows: list[Row] = []
    began = time.perf_counter()
    for name in (s for s in SECTIONS if s in only):
        print(f"[{time.perf_counter() - began:6.1f} s] {name} ...", file=sys.stderr, flush=True)
        rows += plan[name]()
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"python -m benchmarks {' '.join(argv if argv is not None else sys.argv[1:])}".rstrip())
    print(f"{os.cpu_count()} cores, load average {load:.1f} at the end; Python "
          f"{platform.python_version()}; {time.perf_counter() - began:.0f} s in all\n")
    print(render(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
