"""Broken variants of the liveperson reference, one rule each.

``also_fails`` names the rules whose scenarios truly depend on the broken
behaviour (e.g. a session that cannot be accepted cannot be seen ACCEPTED).
"""

from mockserver.faults import Fault, register

PROFILE = "liveperson"


def _f(name: str, rule: str, description: str, *also: str) -> Fault:
    return Fault(f"lp.{name}", PROFILE, rule, description, tuple(also))


def _legal(name: str, silent: str, rule: str, description: str) -> Fault:
    """Not broken: another choice the source allows where it is silent (harness/silent.yaml)."""
    return Fault(f"lp.{name}", PROFILE, rule, description, legal=silent)


def _off(name: str, rule: str, description: str, *also: str) -> Fault:
    """A variant that breaks ``rule`` only off the path of the rule's own scenarios."""
    return Fault(f"lp.{name}", PROFILE, rule, description, tuple(also), off_path=True)


FAULTS = (
    # Step 1: the CO_BROWSE feature.
    _f("cobrowse-without-feature", "LP-001-04",
       "CoBrowse dialogs are offered to connections that did not announce CO_BROWSE"),
    _f("device-properties-refused", "LP-001-05",
       "InitConnection refuses ClientProperties carrying deviceFamily and os, as the "
       "tutorial's example does"),
    # Step 2: conversation metadata.
    _f("initial-state-missing", "LP-001-07",
       "cqm.SubscribeExConversations is answered, but no notification of the current state "
       "follows"),
    _f("wrong-subscription-id", "LP-001-07",
       "notifications carry another subscriptionId than the subscription's response"),
    # Step 3: the invitation.
    _f("invitation-wrong-type", "LP-001-09",
       "the invitation is pushed as cqm.ConversationChangeNotification"),
    _f("cobrowse-dialog-only", "LP-001-10",
       "the conversation details list only the COBROWSE dialog, without the messaging dialog",
       "LP-001-11"),
    _f("cobrowse-dialog-first", "LP-001-11",
       "the COBROWSE dialog comes before the messaging dialog"),
    _f("participants-as-objects", "LP-001-12",
       "the COBROWSE dialog's participants are {id, role} objects, not ID strings"),
    _f("dialog-type-main", "LP-001-13", "the COBROWSE dialog has dialogType MAIN",
       "LP-001-45"),
    _f("service-id-without-consumer", "LP-001-14",
       "serviceId is a bare UUID, without the consumer's ID"),
    _f("expires-inconsistent", "LP-001-15",
       "metaData.expires says 90 s although the invitation closes after 120 s"),
    _f("metadata-dialog-id-missing", "LP-001-16",
       "the invitation's metaData lacks the dialogId"),
    _f("creation-ts-in-seconds", "LP-001-17", "the COBROWSE dialog's creationTs is in seconds"),
    _f("dialog-without-channel-type", "LP-001-18",
       "the invited COBROWSE dialog carries no channelType", "LP-001-11", "LP-001-19"),
    _f("channel-type-changes-on-accept", "LP-001-19",
       "an ACCEPTED change carries channelType COBROWSE_SESSION"),
    _f("service-id-ignored", "LP-001-20",
       "an lpTag event is matched to the oldest pending invitation, whatever its serviceId"),
    # A follow invitation in shared mode lets the agent scroll (LP-001-23).
    _f("mode-always-shared", "LP-001-21",
       "the dialog's mode is shared whatever mode the agent selected", "LP-001-23"),
    _f("unknown-mode-accepted", "LP-001-22",
       "the agent may invite in any mode, and the consumer sees it"),
    _f("metadata-ts-goes-back", "LP-001-24",
       "a session state change carries a metaDataLastUpdateTs before the invitation's"),
    _f("invitation-state-lowercase", "LP-001-25",
       "an invitation's sessionState is 'invited'", "LP-001-16", "LP-001-24", "LP-001-26"),
    _f("session-state-terminated", "LP-001-26",
       "closing the conversation leaves its CoBrowse dialog with sessionState TERMINATED"),
    _f("joined-state", "LP-001-27",
       "when the invitee joins the session the dialog's sessionState becomes JOINED",
       "LP-001-26"),
    _f("join-not-pushed", "LP-001-27",
       "when the invitee joins the session the dialog is updated, but no change is pushed to "
       "the consumer"),
    _f("end-ignored", "LP-001-28",
       "the agent ending an accepted session is answered but changes nothing", "LP-001-19",
       "LP-001-24"),
    _f("accepted-without-notification-key", "LP-001-29",
       "an ACCEPTED change carries no notificationKey"),
    _f("closed-without-notification-key", "LP-001-29",
       "a CLOSED change carries no notificationKey (as the source's CLOSED example)"),
    # The lpTag events.
    _f("offered-refused", "LP-001-31", "the cobrowseOffered event is refused as unknown",
       "LP-001-32", "LP-001-34", "LP-001-35"),
    _f("empty-ssid-accepted", "LP-001-32", "an lpTag event with an empty ssid is accepted"),
    _f("ssid-format-enforced", "LP-001-32",
       "ssid must be a numeric monitoring session ID instead of any non-empty string"),
    _f("offered-agent-id-optional", "LP-001-34", "cobrowseOffered is accepted without agentId"),
    _f("offered-optional-fields-refused", "LP-001-35",
       "cobrowseOffered is refused when it carries scid, cid or eid"),
    _f("accept-ignored", "LP-001-36",
       "cobrowseAccepted is answered but the invitation stays INVITED", "LP-001-19",
       "LP-001-20", "LP-001-24", "LP-001-27", "LP-001-28", "LP-001-29",
       # The scroll scenarios need an accepted session.
       "LP-001-23"),
    _f("accepted-visitor-name-optional", "LP-001-37",
       "cobrowseAccepted is accepted without visitorName"),
    _f("accepted-optional-fields-refused", "LP-001-38",
       "cobrowseAccepted is refused when it carries scid, cid or eid"),
    _f("decline-ignored", "LP-001-39",
       "cobrowseDeclined is answered but the invitation stays INVITED"),
    _f("declined-agent-id-optional", "LP-001-40", "cobrowseDeclined is accepted without agentId"),
    _f("declined-optional-fields-refused", "LP-001-41",
       "cobrowseDeclined is refused when it carries scid, cid or eid"),
    # Cancellation and expiry.
    # The second-invitation scenarios cancel the first invitation before the second.
    _f("cancel-refused", "LP-001-42", "the agent cannot cancel an invitation", "LP-001-28",
       "LP-001-29", "LP-001-44", "LP-001-45", "LP-001-20", "LP-001-25", "LP-001-36",
       "LP-001-39", "LP-001-43"),
    _f("invitation-never-expires", "LP-001-43", "an unanswered invitation never expires",
       "LP-001-44"),
    _f("invitation-expires-early", "LP-001-43",
       "an unanswered invitation expires after 90 s instead of 2 minutes"),
    _f("expiry-not-pushed", "LP-001-44",
       "an expired invitation is closed without a notification to the consumer"),
    _f("closed-event-new-dialog-id", "LP-001-45",
       "the CLOSED change names another dialogId than the invitation"),
    # The framing of the Messaging Window API (LP-001-06) and the agent's scroll (LP-001-23).
    _f("conversation-id-too-long", "LP-001-06",
       "conversation IDs are 73 characters, beyond the published 64 of conversationId"),
    _f("follow-may-scroll", "LP-001-23", "the agent may scroll the visitor's view in follow mode"),
    _f("view-cannot-scroll", "LP-001-23",
       "the agent may not scroll the visitor's view in view mode"),
)

