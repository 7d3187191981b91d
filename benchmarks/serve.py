"""The servers under measurement, each run in a process of its own by benchmarks.servers.

    python -m benchmarks.serve reference --port P [--seed-ended N] [--world W]
                                         [--max-sockets M]
    python -m benchmarks.serve bare --port P --bodies FILE

``reference`` is the real application in test mode. ``--seed-ended`` gives one world a
history of N ended genesys-engage sessions (each on its own ended interaction) straight
through the core, as N lifecycles over HTTP would have left it, but in seconds: the
latency-against-history figures need 100,000 of them. ``--max-sockets`` lifts the server's
limit on open consumer sockets for a fan-out run larger than the limit (the table says so).

``bare`` is the peer every read is compared with: an aiohttp handler that answers each
path with the exact bytes the reference answered it with, and does nothing else.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from aiohttp import web

ENGAGE = "genesys-engage"


def seed_ended(app: web.Application, world: str, count: int) -> None:
    """``count`` ended engage sessions in ``world``, made through its core."""
    from mockserver.genesys_engage.core import EngageCore
    from mockserver.http import WORLDS

    core = app[WORLDS].get(world).cores[ENGAGE]
    assert isinstance(core, EngageCore)
    for n in range(count):
        interaction = core.create_interaction("chat", f"seed-c{n}", f"seed-a{n}",
                                              {"source": "web", "url": "https://x.example/"})
        session = core.start_session(interaction.id, "customer")
        core.join(session.token, f"seed-a{n}")
        core.exit(session.token, "agent")
        core.end_interaction(interaction.id)


def lift_socket_limit(limit: int) -> None:
    """Raise the open-socket limit where the server keeps one (a module constant)."""
    from mockserver.liveperson import ws

    if hasattr(ws, "MAX_SOCKETS"):
        ws.MAX_SOCKETS = max(int(ws.MAX_SOCKETS), limit)


def reference(port: int, world: str, seed: int, max_sockets: int) -> None:
    from mockserver.app import create_app

    if max_sockets:
        lift_socket_limit(max_sockets)
    app = create_app(test_mode=True)
    if seed:
        seed_ended(app, world, seed)
    web.run_app(app, host="127.0.0.1", port=port, print=None, access_log=None)


def bare(port: int, bodies_file: Path) -> None:
    bodies = {path: text.encode() for path, text in json.loads(bodies_file.read_text()).items()}

    async def handler(request: web.Request) -> web.Response:
        body = bodies.get(request.path)
        if body is None:
            return web.Response(status=404)
        return web.Response(body=body, content_type="application/json")

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", handler)
    web.run_app(app, host="127.0.0.1", port=port, print=None, access_log=None)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("kind", choices=("reference", "bare"))
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--world", default="bench")
    parser.add_argument("--seed-ended", type=int, default=0)
    parser.add_argument("--max-sockets", type=int, default=0)
    parser.add_argument("--bodies", type=Path)
    args = parser.parse_args()
    if args.kind == "reference":
        reference(args.port, args.world, args.seed_ended, args.max_sockets)
    else:
        if args.bodies is None:
            parser.error("bare needs --bodies")
        bare(args.port, args.bodies)


if __name__ == "__main__":
    main()
