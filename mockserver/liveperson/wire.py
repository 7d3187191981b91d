"""The Messaging Window API's JSON shapes, built from the core's records.

Conversation details and dialogs look as source 001 and the Messaging Window
API reference show them (see docs/liveperson.md). Each broken variant that
concerns only the shape of a payload is switched here, where the shape is made.
"""

from __future__ import annotations

from typing import Any

from mockserver.clock import epoch_ms
from mockserver.faults import Faults
from mockserver.liveperson.core import CobrowseDialog, Conversation, MessagingEvent

CHANGE_NOTIFICATION = "cqm.ExConversationChangeNotification"
STRING_RESPONSE = ".ReqBody$StringResp"
#: LivePerson's infra/stringRespBody.json: a string response's body is at most 128 characters.
MAX_STRING_BODY = 128
#: The reqId of an answer to a frame without a usable id. LivePerson's infra/resp.json makes
#: reqId a required string of 1 to 64 characters (so never null) with the default "0".
UNREADABLE_REQ_ID = "0"


def reply_id(req_id: Any) -> str:
    """The reqId echoing a request's id, always a string as infra/resp.json demands.

    An integer id (tolerated on input) is echoed as its decimal string; a frame without a
    usable id is answered with ``UNREADABLE_REQ_ID``.
    """
    if isinstance(req_id, str) and req_id:
        return req_id
    if isinstance(req_id, int) and not isinstance(req_id, bool):
        return str(req_id)
    return UNREADABLE_REQ_ID


def response(req_id: Any, code: int, type_: str, body: Any) -> dict[str, Any]:
    return {"kind": "resp", "reqId": reply_id(req_id), "code": code, "type": type_,
            "body": body}


def bounded(message: str) -> str:
    """A string response body within the published 128 characters (cut with an ellipsis)."""
    if len(message) <= MAX_STRING_BODY:
        return message
    return message[:MAX_STRING_BODY - 1] + "…"


def error(req_id: Any, code: int, message: str) -> dict[str, Any]:
    return response(req_id, code, STRING_RESPONSE, bounded(message))


def notification(type_: str, body: dict[str, Any]) -> dict[str, Any]:
    return {"kind": "notification", "type": type_, "body": body}


def expires(dialog: CobrowseDialog, faults: Faults) -> float | int:
    """Epoch seconds with a millisecond fraction, like the source's 1.502893131855E9."""
    if "lp.expires-in-milliseconds" in faults or (
            dialog.mode == "view" and "lp.view-expires-in-milliseconds" in faults):
        return epoch_ms(dialog.expires_at)
    if dialog.mode == "follow" and "lp.follow-expires-after-90-seconds" in faults:
        return epoch_ms(dialog.invited_at + 90.0) / 1000
    return epoch_ms(dialog.expires_at) / 1000