#: Broken variants one step off the scenarios' paths: the second invitation of a
#: conversation, the state a new subscription is sent at once (after a reconnect), view or
#: follow mode, a fractional time, the second consumer. Only the rule oracles see them.
OFF_PATH = (
    _off("second-invitation-wrong-type", "LP-001-09",
         "the second invitation of a conversation is pushed as "
         "cqm.ConversationChangeNotification"),
    _off("second-invitation-messaging-twice", "LP-001-10",
         "once a conversation has two invitations, its details list the messaging dialog twice"),
    _off("second-invitation-cobrowse-first", "LP-001-11",
         "once a conversation has two invitations, the CoBrowse dialogs come first"),
    _off("follow-participants-as-objects", "LP-001-12",
         "in follow mode the CoBrowse dialog's participants are {id, role} objects"),
    _off("follow-dialog-type-main", "LP-001-13", "in follow mode the CoBrowse dialog is MAIN"),
    _off("second-invitation-service-id-bare", "LP-001-14",
         "the second invitation's serviceId is a bare UUID"),
    _off("follow-expires-after-90-seconds", "LP-001-15",
         "in follow mode metaData.expires says 90 s (the invitation still closes after 120 s)"),
    _off("follow-metadata-dialog-id-missing", "LP-001-16",
         "in follow mode the invitation's metaData lacks the dialogId"),
    _off("creation-ts-changes-on-accept", "LP-001-17",
         "the dialog's creationTs changes to the time of each later change"),
    _off("view-service-id-missing", "LP-001-18",
         "in view mode the invitation's metaData carries no serviceId"),
    _off("second-invitation-accepted-channel-type", "LP-001-19",
         "the second invitation's ACCEPTED change carries channelType COBROWSE_SESSION"),
    _off("second-invitation-service-id-reused", "LP-001-20",
         "the second invitation of a conversation reuses the first one's serviceId"),
    _off("second-invitation-mode-shared", "LP-001-21",
         "the second invitation of a conversation is in shared mode whatever the agent chose"),
    _off("view-mode-becomes-follow", "LP-001-21",
         "once a view invitation is accepted or closed its mode reads follow"),
    _off("closed-mode-uppercase", "LP-001-22", "a CLOSED dialog's mode is upper case"),
    _off("second-invitation-ts-goes-back", "LP-001-24",
         "the second invitation's later changes carry a metaDataLastUpdateTs before its "
         "creation"),
    _off("accepted-shown-invited-initially", "LP-001-25",
         "a new subscription is sent an accepted session as INVITED"),
    _off("closed-lowercase-initially", "LP-001-26",
         "a new subscription is sent a closed dialog with sessionState 'closed'"),
    _off("pending-shown-accepted-initially", "LP-001-27",
         "a new subscription is sent a pending invitation as ACCEPTED"),
    _off("second-invitation-accept-ignored", "LP-001-36",
         "cobrowseAccepted for the second invitation of a conversation is answered but the "
         "invitation stays INVITED", "LP-001-28"),
    _off("second-invitation-cancel-ignored", "LP-001-42",
         "the agent's cancel of the second invitation is answered but it stays INVITED"),
    _off("second-invitation-reopens-first", "LP-001-28",
         "changes of the second invitation show the first, closed one as ACCEPTED"),
    _off("second-invitation-closed-without-key", "LP-001-29",
         "the second invitation's CLOSED change carries no notificationKey"),
    _off("accepted-without-key-initially", "LP-001-29",
         "a new subscription is sent an accepted session without its notificationKey"),
    _off("second-invitation-expires-early", "LP-001-43",
         "the second invitation of a conversation expires half a second before 2 minutes"),
    _off("follow-invitation-never-expires", "LP-001-43",
         "an invitation in follow mode never expires"),
    _off("second-invitation-closed-wrong-type", "LP-001-44",
         "the second invitation's CLOSED change is pushed as cqm.ConversationChangeNotification"),
    _off("second-invitation-closed-new-dialog-id", "LP-001-45",
         "the second invitation's CLOSED change names another dialogId"),
    _off("second-consumer-changes-leak", "LP-001-07",
         "changes of the second consumer's conversation are pushed to every consumer's "
         "connections"),
    _off("reconnect-wrong-subscription-id", "LP-001-07",
         "on a consumer's later connections notifications name another subscription"),
    _off("reconnect-subscription-id-too-long", "LP-001-06",
         "on a consumer's later connections subscription IDs exceed the published 64 "
         "characters"),
    _off("reconnect-clock-reqid-wrong", "LP-001-06",
         "on a consumer's later connections the answer to GetClock echoes another reqId"),
    _off("plain-connection-sees-cobrowse-initially", "LP-001-04",
         "a connection without CO_BROWSE is sent the CoBrowse dialogs in the state a new "
         "subscription gets at once"),
    _off("long-string-response-on-close", "LP-001-06",
         "the answer to cm.UpdateConversationField exceeds the published 128 characters"),
)

#: Other choices the source allows where it is silent: the suite must pass each.
LEGAL = (
    _legal("expires-in-milliseconds", "LP-S-01", "LP-001-15",
           "metaData.expires is in epoch milliseconds"),
    _legal("expiry-shortly-after", "LP-S-01", "LP-001-43",
           "an unanswered invitation is closed 0.3 s after 2 minutes"),
    _legal("extra-dialog-fields", "LP-S-03", "LP-001-18",
           "the COBROWSE dialog and its metaData carry fields the sources do not name "
           "(participantsDetails, closedBy, cobrowseVersion)"),
    _legal("other-notification-keys", "LP-S-02", "LP-001-29",
           "notificationKey values in another vocabulary (upper case)"),
)

register(*FAULTS, *OFF_PATH, *LEGAL)
