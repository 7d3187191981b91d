"""The Platform API's JSON: property names, timestamp formats, the models that carry them.

Two families of resources show the same communications:

* the generic conversation (``Conversation`` -> ``Participant`` ->
  ``cobrowsesessions[]``, the ``Cobrowsesession`` model of sources 003/004);
* the media view (``CobrowseConversation`` -> ``CobrowseMediaParticipant``), a
  participant and its latest co-browse communication flattened into one object,
  with enumerations of its own (no ``timeout`` disconnect type, for instance).

Both are rendered here from the same :class:`CommunicationView`, so they cannot
disagree. The broken variants that concern the JSON form of ``Cobrowsesession``
(names, types, timestamp formats) are switched here, where that form is made;
the media view is left alone by them.
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any

from mockserver.faults import Faults
from mockserver.genesys_cloud.core import (
    AGENT,
    VIEWER,
    CloudCore,
    CommunicationView,
    Conversation,
    Participant,
    Segment,
)

#: Source 004, enum tables, in document order (the SDK sentinel first).
STATE_ENUM = ("OutdatedSdkVersion", "alerting", "dialing", "contacting", "offering",
              "connected", "disconnected", "terminated", "scheduled", "none")
DISCONNECT_TYPE_ENUM = ("OutdatedSdkVersion", "endpoint", "client", "system", "timeout",
                        "transfer", "transfer.conference", "transfer.consult",
                        "transfer.forward", "transport.failure", "error", "peer", "other",
                        "spam", "uncallable")
#: CobrowseMediaParticipant.disconnectType has no "timeout": inactivity is its word for it.
MEDIA_DISCONNECT_TYPE = {"timeout": "inactivity", "uncallable": "other"}
API = "/api/v2"


def iso(seconds: float, millis: bool = True) -> str:
    """ISO-8601 in UTC, ``yyyy-MM-ddTHH:mm:ss.SSSZ`` (satisfies 003 and 004 alike)."""
    total_ms = round(seconds * 1000)
    text = _second(total_ms // 1000)
    return f"{text}.{total_ms % 1000:03d}Z" if millis else f"{text}Z"


@functools.lru_cache(maxsize=4096)
def _second(epoch_second: int) -> str:
    # A conversation's readings repeat the same few instants (about 14 per answer): cached,
    # strftime runs once per instant instead of once per property.
    return dt.datetime.fromtimestamp(epoch_second, dt.UTC).strftime("%Y-%m-%dT%H:%M:%S")


def _put(data: dict[str, Any], key: str, value: Any) -> None:
    # The Platform API leaves out what it has no value for rather than sending null.
    if value is not None:
        data[key] = value


def _segment(segment: Segment) -> dict[str, Any]:
    data: dict[str, Any] = {"startTime": iso(segment.start)}
    if segment.end is not None:
        data["endTime"] = iso(segment.end)
    data["type"] = segment.type
    _put(data, "howEnded", segment.how_ended)
    _put(data, "disconnectType", segment.disconnect_type)
    return data


def _address(name: str, address: str) -> dict[str, Any]:
    return {"name": name, "nameRaw": name, "addressNormalized": address,
            "addressRaw": address, "addressDisplayable": address}


def _wrapup(wrapup: dict[str, Any] | None) -> dict[str, Any] | None:
    if wrapup is None:
        return None
    data = dict(wrapup)
    data["endTime"] = iso(wrapup["endTime"])
    return data


def _after_call_work(acw: dict[str, Any] | None) -> dict[str, Any] | None:
    if acw is None:
        return None
    data: dict[str, Any] = {"startTime": iso(acw["startTime"])}
    if "endTime" in acw:
        data["endTime"] = iso(acw["endTime"])
    data["state"] = acw["state"]
    return data


def cobrowsesession(view: CommunicationView, faults: Faults,
                    answer: bool = False) -> dict[str, Any]:
    """One ``Cobrowsesession`` exactly as it travels in JSON (source 004's names).

    ``answer``: rendered in the Conversation a ``PATCH .../cobrowsesessions/{id}`` answers
    with, where the off-path variants named ``...-in-disconnect-answer`` misbehave.
    """
    f = faults

    later = view.session_index >= 1  # a second or later session of the conversation

    def when(value: float | None, fault: str, missing: str | None = None,
             off_path: bool = False) -> str | None:
        """The date-time; without milliseconds under ``fault`` or where ``off_path``."""
        if value is None or (missing is not None and missing in f):
            return None
        return iso(value, millis=fault not in f and not off_path)

    state: Any = view.state
    if "cloud.state-not-string" in f or (
            view.idle and "cloud.state-not-string-when-idle" in f):
        state = STATE_ENUM.index(view.state)  # the enum's ordinal instead of its value
    elif "cloud.state-outside-enum" in f or (
            answer and "cloud.state-outside-enum-in-disconnect-answer" in f):
        state = view.state.upper()  # the enum's Name instead of its Value
    disconnect_type: Any = view.disconnect_type
    if answer and "cloud.disconnect-type-missing-in-disconnect-answer" in f:
        disconnect_type = None
    if disconnect_type is not None and "cloud.disconnect-type-not-string" in f:
        disconnect_type = DISCONNECT_TYPE_ENUM.index(disconnect_type) if (
            disconnect_type in DISCONNECT_TYPE_ENUM) else -1
    elif disconnect_type is not None and answer and \
            "cloud.disconnect-type-outside-enum-in-disconnect-answer" in f:
        disconnect_type = disconnect_type.upper()
    self_: Any = _address(view.self_name, view.self_address)
    if "cloud.self-not-address" in f or (
            answer and "cloud.self-not-address-in-disconnect-answer" in f):
        self_ = view.self_name
    elif "cloud.self-missing" in f:
        self_ = None
    role = view.role.capitalize() if "cloud.role-capitalised" in f else view.role
    controlling: Any = list(view.controlling)
    if "cloud.controlling-as-string" in f:
        controlling = ",".join(view.controlling)
    provider: Any = view.provider
    if "cloud.provider-not-string" in f or (
            answer and "cloud.provider-not-string-in-disconnect-answer" in f):
        provider = {"name": view.provider}
    segments: Any = [_segment(s) for s in view.segments]
    if segments and answer and "cloud.segments-not-array-in-disconnect-answer" in f:
        segments = segments[-1]
    if "cloud.segments-not-array" in f and segments:
        segments = segments[-1]
    wrapup: Any = _wrapup(view.wrapup)
    if wrapup is not None and "cloud.wrapup-as-code-string" in f:
        wrapup = wrapup["code"]
    acw: Any = _after_call_work(view.after_call_work)
    if acw is not None and ("cloud.after-call-work-as-state-string" in f or (
            later and "cloud.second-session-after-call-work-as-state-string" in f)):
        acw = acw["state"]
    acw_required: Any = view.after_call_work_required
    if answer and acw_required is None and view.role == VIEWER and \
            "cloud.after-call-work-required-in-disconnect-answer-whatever-the-setting" in f:
        acw_required = False
    if acw_required is not None and ("cloud.after-call-work-required-as-string" in f or (
            answer and "cloud.after-call-work-required-as-string-in-disconnect-answer" in f)):
        acw_required = "true" if acw_required else "false"
    elif acw_required is not None and ("cloud.after-call-work-required-as-number" in f or (
            answer and "cloud.after-call-work-required-as-number-in-disconnect-answer" in f)):
        acw_required = int(acw_required)
    initial = view.initial_state
    if "cloud.initial-state-outside-enum" in f or (
            answer and "cloud.initial-state-outside-enum-in-disconnect-answer" in f):
        initial = initial.upper()

    data: dict[str, Any] = {}
    _put(data, "state", state)
    _put(data, "initialState", initial)
    _put(data, "id", view.id)
    _put(data, "disconnectType", disconnect_type)
    _put(data, "self", self_)
    _put(data, "cobrowseSessionId", view.session_id)
    _put(data, "cobrowseRole", role)
    _put(data, "controlling", controlling)
    _put(data, "viewerUrl", view.viewer_url)
    _put(data, "providerEventTime",
         when(view.provider_event_time, "cloud.provider-event-time-without-millis",
              off_path=later and "cloud.second-session-provider-event-time-without-millis" in f))
    _put(data, "startAlertingTime",
         when(view.start_alerting, "cloud.start-alerting-time-without-millis",
              "cloud.start-alerting-time-missing",
              answer and "cloud.start-alerting-time-without-millis-in-disconnect-answer" in f))
    _put(data, "connectedTime",
         when(view.connected, "cloud.connected-time-without-millis",
              "cloud.connected-time-missing",
              later and "cloud.second-session-connected-time-without-millis" in f))
    _put(data, "disconnectedTime",
         when(view.disconnected, "cloud.disconnected-time-without-millis",
              "cloud.disconnected-time-missing",
              answer and "cloud.disconnected-time-without-millis-in-disconnect-answer" in f))
    _put(data, "provider", provider)
    _put(data, "peerId", view.peer_id)
    _put(data, "segments", segments)
    _put(data, "wrapup", wrapup)
    _put(data, "afterCallWork", acw)
    snake = "cloud.snake-case-property-name" in f or (
        answer and "cloud.snake-case-name-in-disconnect-answer" in f)
    name = "after_call_work_required" if snake else "afterCallWorkRequired"
    _put(data, name, acw_required)
    if "cloud.extra-properties" in f:
        # Legal variant (GC-S-05): properties neither source names, as a newer API sends.
        data["mediaRoles"] = [view.role]
        data["queueMediaSettings"] = {"serviceLevel": {"percentage": 0.8}}
    return data


def participant(core: CloudCore, conversation: Conversation, who: Participant,
                views: list[CommunicationView], answer: bool = False) -> dict[str, Any]:
    """A ``Participant`` with its co-browse communications (``views``, oldest first)."""
    # The customer is connected from the start; the agent once a co-browse leg connected.
    connected: float | None = who.joined_at if who.purpose != AGENT else None
    for view in views:
        if view.connected is not None:
            connected = view.connected if connected is None else min(connected, view.connected)
    ended = core.ended_at(conversation)
    data: dict[str, Any] = {"id": who.id, "startTime": iso(who.joined_at)}
    _put(data, "endTime", None if ended is None else iso(ended))
    _put(data, "connectedTime", None if connected is None else iso(connected))
    data["name"] = who.name
    if who.user_id is not None:
        data["userId"] = who.user_id
        data["userUri"] = f"{API}/users/{who.user_id}"
    data["purpose"] = who.purpose
    data["address"] = who.address
    data["wrapupRequired"] = who.purpose == AGENT
    data["attributes"] = {}
    for media in ("calls", "callbacks", "chats"):
        data[media] = []
    data["cobrowsesessions"] = [cobrowsesession(v, core.faults, answer) for v in views]
    for media in ("emails", "messages", "screenshares", "socialExpressions", "videos"):
        data[media] = []
    return data


def conversation(core: CloudCore, conv: Conversation, answer: bool = False) -> dict[str, Any]:
    """The generic ``Conversation`` (GET /api/v2/conversations/{conversationId}); ``answer``:
    the one a ``PATCH .../cobrowsesessions/{conversationId}`` answers with."""
    views = core.views(conv)
    ended = core.ended_at(conv)
    data: dict[str, Any] = {"id": conv.id, "startTime": iso(conv.started_at)}
    _put(data, "endTime", None if ended is None else iso(ended))
    data["participants"] = [
        participant(core, conv, who, [v for pair in views if (v := pair[i]) is not None], answer)
        for i, who in enumerate(conv.participants)
    ]
    if "cloud.agent-listed-first" in core.faults:
        data["participants"].reverse()  # legal variant (GC-S-05): the sources fix no order
    data["recordingState"] = "NONE"
    data["divisions"] = []
    data["selfUri"] = f"{API}/conversations/{conv.id}"
    return data


def media_participant(core: CloudCore, conv: Conversation, who: Participant,
                      view: CommunicationView) -> dict[str, Any]:
    """A ``CobrowseMediaParticipant``: the participant with its latest co-browse leg."""
    data: dict[str, Any] = {
        "id": who.id,
        "name": who.name,
        "address": who.address,
        "startTime": iso(who.joined_at),
    }
    _put(data, "startAlertingTime", None if view.start_alerting is None
         else iso(view.start_alerting))
    _put(data, "connectedTime", None if view.connected is None else iso(view.connected))
    _put(data, "endTime", None if view.disconnected is None else iso(view.disconnected))
    data["purpose"] = who.purpose
    data["state"] = view.state
    data["direction"] = "inbound"
    if view.disconnect_type is not None:
        data["disconnectType"] = MEDIA_DISCONNECT_TYPE.get(view.disconnect_type,
                                                           view.disconnect_type)
    data["held"] = False
    data["wrapupRequired"] = who.purpose == AGENT
    if who.user_id is not None:
        data["user"] = {"id": who.user_id, "selfUri": f"{API}/users/{who.user_id}"}
    data["attributes"] = {}
    _put(data, "wrapup", _wrapup(view.wrapup))
    f = core.faults
    data["provider"] = view.provider
    data["peer"] = view.peer_id
    if "cloud.media-view-peer-is-participant" in f:
        data["peer"] = next(p.id for p in conv.participants if p is not who)
    data["cobrowseSessionId"] = view.session_id
    if "cloud.media-view-session-id-is-conversation-id" in f:
        data["cobrowseSessionId"] = conv.id
    data["cobrowseRole"] = who.purpose if "cloud.media-view-role-is-purpose" in f else view.role
    controlling = list(view.controlling)
    if view.role == VIEWER and view.state == "connected" and \
            "cloud.media-view-controls-in-pointer-mode" in f:
        controlling = [conv.customer.id]
    data["controlling"] = controlling
    viewer_url = view.viewer_url
    if viewer_url is not None and "cloud.media-view-viewer-url-relative" in f:
        viewer_url = "/" + viewer_url.split("://", 1)[-1].split("/", 1)[-1]
    _put(data, "viewerUrl", viewer_url)
    data["providerEventTime"] = iso(view.provider_event_time)
    return data


def cobrowse_conversation(core: CloudCore, conv: Conversation) -> dict[str, Any]:
    """The media view (GET /api/v2/conversations/cobrowsesessions/{conversationId})."""
    views = core.views(conv)
    # Each participant with their latest co-browse leg; one with none yet is left out.
    latest = [[v for pair in views if (v := pair[i]) is not None][-1:]
              for i in range(len(conv.participants))]
    return {
        "id": conv.id,
        "participants": [media_participant(core, conv, who, legs[0])
                         for who, legs in zip(conv.participants, latest, strict=True) if legs],
        "otherMediaUris": [],
        "selfUri": f"{API}/conversations/cobrowsesessions/{conv.id}",
    }


def listing(core: CloudCore, conversations: list[Conversation]) -> dict[str, Any]:
    entities = [cobrowse_conversation(core, c) for c in conversations]
    uri = f"{API}/conversations/cobrowsesessions"
    return {
        "entities": entities,
        "pageSize": max(25, len(entities)),
        "pageNumber": 1,
        "total": len(entities),
        "firstUri": f"{uri}?pageSize=25&pageNumber=1",
        "selfUri": f"{uri}?pageSize=25&pageNumber=1",
        "lastUri": f"{uri}?pageSize=25&pageNumber=1",
        "pageCount": 1,
    }
