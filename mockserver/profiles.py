"""The profiles the reference implements, each an adapter over its own domain core.

To add a profile: a package ``mockserver/<name>/`` with a core, a ``faults``
module, and an ``adapter`` module exposing ``ADAPTER``; then list it here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from mockserver.world import CoreFactory

OpenApiPart = tuple[dict[str, Any], dict[str, Any]]


@dataclass(frozen=True)
class ProfileAdapter:
    name: str
    new_core: CoreFactory
    setup: Callable[[web.Application], None]
    openapi: Callable[[], OpenApiPart]
    #: Background work per application (e.g. a WebSocket hub), as aiohttp cleanup contexts.
    cleanup_contexts: tuple[Any, ...] = field(default_factory=tuple)
    #: False while a profile is only a placeholder: the server does not declare it.
    implemented: bool = True


def adapters() -> list[ProfileAdapter]:
    from mockserver.genesys_cloud.adapter import ADAPTER as cloud
    from mockserver.genesys_engage.adapter import ADAPTER as engage
    from mockserver.liveperson.adapter import ADAPTER as liveperson

    return [engage, cloud, liveperson]