def cobrowse_dialog(dialog: CobrowseDialog, faults: Faults, *,
                    initial: bool = False) -> dict[str, Any]:
    """The COBROWSE dialog; ``initial`` when it is part of the state a new subscription is
    sent at once (not a change)."""
    state = dialog.session_state
    second = dialog.index > 0
    mode = dialog.mode
    if mode == "view" and state != "INVITED" and "lp.view-mode-becomes-follow" in faults:
        mode = "follow"
    if state == "CLOSED" and "lp.closed-mode-uppercase" in faults:
        mode = mode.upper()
    meta: dict[str, Any] = {
        "serviceId": dialog.service_id,
        "mode": mode,
        "expires": expires(dialog, faults),
        "sessionState": state,
        "dialogId": dialog.dialog_id,
    }
    if state == "INVITED" and "lp.invitation-state-lowercase" in faults:
        meta["sessionState"] = "invited"
    if initial and state == "ACCEPTED" and "lp.accepted-shown-invited-initially" in faults:
        meta["sessionState"] = "INVITED"
    if initial and state == "INVITED" and "lp.pending-shown-accepted-initially" in faults:
        meta["sessionState"] = "ACCEPTED"
        meta["notificationKey"] = "invitation_accepted"
    if initial and state == "CLOSED" and "lp.closed-lowercase-initially" in faults:
        meta["sessionState"] = "closed"
    if "lp.metadata-dialog-id-missing" in faults or (
            dialog.mode == "follow" and "lp.follow-metadata-dialog-id-missing" in faults):
        del meta["dialogId"]
    if (dialog.mode == "view" and state == "INVITED"
            and "lp.view-service-id-missing" in faults):
        del meta["serviceId"]
    if dialog.notification_key is not None and not (
        state == "CLOSED" and "lp.closed-without-notification-key" in faults
    ) and not (
        state == "CLOSED" and second and "lp.second-invitation-closed-without-key" in faults
    ) and not (
        state == "ACCEPTED" and initial and "lp.accepted-without-key-initially" in faults
    ):
        # Source 001: ACCEPTED and CLOSED events carry notificationKey, the exact sub-state.
        meta["notificationKey"] = dialog.notification_key
        if "lp.other-notification-keys" in faults:
            meta["notificationKey"] = dialog.notification_key.upper()
    participants: list[Any] = [dialog.consumer_id, dialog.agent_id]
    if "lp.participants-as-objects" in faults or (
            dialog.mode == "follow" and "lp.follow-participants-as-objects" in faults):
        participants = [{"id": dialog.consumer_id, "role": "CONSUMER"},
                        {"id": dialog.agent_id, "role": "ASSIGNED_AGENT"}]
    channel_type: str | None = "COBROWSE"
    if state == "INVITED" and "lp.dialog-without-channel-type" in faults:
        channel_type = None
    if state == "ACCEPTED" and "lp.channel-type-changes-on-accept" in faults:
        channel_type = "COBROWSE_SESSION"
    if state == "ACCEPTED" and second and "lp.second-invitation-accepted-channel-type" in faults:
        channel_type = "COBROWSE_SESSION"
    dialog_id = dialog.dialog_id
    if state == "CLOSED" and ("lp.closed-event-new-dialog-id" in faults or (
            second and "lp.second-invitation-closed-new-dialog-id" in faults)):
        dialog_id = f"{dialog.dialog_id}-closed"
    created = epoch_ms(dialog.invited_at)
    if "lp.creation-ts-in-seconds" in faults:
        created = int(dialog.invited_at)
    if state != "INVITED" and "lp.creation-ts-changes-on-accept" in faults:
        created = epoch_ms(dialog.updated_at)
    data: dict[str, Any] = {
        "dialogId": dialog_id,
        "participants": participants,
        "dialogType": "MAIN" if "lp.dialog-type-main" in faults or (
            dialog.mode == "follow" and "lp.follow-dialog-type-main" in faults) else "OTHER",
        "channelType": channel_type,
        "metaData": meta,
        "state": dialog.state,
        "creationTs": created,
        "metaDataLastUpdateTs": epoch_ms(dialog.updated_at),
    }
    if channel_type is None:
        del data["channelType"]
    if dialog.ended_at is not None:
        data["endTs"] = epoch_ms(dialog.ended_at)
    if "lp.extra-dialog-fields" in faults:
        # Legal variant (LP-S-03): fields the sources do not name, as LivePerson adds them.
        meta["cobrowseVersion"] = "2"
        data["closedBy"] = "AGENT" if state == "CLOSED" else None
        data["participantsDetails"] = [{"id": dialog.consumer_id, "role": "CONSUMER"},
                                       {"id": dialog.agent_id, "role": "ASSIGNED_AGENT"}]
    return data


def main_dialog(conversation: Conversation) -> dict[str, Any]:
    details = [{"id": conversation.consumer_id, "role": "CONSUMER", "state": "ACTIVE"}]
    if conversation.agent_id is not None:
        details.append({"id": conversation.agent_id, "role": "ASSIGNED_AGENT",
                        "state": "ACTIVE"})
    data: dict[str, Any] = {
        "dialogId": conversation.main_dialog_id,
        "participantsDetails": details,
        "dialogType": "MAIN",
        "channelType": "MESSAGING",
        "metaData": {},
        "state": conversation.state,
        "creationTs": epoch_ms(conversation.started_at),
        "metaDataLastUpdateTs": epoch_ms(conversation.main_updated_at),
    }
    if conversation.ended_at is not None:
        data["endTs"] = epoch_ms(conversation.ended_at)
        data["closedBy"] = conversation.close_reason
    return data


