"""Broken variants of the genesys-cloud reference, one rule each.

Sources 003 and 004 describe one model twice, so many rules come in pairs (the
Ruby row and the Java row of the same property). Where the two rows differ (003's
plain String against 004's enumerations, 003's mandatory milliseconds against
004's optional ones) a variant breaks one row only; where they say the same, two
different breakages are each charged to one row and fail the other with it,
which ``also_fails`` declares.
"""

from mockserver.faults import Fault, register

PROFILE = "genesys-cloud"


def _f(name: str, rule: str, description: str, *also: str) -> Fault:
    return Fault(f"cloud.{name}", PROFILE, rule, description, tuple(also))


def _off(name: str, rule: str, description: str, *also: str) -> Fault:
    """A variant that breaks ``rule`` only off the path of the rule's own scenarios."""
    return Fault(f"cloud.{name}", PROFILE, rule, description, tuple(also), off_path=True)


FAULTS = (
    # 004 Name column: the JSON names.
    _f("snake-case-property-name", "GC-004-01",
       "afterCallWorkRequired travels under the Ruby attribute name after_call_work_required"),
    # state
    _f("state-not-string", "GC-003-06",
       "state is sent as the enum's ordinal number (5 for connected), not a string",
       "GC-004-02", "GC-004-24"),
    _f("viewer-stays-alerting", "GC-004-02",
       "the agent's communication still says alerting after the agent joined"),
    _f("state-outside-enum", "GC-004-24",
       "state is sent as the enum's Name (CONNECTED) rather than its value (connected)",
       "GC-004-02"),
    # id
    _f("id-per-conversation-counter", "GC-003-07",
       "communication ids are counters restarting at 1 in every conversation"),
    _f("id-changes-on-connect", "GC-004-03",
       "the agent's communication is given a new id when the agent joins"),
    # disconnectType
    _f("disconnect-type-not-string", "GC-003-08",
       "disconnectType is sent as the enum's ordinal number", "GC-004-04", "GC-004-26"),
    _f("disconnect-type-set-while-connected", "GC-004-05",
       "disconnectType is already \"endpoint\" while the communication is alerting or "
       "connected", "GC-003-08"),
    _f("disconnect-type-missing", "GC-004-05",
       "disconnectType stays absent after the communication disconnected",
       "GC-003-08", "GC-004-04"),
    _f("disconnect-type-media-enum", "GC-004-26",
       "a timeout is reported as \"inactivity\", a CobrowseMediaParticipant value that "
       "Cobrowsesession's DisconnectTypeEnum does not have", "GC-004-04"),
    # self
    _f("self-describes-peer", "GC-003-09",
       "each communication's self carries the other party's name and address"),
    _f("self-not-address", "GC-004-06",
       "self is sent as the bare name string instead of an Address object", "GC-003-09"),
    _f("self-missing", "GC-003-09",
       "no communication carries self, so none names the participant it belongs to"),
    # cobrowseSessionId
    _f("session-id-per-leg", "GC-003-10",
       "the agent's communication carries its own communication id as cobrowseSessionId",
       "GC-004-07"),
    _f("session-id-reused", "GC-004-07",
       "a second co-browse session in a conversation carries the first session's ID",
       "GC-003-10"),
    # cobrowseRole
    _f("roles-swapped", "GC-003-11", "the customer is called the viewer and the agent the sharer"),
    # controlling
    _f("controlling-as-string", "GC-003-12",
       "controlling is sent as a comma-separated string instead of a list",
       "GC-004-09", "GC-004-10"),
    _f("controlling-not-granted", "GC-004-09",
       "the agent's controlling stays empty after the customer granted control", "GC-003-12"),
    _f("controlling-in-pointer-mode", "GC-004-10",
       "the agent's controlling lists the customer as soon as the agent joins, in Pointer Mode",
       "GC-003-12"),
    # viewerUrl
    _f("viewer-url-missing", "GC-003-13", "no communication carries a viewerUrl", "GC-004-11"),
    _f("viewer-url-relative", "GC-004-11",
       "viewerUrl is a path relative to an unknown host", "GC-003-13"),
    # date-times: 003's form (milliseconds required)
    _f("provider-event-time-without-millis", "GC-003-14",
       "providerEventTime is written without milliseconds (yyyy-MM-ddTHH:mm:ssZ)"),
    _f("start-alerting-time-without-millis", "GC-003-15",
       "startAlertingTime is written without milliseconds"),
    _f("connected-time-without-millis", "GC-003-16",
       "connectedTime is written without milliseconds"),
    _f("disconnected-time-without-millis", "GC-003-17",
       "disconnectedTime is written without milliseconds"),
    # date-times: what they mean
    _f("provider-event-time-stale", "GC-004-12",
       "providerEventTime stays the time the session was offered, whatever happens later",
       "GC-003-14"),
    _f("start-alerting-time-reset-on-connect", "GC-004-13",
       "startAlertingTime moves to the time the agent joined", "GC-003-15"),
    _f("connected-time-set-when-offered", "GC-004-14",
       "the agent's connectedTime is set when the session is offered, before the agent joins",
       "GC-003-16"),
    _f("disconnected-time-set-while-connected", "GC-004-15",
       "disconnectedTime is set while the communication is still alerting or connected",
       "GC-003-17"),
    # date-times dropped where the life cycle needs them
    _f("start-alerting-time-missing", "GC-004-13",
       "the agent's communication never carries startAlertingTime, though it was offered",
       "GC-003-15"),
    _f("connected-time-missing", "GC-004-14",
       "no communication carries connectedTime, though both connected", "GC-003-16"),
    _f("disconnected-time-missing", "GC-004-15",
       "no communication carries disconnectedTime, though both disconnected", "GC-003-17"),
    # provider
    _f("provider-not-string", "GC-003-18",
       "provider is sent as an object {\"name\": ...} instead of a string", "GC-004-16"),
    _f("provider-differs-per-leg", "GC-004-16",
       "the agent's communication names another source provider than the customer's",
       "GC-003-18"),
    # peerId
    _f("peer-id-is-own-id", "GC-003-19",
       "peerId repeats the communication's own id", "GC-004-17"),
    _f("peer-id-is-participant-id", "GC-004-17",
       "peerId carries the peer's participant id, not its communication's", "GC-003-19"),
    # segments
    _f("segments-not-array", "GC-003-20",
       "segments is sent as the current Segment object instead of a list", "GC-004-18"),
    _f("segments-newest-first", "GC-004-18",
       "segments are listed newest first, so the time line runs backwards", "GC-003-20"),
    # wrapup
    _f("wrapup-as-code-string", "GC-003-21",
       "wrapup is sent as the bare wrap-up code instead of a Wrapup object", "GC-004-19"),
    _f("wrapup-notes-dropped", "GC-004-19",
       "the wrap-up loses the notes the agent gave", "GC-003-21"),
    # afterCallWork
    _f("after-call-work-as-state-string", "GC-003-22",
       "afterCallWork is sent as its bare state string instead of an AfterCallWork object",
       "GC-004-20"),
    _f("after-call-work-still-pending-after-wrapup", "GC-004-20",
       "after-call work stays pending after the agent wrapped up", "GC-003-22"),
    # afterCallWorkRequired
    _f("after-call-work-required-as-string", "GC-003-23",
       "afterCallWorkRequired is sent as the string \"false\"", "GC-004-21"),
    _f("after-call-work-required-as-number", "GC-004-21",
       "afterCallWorkRequired is sent as the number 0", "GC-003-23"),
    # initialState
    _f("initial-state-follows-state", "GC-004-23",
       "initialState changes with state (connected once the agent joins)"),
    _f("initial-state-outside-enum", "GC-004-27",
       "initialState is sent as the enum's Name (ALERTING) rather than its value",
       "GC-004-23"),
    # afterCallWorkRequired: "Only used when the ACW Setting is Agent Requested."
    _f("after-call-work-required-whatever-the-setting", "GC-003-24",
       "afterCallWorkRequired is sent whatever the after-call-work setting", "GC-004-22"),
    # Party credentials (X-Conformance-Party): only the customer grants control.
    _f("agent-can-grant-control", "GC-003-12",
       "the agent's credential may answer its own control request: the agent's "
       "communication lists the customer in controlling though the customer granted nothing"),
)

