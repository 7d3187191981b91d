"""Starting and stopping the servers under measurement, each in a subprocess of its own.

Each server is a child of this process, ended by its own pid when its section is done (and
at exit), so nothing outlives a run. A server counts as up once it answers HTTP at all.
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from benchmarks.load import Connection, request

ROOT = Path(__file__).resolve().parent.parent
PRISM = "@stoplight/prism-cli@5"
_RUNNING: list[subprocess.Popen[bytes]] = []


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def python_env() -> dict[str, str]:
    """The environment for a Python child: this checkout first on its path."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH")) if p)
    return env


@dataclass
class Server:
    name: str
    port: int
    process: subprocess.Popen[bytes]
    log: IO[bytes]

    def stop(self) -> None:
        _stop(self.process)
        self.log.close()

    def __enter__(self) -> Server:
        return self

    def __exit__(self, *_: object) -> None:
        self.stop()


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
    if process in _RUNNING:
        _RUNNING.remove(process)


@atexit.register
def _stop_all() -> None:
    for process in list(_RUNNING):
        _stop(process)


async def _answers(port: int, path: str) -> bool:
    connection = Connection(port)
    try:
        await asyncio.wait_for(connection.send(request("GET", path)), timeout=2)
        return True
    except (TimeoutError, OSError, asyncio.IncompleteReadError, ValueError):
        return False
    finally:
        connection.close()


def start(name: str, command: list[str], port: int, *, env: dict[str, str] | None = None,
          probe: str = "/", timeout: float = 60.0) -> Server:
    """Run ``command`` and wait until it answers on ``port``; RuntimeError if it does not."""
    log = tempfile.TemporaryFile()  # noqa: SIM115 (it lives as long as the server)
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    _RUNNING.append(process)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        if asyncio.run(_answers(port, probe)):
            return Server(name, port, process, log)
        time.sleep(0.2)
    _stop(process)
    log.seek(0)
    tail = log.read()[-600:].decode(errors="replace")
    log.close()
    raise RuntimeError(f"{name} did not come up on port {port}: {tail}")


def reference(*, seed_ended: int = 0, world: str = "bench", max_sockets: int = 0) -> Server:
    port = free_port()
    command = [sys.executable, "-m", "benchmarks.serve", "reference", "--port", str(port),
               "--world", world, "--seed-ended", str(seed_ended)]
    if max_sockets:
        command += ["--max-sockets", str(max_sockets)]
    return start("reference", command, port, env=python_env(), probe="/driver/capabilities",
                 timeout=60 + seed_ended / 1000)


def bare(bodies_file: Path) -> Server:
    port = free_port()
    return start("bare aiohttp", [sys.executable, "-m", "benchmarks.serve", "bare", "--port",
                                  str(port), "--bodies", str(bodies_file)], port, env=python_env())


def prism(document: Path, timeout: float = 240.0) -> Server | str:
    """Prism mocking ``document``, installed by npx on first use; a reason if unavailable."""
    npx = shutil.which("npx")
    if npx is None:
        return "skipped: npx (Node.js) is not installed"
    port = free_port()
    command = [npx, "-y", PRISM, "mock", str(document), "-h", "127.0.0.1", "-p", str(port),
               "-v", "warn"]
    with contextlib.suppress(RuntimeError):
        return start("prism", command, port, probe="/openapi-probe", timeout=timeout)
    return f"skipped: Prism ({PRISM}) could not be installed or started (offline?)"
