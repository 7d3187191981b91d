"""Wire compatibility: the official Genesys Cloud Python SDK, unchanged, against the reference.

``PureCloudPlatformClientV2`` (the ``dev`` extra) is pointed at the reference on a
loopback port, logs in with the client-credentials grant, reads a conversation and
a co-browse conversation into its own models, disconnects a communication, wraps it
up, and sees ``ApiException`` with the Platform API's status and ErrorBody for a
missing token and an unknown conversation. The SDK maps any enum value it does not
know to ``outdated_sdk_version``, so a value outside a model's enumeration shows.
"""

from __future__ import annotations

import json
import warnings
from typing import Any

import httpx
import pytest

from mockserver.server import BackgroundServer

gc = pytest.importorskip("PureCloudPlatformClientV2")
from PureCloudPlatformClientV2.rest import ApiException  # noqa: E402

DRIVER = "/driver/genesys-cloud"
SENTINEL = "outdated_sdk_version"




@pytest.fixture
def api(server: BackgroundServer) -> Any:
    client = gc.api_client.ApiClient(host=server.base_url)
    client.get_client_credentials_token("reference-client", "reference-secret")
    return gc.ConversationsApi(client)


@pytest.fixture
def started(server: BackgroundServer) -> dict[str, Any]:
    with httpx.Client(base_url=server.base_url, timeout=10) as http:
        conversation = http.post(f"{DRIVER}/conversations", json={
            "customerName": "Ada Lovelace", "agentName": "Grace Hopper"}).json()
        cid = conversation["conversationId"]
        sid = http.post(f"{DRIVER}/conversations/{cid}/cobrowse").json()["cobrowseSessionId"]
        assert http.post(f"{DRIVER}/cobrowse/{sid}/join").status_code == 200
    return {**conversation, "cobrowseSessionId": sid}


def _enum_values(model: Any) -> list[Any]:
    return [getattr(model, name) for name in ("state", "initial_state", "disconnect_type")
            if hasattr(model, name)]


def test_the_sdk_reads_a_conversation_into_its_models(api: Any,
                                                      started: dict[str, Any]) -> None:
    conversation = api.get_conversation(started["conversationId"])
    assert conversation.id == started["conversationId"]
    by_id = {p.id: p for p in conversation.participants}
    customer = by_id[started["customer"]["participantId"]]
    agent = by_id[started["agent"]["participantId"]]
    sharer, viewer = customer.cobrowsesessions[0], agent.cobrowsesessions[0]
    assert type(viewer).__name__ == "Cobrowsesession"
    assert (sharer.cobrowse_role, viewer.cobrowse_role) == ("sharer", "viewer")
    assert (viewer.state, viewer.initial_state) == ("connected", "alerting")
    assert viewer.disconnect_type is None
    assert viewer.cobrowse_session_id == started["cobrowseSessionId"]
    assert viewer.controlling == [] and viewer.peer_id == sharer.id
    assert viewer.pcSelf.name == "Grace Hopper"
    assert viewer.connected_time >= viewer.start_alerting_time
    assert viewer.connected_time.tzinfo is not None
    assert [s.type for s in viewer.segments] == ["alert", "interact"]
    assert SENTINEL not in _enum_values(viewer) + _enum_values(sharer)


def test_the_sdk_reads_the_media_view_and_the_listing(api: Any,
                                                      started: dict[str, Any]) -> None:
    cobrowse = api.get_conversations_cobrowsesession(started["conversationId"])
    assert type(cobrowse).__name__ == "CobrowseConversation"
    for participant in cobrowse.participants:
        assert participant.state == "connected"
        assert participant.cobrowse_session_id == started["cobrowseSessionId"]
        assert participant.direction == "inbound"
    listing = api.get_conversations_cobrowsesessions()
    assert started["conversationId"] in [e.id for e in listing.entities]


def test_the_sdk_disconnects_and_wraps_up_a_communication(api: Any,
                                                          started: dict[str, Any]) -> None:
    cid, agent = started["conversationId"], started["agent"]["participantId"]
    viewer = next(p for p in api.get_conversation(cid).participants
                  if p.id == agent).cobrowsesessions[0]
    request = gc.MediaParticipantRequest()
    request.state = "disconnected"
    # The SDK marks the co-browse media routes deprecated; they still work.
    with pytest.warns(DeprecationWarning):
        api.patch_conversations_cobrowsesession_participant_communication(
            cid, agent, viewer.id, request)
    wrapup = gc.WrapupInput()
    wrapup.code, wrapup.notes = "resolved", "form completed together"
    with pytest.warns(DeprecationWarning):
        api.post_conversations_cobrowsesession_participant_communication_wrapup(
            cid, agent, viewer.id, body=wrapup)
    viewer = next(p for p in api.get_conversation(cid).participants
                  if p.id == agent).cobrowsesessions[0]
    assert (viewer.state, viewer.disconnect_type) == ("disconnected", "client")
    assert viewer.disconnected_time >= viewer.connected_time
    assert (viewer.wrapup.code, viewer.wrapup.notes) == ("resolved", "form completed together")
    assert viewer.after_call_work.state == "complete"


def test_the_sdk_disconnects_the_whole_conversation(api: Any,
                                                    started: dict[str, Any]) -> None:
    update = gc.Conversation()
    update.state = "disconnected"
    with pytest.warns(DeprecationWarning):
        result = api.patch_conversations_cobrowsesession(started["conversationId"], update)
    states = {p.cobrowsesessions[0].state for p in result.participants}
    assert states == {"disconnected"}


def test_an_unknown_conversation_is_an_api_exception_404(api: Any) -> None:
    with pytest.raises(ApiException) as caught:
        api.get_conversation("no-such-conversation")
    assert caught.value.status == 404
    assert json.loads(caught.value.body)["code"] == "not.found"


def test_no_token_is_an_api_exception_401(server: BackgroundServer,
                                          started: dict[str, Any]) -> None:
    anonymous = gc.ConversationsApi(gc.api_client.ApiClient(host=server.base_url))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pytest.raises(ApiException) as caught:
            anonymous.get_conversation(started["conversationId"])
    assert caught.value.status == 401
    assert json.loads(caught.value.body)["code"] == "authentication.required"


def test_a_wrong_client_secret_gets_no_token(server: BackgroundServer) -> None:
    client = gc.api_client.ApiClient(host=server.base_url)
    with pytest.raises(Exception):  # noqa: B017 - the SDK raises whatever its HTTP layer does
        client.get_client_credentials_token("reference-client", "wrong")
    assert not client.access_token