def conversation_details(conversation: Conversation, faults: Faults, *,
                         cobrowse: bool, initial: bool = False,
                         reason: str = "") -> dict[str, Any]:
    """``conversationDetails``; COBROWSE dialogs only for a consumer offered CoBrowse.

    ``reason`` is the change being announced (the core's ``Change.reason``), if any.
    """
    participants = [{"id": conversation.consumer_id, "role": "CONSUMER"}]
    if conversation.agent_id is not None:
        participants.insert(0, {"id": conversation.agent_id, "role": "ASSIGNED_AGENT"})
    others = [cobrowse_dialog(d, faults, initial=initial)
              for d in conversation.cobrowse] if cobrowse else []
    two = len(others) > 1
    if two and reason in ("accepted", "declined", "cancelled", "ended") and (
            "lp.second-invitation-reopens-first" in faults):
        for shown in others[:-1]:
            if shown["metaData"].get("sessionState") == "CLOSED":
                shown["metaData"]["sessionState"] = "ACCEPTED"
    dialogs = [main_dialog(conversation), *others]
    if others and "lp.cobrowse-dialog-only" in faults:
        dialogs = others
    elif others and ("lp.cobrowse-dialog-first" in faults or (
            two and "lp.second-invitation-cobrowse-first" in faults)):
        dialogs = [*others, dialogs[0]]
    elif two and "lp.second-invitation-messaging-twice" in faults:
        dialogs = [dialogs[0], dialogs[0], *others]
    updated = conversation.updated_at if cobrowse else conversation.main_updated_at
    data: dict[str, Any] = {
        "participants": participants,
        "dialogs": dialogs,
        "brandId": conversation.brand_id,
        "state": conversation.state,
        "stage": conversation.state,
        "startTs": epoch_ms(conversation.started_at),
        "metaDataLastUpdateTs": epoch_ms(updated),
        "ttr": {"ttrType": "NORMAL", "value": 3600},
    }
    if conversation.ended_at is not None:
        data["endTs"] = epoch_ms(conversation.ended_at)
        data["closeReason"] = conversation.close_reason
    return data


def upsert(conversation: Conversation, faults: Faults, *, cobrowse: bool,
           initial: bool = False, reason: str = "") -> dict[str, Any]:
    details = conversation_details(conversation, faults, cobrowse=cobrowse, initial=initial,
                                   reason=reason)
    return {"type": "UPSERT", "result": {
        "convId": conversation.id,
        "effectiveTTR": -1,
        "lastUpdateTime": details["metaDataLastUpdateTs"],
        "conversationDetails": details,
    }}


def delete(conversation: Conversation, faults: Faults, *, cobrowse: bool) -> dict[str, Any]:
    """A conversation that left the subscription's filter. LivePerson's published
    aam/subscribeExConversationsNotification.json requires conversationDetails of every
    change, DELETE included."""
    return {"type": "DELETE", "result": {
        "convId": conversation.id,
        "conversationDetails": conversation_details(conversation, faults, cobrowse=cobrowse),
    }}


def messaging_change(conversation: Conversation, item: MessagingEvent) -> dict[str, Any]:
    return {
        "sequence": item.sequence,
        "originatorId": item.originator_id,
        "originatorMetadata": {"id": item.originator_id, "role": item.role},
        "serverTimestamp": epoch_ms(item.at),
        "event": item.event,
        "conversationId": conversation.id,
        "dialogId": conversation.main_dialog_id,
    }


# -- the driver API's plain views (no wire faults: they describe the state itself) ---------------
def driver_dialog(dialog: CobrowseDialog) -> dict[str, Any]:
    return {
        "conversationId": dialog.conversation_id,
        "dialogId": dialog.dialog_id,
        "serviceId": dialog.service_id,
        "consumerId": dialog.consumer_id,
        "agentId": dialog.agent_id,
        "mode": dialog.mode,
        "sessionState": dialog.session_state,
        "notificationKey": dialog.notification_key,
        "state": dialog.state,
        "creationTs": epoch_ms(dialog.invited_at),
        "expires": epoch_ms(dialog.expires_at) / 1000,
        "endTs": None if dialog.ended_at is None else epoch_ms(dialog.ended_at),
        "offered": dialog.offered,
        "joined": dialog.joined,
        "scroll": None if dialog.scroll is None else {"x": dialog.scroll[0],
                                                        "y": dialog.scroll[1]},
    }


def driver_conversation(conversation: Conversation) -> dict[str, Any]:
    return {
        "conversationId": conversation.id,
        "consumerId": conversation.consumer_id,
        "agentId": conversation.agent_id,
        "brandId": conversation.brand_id,
        "state": conversation.state,
        "mainDialogId": conversation.main_dialog_id,
        "startTs": epoch_ms(conversation.started_at),
        "endTs": None if conversation.ended_at is None else epoch_ms(conversation.ended_at),
        "cobrowseDialogs": [driver_dialog(d) for d in conversation.cobrowse],
        "messages": len(conversation.events),
    }
