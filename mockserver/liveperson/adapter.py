"""liveperson on the shared application: its core, the consumer WebSocket and the driver API."""

from mockserver.credentials import REFERENCE_CREDENTIALS
from mockserver.liveperson import routes
from mockserver.liveperson.core import LivePersonCore
from mockserver.profiles import ProfileAdapter

ACCOUNT_ID = str(REFERENCE_CREDENTIALS["liveperson"]["accountId"])

ADAPTER = ProfileAdapter(
    name="liveperson",
    new_core=lambda clock, faults: LivePersonCore(clock, faults, ACCOUNT_ID),
    setup=routes.setup,
    openapi=routes.openapi,
)