#: Broken variants one step off the scenarios' paths: only the rule oracles see them. Each
#: misbehaves on a second session, on the other party's leg, in the media view, in the
#: Conversation a disconnect answers with, after a control round trip or on a reading taken
#: after time passed; ``also_fails`` names the row of the same property in the other source
#: where the oracle judges both rows.
OFF_PATH = (
    _off("second-session-viewer-stays-alerting", "GC-004-02",
         "the agent's communication of a second session still says alerting after the agent "
         "joined"),
    _off("state-outside-enum-in-disconnect-answer", "GC-004-24",
         "the Conversation a disconnect answers with gives state as the enum's Name"),
    _off("state-not-string-when-idle", "GC-003-06",
         "a live session read after 30 s without an event gives state as the enum's ordinal",
         "GC-004-24"),
    _off("second-session-initial-state-follows-state", "GC-004-23",
         "a second session's communications change initialState with state"),
    _off("initial-state-outside-enum-in-disconnect-answer", "GC-004-27",
         "the Conversation a disconnect answers with gives initialState as the enum's Name",
         "GC-004-23"),
    _off("id-reissued-after-control", "GC-004-03",
         "the agent's communication is given a new id once the customer granted control"),
    _off("second-session-ids-per-conversation", "GC-003-07",
         "a second session's communications get ids that every conversation repeats"),
    _off("second-session-disconnect-type-early", "GC-004-05",
         "a second session's communications carry disconnectType \"endpoint\" while live",
         "GC-003-08"),
    _off("disconnect-type-rewritten-by-wrapup", "GC-004-04",
         "the agent's wrap-up rewrites the cause of the disconnection to \"client\""),
    _off("disconnect-type-outside-enum-in-disconnect-answer", "GC-004-26",
         "the Conversation a disconnect answers with gives disconnectType in capitals",
         "GC-004-04"),
    _off("second-session-self-describes-peer", "GC-003-09",
         "a second session's self carries the other party's name and address"),
    _off("self-not-address-in-disconnect-answer", "GC-004-06",
         "the Conversation a disconnect answers with gives self as the bare name",
         "GC-003-09"),
    _off("media-view-session-id-is-conversation-id", "GC-003-10",
         "the media view gives the conversation's id as cobrowseSessionId"),
    _off("session-id-shared-across-conversations", "GC-004-07",
         "the sessions of every conversation but the first carry the first session's ID",
         "GC-003-10"),
    _off("second-session-roles-swapped", "GC-003-11",
         "a second session calls the customer the viewer and the agent the sharer"),
    _off("media-view-role-is-purpose", "GC-004-08",
         "the media view gives the participant's purpose (customer, agent) as cobrowseRole"),
    _off("second-grant-not-listed", "GC-004-09",
         "control granted a second time in a session is not listed in controlling",
         "GC-003-12"),
    _off("sharer-lists-viewer-when-granted", "GC-003-12",
         "while control is granted, the customer's controlling lists the agent",
         "GC-004-09"),
    _off("media-view-controls-in-pointer-mode", "GC-004-10",
         "the media view lists the customer in the agent's controlling in Pointer Mode",
         "GC-003-12"),
    _off("second-session-viewer-url-missing", "GC-003-13",
         "a second session's communications carry no viewerUrl", "GC-004-11"),
    _off("media-view-viewer-url-relative", "GC-004-11",
         "the media view gives viewerUrl as a path relative to an unknown host"),
    _off("second-session-provider-differs", "GC-004-16",
         "the agent's communication of a second session names another provider", "GC-003-18"),
    _off("peer-id-own-while-controlling", "GC-004-17",
         "while control is granted, the agent's peerId repeats its own id", "GC-003-19"),
    _off("media-view-peer-is-participant", "GC-003-19",
         "the media view's peer is the peer's participant id", "GC-004-17"),
    _off("second-session-segments-newest-first", "GC-004-18",
         "a second session's segments are listed newest first", "GC-003-20"),
    _off("wrapup-on-oldest-communication", "GC-003-21",
         "the agent's wrap-up lands on their oldest co-browse communication", "GC-004-19",
         "GC-003-22", "GC-004-20"),
    _off("wrapup-route-drops-notes", "GC-004-19",
         "a wrap-up posted to the communication's wrapup route loses its notes", "GC-003-21"),
    _off("second-session-after-call-work-stays-pending", "GC-004-20",
         "a second session's after-call work stays pending after the wrap-up", "GC-003-22"),
    _off("after-call-work-required-as-string-in-disconnect-answer", "GC-003-23",
         "the Conversation a disconnect answers with gives afterCallWorkRequired as a string",
         "GC-004-21"),
    _off("snake-case-name-in-disconnect-answer", "GC-004-01",
         "the Conversation a disconnect answers with spells after_call_work_required"),
    _off("after-call-work-required-in-disconnect-answer-whatever-the-setting", "GC-004-22",
         "the Conversation a disconnect answers with carries afterCallWorkRequired whatever "
         "the after-call-work setting", "GC-003-24"),
    _off("provider-event-time-follows-clock-when-idle", "GC-004-12",
         "a live session read after 30 s without an event gives the reading's time as "
         "providerEventTime", "GC-003-14"),
    _off("start-alerting-time-follows-clock-when-idle", "GC-004-13",
         "an offer read after 30 s without an event gives the reading's time as the "
         "agent's startAlertingTime", "GC-003-15"),
    _off("second-session-connected-time-when-offered", "GC-004-14",
         "the agent's connectedTime of a second session is set when it is offered",
         "GC-003-16"),
    _off("disconnected-time-follows-clock", "GC-004-15",
         "a session read 30 s or more after it ended gives the reading's time as "
         "disconnectedTime", "GC-003-17"),
    _off("after-call-work-required-after-control-whatever-the-setting", "GC-003-24",
         "once control was granted in a session, its afterCallWorkRequired is sent whatever "
         "the after-call-work setting", "GC-004-22"),
    # 003's rows where 004's twin judges the same value another way, or not at all.
    _off("disconnect-type-missing-in-disconnect-answer", "GC-003-08",
         "the Conversation a disconnect answers with leaves disconnectType out", "GC-004-05"),
    _off("second-session-provider-event-time-without-millis", "GC-003-14",
         "a second session's providerEventTime is written without milliseconds"),
    _off("start-alerting-time-without-millis-in-disconnect-answer", "GC-003-15",
         "the Conversation a disconnect answers with writes startAlertingTime without "
         "milliseconds"),
    _off("second-session-connected-time-without-millis", "GC-003-16",
         "a second session's connectedTime is written without milliseconds"),
    _off("disconnected-time-without-millis-in-disconnect-answer", "GC-003-17",
         "the Conversation a disconnect answers with writes disconnectedTime without "
         "milliseconds"),
    _off("provider-not-string-in-disconnect-answer", "GC-003-18",
         "the Conversation a disconnect answers with gives provider as an object",
         "GC-004-16"),
    _off("segments-not-array-in-disconnect-answer", "GC-003-20",
         "the Conversation a disconnect answers with gives segments as the current Segment",
         "GC-004-18"),
    _off("second-session-after-call-work-as-state-string", "GC-003-22",
         "a second session's afterCallWork is its bare state string", "GC-004-20"),
    _off("after-call-work-required-as-number-in-disconnect-answer", "GC-004-21",
         "the Conversation a disconnect answers with gives afterCallWorkRequired as a number",
         "GC-003-23"),
)

