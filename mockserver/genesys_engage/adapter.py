"""genesys-engage on the shared application: its core and its driver routes."""

from mockserver.genesys_engage import routes
from mockserver.genesys_engage.core import EngageCore
from mockserver.profiles import ProfileAdapter

ADAPTER = ProfileAdapter(
    name="genesys-engage",
    new_core=lambda clock, faults: EngageCore(clock, faults),
    setup=routes.setup,
    openapi=routes.openapi,
)
