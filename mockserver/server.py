"""Running the reference: in the foreground (``serve``) or on a background thread.

The background runner is how the harness's default target works: the real
application on a real loopback socket, started and stopped inside the test
process, so the suite exercises the same HTTP and WebSocket code a remote
target would be exercised through, at in-process speed.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterable

from aiohttp import web

from mockserver.app import create_app


class BackgroundServer:
    def __init__(self, *, test_mode: bool = True, faults: Iterable[str] = ()) -> None:
        self._app = create_app(test_mode=test_mode, faults=faults)
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True,
                                        name="reference-server")
        self._runner: web.AppRunner | None = None
        self.port = 0

    @property
    def app(self) -> web.Application:
        """The application served (tests reach its worlds and hub through it)."""
        return self._app

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> str:
        self._thread.start()
        future = asyncio.run_coroutine_threadsafe(self._start(), self._loop)
        self.port = future.result(timeout=30)
        return self.base_url

    async def _start(self) -> int:
        self._runner = web.AppRunner(self._app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        for address in self._runner.addresses:
            return int(address[1])
        raise RuntimeError("the reference server did not bind a port")

    def stop(self) -> None:
        """Stop serving and release the loop and thread; safe to call more than once."""
        if self._loop.is_closed():
            return
        if self._thread.is_alive():
            if self._runner is not None:
                asyncio.run_coroutine_threadsafe(self._runner.cleanup(), self._loop).result(30)
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(timeout=30)
        self._runner = None
        self._loop.close()


def serve(host: str, port: int, *, test_mode: bool, faults: Iterable[str] = ()) -> None:
    app = create_app(test_mode=test_mode, faults=faults)
    mode = "test mode: control API on" if test_mode else "control API off"
    print(f"cobrowse-conformance reference server on http://{host}:{port} ({mode})", flush=True)
    web.run_app(app, host=host, port=port, print=None, access_log=None)