#: Legal variants: other choices where the sources are silent; the suite must pass them.
LEGAL = (
    Fault("cloud.disconnect-type-is-other", PROFILE, "GC-004-04",
          "every disconnection is put down to \"other\", whoever or whatever caused it",
          legal="GC-S-01"),
    Fault("cloud.role-capitalised", PROFILE, "GC-004-08",
          "roles are sent as \"Sharer\" and \"Viewer\"", legal="GC-S-03"),
    Fault("cloud.viewer-appears-at-join", PROFILE, "GC-004-02",
          "the agent's co-browse communication exists only once the agent has answered the "
          "offer, not from the offer on", legal="GC-S-02"),
    Fault("cloud.other-leg-stays-connected", PROFILE, "GC-004-17",
          "when one party leaves, the other party's communication stays connected until it "
          "leaves too or the conversation ends", legal="GC-S-02"),
    Fault("cloud.short-default-timeout", PROFILE, "GC-004-20",
          "sessions time out after 60 s of inactivity unless another timeout is set",
          legal="GC-S-04"),
    Fault("cloud.extra-properties", PROFILE, "GC-004-01",
          "each Cobrowsesession carries properties neither source names (mediaRoles, "
          "queueMediaSettings)", legal="GC-S-05"),
    Fault("cloud.agent-listed-first", PROFILE, "GC-004-03",
          "a conversation lists the agent's participant before the customer's",
          legal="GC-S-05"),
    Fault("cloud.ids-not-uuids", PROFILE, "GC-004-03",
          "communication ids are short unique strings, not UUIDs", legal="GC-S-05"),
)

register(*LEGAL, *FAULTS, *OFF_PATH)
