"""genesys-cloud on the shared application: its core, Platform API routes and driver API."""

from mockserver.genesys_cloud import api_doc, routes
from mockserver.genesys_cloud.core import CloudCore
from mockserver.profiles import ProfileAdapter

ADAPTER = ProfileAdapter(
    name="genesys-cloud",
    new_core=lambda clock, faults: CloudCore(clock, faults),
    setup=routes.setup,
    openapi=api_doc.openapi,
)
