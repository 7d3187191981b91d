"""Broken variants of the genesys-engage reference, one rule each.

``also_fails`` lists the rules whose scenarios cannot pass without the broken
behaviour (for example, every rule observed after an agent exit depends on
the agent being able to exit).
"""

from mockserver.faults import Fault, register

PROFILE = "genesys-engage"


def _f(name: str, rule: str, description: str, *also: str) -> Fault:
    return Fault(f"engage.{name}", PROFILE, rule, description, tuple(also))


def _legal(name: str, silent: str, rule: str, description: str) -> Fault:
    """Not broken: another choice the sources allow (``silent`` names it in harness/silent.yaml),
    which the suite must pass with no failed rule."""
    return Fault(f"engage.{name}", PROFILE, rule, description, legal=silent)


def _off(name: str, rule: str, description: str, *also: str) -> Fault:
    """A variant that breaks ``rule`` only off the path of the rule's own scenario."""
    return Fault(f"engage.{name}", PROFILE, rule, description, tuple(also), off_path=True)


#: Every automated rule whose scenarios need the customer to start a session.
DEPENDS_ON_A_SESSION = (
    "GE-000-01", "GE-000-02", "GE-000-04", "GE-000-10", "GE-000-17", "GE-000-18", "GE-000-19",
    "GE-000-20", "GE-000-21",
    "GE-000-22", "GE-000-23", "GE-000-24", "GE-000-25", "GE-000-26", "GE-000-27", "GE-000-28",
    "GE-000-29", "GE-000-30", "GE-000-31", "GE-000-32", "GE-000-33", "GE-000-34", "GE-000-35",
    "GE-000-36", "GE-000-37", "GE-000-38", "GE-000-40", "GE-000-41", "GE-000-43", "GE-000-44",
    "GE-000-45", "GE-000-46", "GE-000-47", "GE-000-48", "GE-000-49", "GE-000-50", "GE-002-02",
    "GE-002-03", "GE-002-04", "GE-002-05", "GE-002-06", "GE-002-07", "GE-002-08", "GE-002-09",
    "GE-002-13", "GE-002-14", "GE-002-17", "GE-002-25", "GE-002-26", "GE-002-28", "GE-002-29",
    "GE-002-30", "GE-002-31", "GE-002-32", "GE-002-33", "GE-002-34", "GE-002-35", "GE-002-36",
    "GE-002-37", "GE-002-38", "GE-002-39", "GE-002-40", "GE-002-41", "GE-002-44", "GE-002-46",
    "GE-002-48", "GE-002-49", "GE-002-50", "GE-002-51", "GE-002-52", "GE-002-53", "GE-002-54",
    "GE-002-55",
)

FAULTS = (
    # Source 000: browser-attached data
    # Every co-browse key read on a voice call depends on anything being attached there.
    _f("voice-not-attached", "GE-000-02", "nothing is attached to a voice interaction",
       "GE-000-18", "GE-000-19", "GE-000-30", "GE-000-31", "GE-000-33", "GE-000-44",
       "GE-000-45", "GE-000-46"),
    _f("plugin-attaches-source", "GE-000-04", "the plug-in attaches source=web itself"),
    _f("custom-data-dropped", "GE-000-07", "custom browser keys are dropped"),
    _f("source-rewritten", "GE-000-10", "source is stored as 'desktop'", "GE-000-08", "GE-000-09"),
    _f("referrer-dropped", "GE-000-11", "referrer is not kept", "GE-000-13"),
    _f("url-dropped", "GE-000-14", "url is not kept", "GE-000-15"),
    _f("page-title-dropped", "GE-000-16", "pageTitle is not kept"),
    # Source 000: plug-in data on join
    # The voice scenario (GE-000-02) observes CoBrowseAssociated too.
    _f("associated-not-set", "GE-000-18", "the first join does not attach CoBrowseAssociated",
       "GE-000-17", "GE-000-30", "GE-000-31", "GE-000-02"),
    _f("quantity-as-string", "GE-000-21", "CoBrowseSessionsQuantity is a string",
       "GE-000-30", "GE-000-32", "GE-000-22", "GE-000-43", "GE-000-45"),
    _f("session-id-not-attached", "GE-000-23", "the first join attaches no CoBrowseSessionId",
       "GE-000-30", "GE-000-33"),
    _f("start-time-in-seconds", "GE-000-24", "CoBrowseStartTime is in seconds",
       "GE-000-30", "GE-000-34", "GE-000-25"),
    _f("start-time-overwritten", "GE-000-25", "each session overwrites CoBrowseStartTime",
       "GE-000-34"),
    _f("associated-not-reset-on-new-session", "GE-000-19",
       "a later session leaves CoBrowseAssociated at No", "GE-000-43", "GE-000-44"),
    _f("quantity-not-incremented", "GE-000-22", "CoBrowseSessionsQuantity stays 1",
       "GE-000-43", "GE-000-45"),
    _f("session-id-not-updated", "GE-000-46", "a later session keeps the first session's ID",
       "GE-000-43"),
    # Source 000: plug-in data on exit
    _f("associated-stays-yes", "GE-000-20", "exiting leaves CoBrowseAssociated at Yes",
       "GE-000-35", "GE-000-36"),
    _f("duration-in-ms", "GE-000-37", "CoBrowseDuration is in milliseconds",
       "GE-000-35", "GE-000-38"),
    _f("duration-not-summed", "GE-000-38", "CoBrowseDuration is the last session's only"),
    _f("end-time-in-seconds", "GE-000-40", "CoBrowseEndTime is in seconds",
       "GE-000-35", "GE-000-41"),
    _f("end-time-of-first-session", "GE-000-41", "CoBrowseEndTime keeps the first session's end"),
    # Source 000 and 002: limits and IsCoBrowseDenied
    _f("limit-off-by-one", "GE-002-06", "an agent may join one session more than the limit",
       "GE-000-47", "GE-000-26", "GE-000-27", "GE-000-48", "GE-000-28", "GE-000-49",
       "GE-000-22", "GE-000-45"),
    _f("limit-ignores-config", "GE-000-47", "agentSessionsLimit is ignored (always 1)"),
    _f("denied-flag-lowercase", "GE-000-26", "IsCoBrowseDenied is attached as 'yes'",
       "GE-000-27", "GE-000-48"),
    _f("denied-flag-not-set", "GE-000-27", "a refusal does not attach IsCoBrowseDenied",
       "GE-000-26", "GE-000-48", "GE-000-28", "GE-000-49"),
    _f("denied-flag-not-overwritten", "GE-000-48",
       "a refusal leaves an attached IsCoBrowseDenied=No", "GE-000-27"),
    _f("denied-flag-stays-yes", "GE-000-28", "an allowed session leaves IsCoBrowseDenied=Yes",
       "GE-000-49", "GE-000-27", "GE-000-48"),
    _f("denied-flag-added-on-success", "GE-000-50",
       "an allowed session attaches IsCoBrowseDenied=No although it was absent",
       "GE-000-29"),
    # Source 002: initiation, identifiers, life cycle
    # Every scenario that needs a session depends on the customer being able to start one.
    _f("customer-cannot-start", "GE-002-01", "the customer's request to co-browse is refused",
       *DEPENDS_ON_A_SESSION),
    _f("agent-may-initiate", "GE-002-10", "an agent may start a co-browse session",
       "GE-002-11"),
    _f("session-on-ended-interaction", "GE-002-13",
       "a session may start on an interaction that has ended"),
    _f("reports-active-before-join", "GE-002-02", "an idle session is reported active"),
    _f("token-lookup-broken", "GE-002-07", "a live session cannot be found by its ID"),
    _f("short-token", "GE-002-08", "session IDs have eight digits"),
    _f("token-valid-after-end", "GE-002-09", "the ID still finds the session after it ended"),
    # The masking scenarios read the agent's view: with no view they cannot pass.
    _f("agent-view-empty", "GE-002-14", "the agent sees no view of the customer's page",
       "GE-002-46", "GE-002-48", "GE-002-49", "GE-002-51"),
    # Every rule observed after the customer exits depends on the customer being able to.
    _f("customer-exit-ignored", "GE-002-03", "the customer's exit does not end the session",
       "GE-002-25", "GE-002-26", "GE-002-09", "GE-002-28", "GE-002-29", "GE-002-34",
       "GE-000-45"),
    # Every rule observed after the agent exits (most of the attached data) depends on it.
    _f("agent-exit-ignored", "GE-002-25", "the agent's exit does not end the session",
       "GE-002-03", "GE-002-26", "GE-002-04", "GE-002-05", "GE-002-28", "GE-002-33",
       "GE-000-19", "GE-000-20", "GE-000-22", "GE-000-25", "GE-000-27", "GE-000-28",
       "GE-000-34", "GE-000-35", "GE-000-36", "GE-000-37", "GE-000-38", "GE-000-40",
       "GE-000-41", "GE-000-43", "GE-000-44", "GE-000-45", "GE-000-46", "GE-000-48",
       "GE-000-49", "GE-000-10"),
    _f("no-end-notification", "GE-002-28", "the other party is not told the session ended"),
    _f("agent-view-after-end", "GE-002-29", "the agent still gets a view after the end"),
    _f("ended-session-rejoinable", "GE-002-04", "an ended session can be joined again",
       "GE-002-05", "GE-002-33"),
    _f("token-reused-on-same-interaction", "GE-002-34",
       "a new session on the same interaction reuses the previous ID"),
    _f("survives-interaction-end", "GE-002-30",
       "ending the primary interaction leaves the session live"),
    _f("no-inactivity-timeout", "GE-002-31", "inactive sessions never end"),
    # The new session after the away timeout (GE-002-34) needs the old one to have ended, and
    # the agent to be able to return first.
    _f("no-agent-away-timeout", "GE-002-32", "an agent who stays away never ends the session",
       "GE-002-34"),
    _f("agent-away-ends-immediately", "GE-002-32",
       "leaving the session page ends the session at once", "GE-002-34"),
    _f("away-timer-not-reset", "GE-002-32",
       "returning to the session page does not restart the agent's away timeout"),
    # Source 002: modes
    _f("starts-in-write-mode", "GE-002-36", "the agent joins in Write Mode",
       "GE-002-38", "GE-002-39"),
    _f("pointer-not-shared-to-customer", "GE-002-35", "the customer never sees the agent's pointer",
       "GE-002-37", "GE-002-44"),
    _f("pointer-not-shared-to-agent", "GE-002-44", "the agent never sees the customer's pointer",
       "GE-002-37"),
    _f("pointer-mode-allows-agent-input", "GE-002-38",
       "in Pointer Mode the agent may type, click and navigate"),
    _f("write-without-consent", "GE-002-39",
       "Write Mode starts as soon as the agent requests it"),
    _f("agent-actions-not-replayed", "GE-002-17",
       "agent actions are acknowledged but not replayed on the customer's side",
       "GE-002-40", "GE-002-41"),
    # Source 002: restrictions
    # An unmasked password is also editable by the agent (GE-002-46).
    _f("passwords-unmasked", "GE-002-51", "password fields are not masked by default",
       "GE-002-50", "GE-002-46"),
    _f("masked-value-leaks-in-events", "GE-002-51",
       "what the customer types into a masked field reaches the agent's feed", "GE-002-48"),
    # The customer is then told a field is hidden that the agent can read (GE-002-50).
    _f("masked-value-visible-to-agent", "GE-002-46",
       "the agent's view shows masked values", "GE-002-48", "GE-002-49", "GE-002-51",
       "GE-002-50"),
    _f("selector-masks-ignored", "GE-002-49", "configured masking selectors are ignored",
       "GE-002-46", "GE-002-48"),
    _f("masked-field-editable-by-agent", "GE-002-46",
       "in Write Mode the agent may type into a masked field"),
    _f("customer-mask-flags-missing", "GE-002-50",
       "the customer cannot see which fields are masked"),
    _f("disabled-selectors-ignored", "GE-002-52", "configured disabled elements stay enabled"),
    _f("agent-can-submit", "GE-002-53", "Submit buttons work for the agent", "GE-002-54"),
    _f("customer-submit-blocked", "GE-002-55", "the customer cannot submit a form"),
    # Party credentials (X-Conformance-Party): parties are who they say.
    # With the agent's credential claiming role customer, the agent also reads the
    # customer's view, masked values and all (GE-002-48).
    _f("credential-role-not-checked", "GE-002-10",
       "a body's role is believed over the party credential presented with it: the agent's "
       "credential claiming role customer starts a session", "GE-002-11", "GE-002-48"),
    _f("agent-can-accept-own-write-request", "GE-002-39",
       "the agent's credential may answer its own Write Mode request"),
    _f("credential-of-another-interaction-accepted", "GE-002-02",
       "a party credential is accepted on another interaction: another agent joins the "
       "session in this interaction's agent's name"),
)

#: Broken variants one step off the scenarios' paths: only the rule oracles see them.
OFF_PATH = (
    # Identifiers and the life cycle
    _off("third-session-id-ten-digits", "GE-002-08",
         "the third and later sessions of an interaction get ten-digit IDs"),
    _off("token-lookup-broken-for-voice", "GE-002-07",
         "a live session on a voice call cannot be looked up by its ID"),
    _off("voice-new-session-reuses-token", "GE-002-34",
         "a new session on a voice call reuses the previous session's ID"),
    _off("voice-idle-reported-active", "GE-002-02",
         "an idle session on a voice call is reported active"),
    _off("third-session-agent-exit-ignored", "GE-002-03",
         "the agent's exit from a third session is acknowledged but does not end it",
         "GE-002-25", "GE-002-26"),
    _off("voice-session-survives-interaction-end", "GE-002-30",
         "ending a voice call leaves its co-browse session live"),
    _off("token-valid-after-timeout", "GE-002-09",
         "the ID of a session that timed out still finds it"),
    _off("agent-view-after-timeout", "GE-002-29",
         "the agent still gets a view of a session that timed out"),
    _off("rejoin-after-timeout", "GE-002-04",
         "a session that timed out can be joined again", "GE-002-05", "GE-002-33"),
    _off("inactivity-timeout-half-second-early", "GE-002-31",
         "the inactivity timeout runs out half a second early"),
    _off("away-timeout-half-second-early", "GE-002-32",
         "the agent-away timeout runs out half a second early"),
    _off("no-end-notification-on-voice", "GE-002-28",
         "on a voice call the other party is not told that a party exited"),
    _off("limit-ignores-voice-sessions", "GE-002-06",
         "the agent's sessions on voice calls do not count towards the session limit"),
    _off("agent-may-initiate-after-a-session", "GE-002-10",
         "once an interaction has had a session, the agent may start another", "GE-002-11"),
    _off("session-on-ended-voice-interaction", "GE-002-13",
         "a session may start on a voice call that has ended"),
    # Attached data
    _off("third-session-creates-interaction", "GE-000-01",
         "the third session of an interaction is given an interaction of its own"),
    _off("voice-keys-attached-at-start", "GE-000-30",
         "on a voice call CoBrowseAssociated is attached when the customer starts"),
    _off("source-attached-on-timeout", "GE-000-04",
         "a session that times out attaches source=web to the interaction"),
    _off("third-session-custom-keys-dropped", "GE-000-07",
         "custom browser keys are dropped when the agent joins a third session of a chat"),
    _off("voice-source-rewritten-on-join", "GE-000-09",
         "joining a session on a voice call rewrites source to 'phone'", "GE-000-08"),
    _off("referrer-dropped-after-second-join", "GE-000-11",
         "referrer is removed when the agent joins a second session", "GE-000-13"),
    _off("url-overwritten-by-shared-page", "GE-000-14",
         "url is overwritten with the URL of each page the customer shares", "GE-000-15"),
    _off("page-title-overwritten-by-shared-page", "GE-000-16",
         "pageTitle is overwritten with the title of each page the customer shares"),
    _off("third-session-associated-lowercase", "GE-000-17",
         "the third session of a chat attaches CoBrowseAssociated as 'yes'"),
    _off("associated-not-set-after-refusal", "GE-000-18",
         "the first join after a refused one does not attach CoBrowseAssociated",
         "GE-000-31", "GE-000-30"),
    _off("voice-later-session-associated-stays-no", "GE-000-19",
         "on a voice call a later session leaves CoBrowseAssociated at No", "GE-000-44"),
    _off("voice-agent-exit-keeps-associated", "GE-000-20",
         "on a voice call the agent's exit leaves CoBrowseAssociated at Yes", "GE-000-36"),
    _off("third-session-quantity-as-string", "GE-000-21",
         "the third session of a chat attaches CoBrowseSessionsQuantity as a string"),
    _off("third-session-quantity-not-incremented", "GE-000-22",
         "the third session of a chat does not increase CoBrowseSessionsQuantity", "GE-000-45"),
    _off("voice-session-id-not-attached", "GE-000-33",
         "the first join on a voice call attaches no CoBrowseSessionId", "GE-000-30"),
    _off("third-session-keeps-session-id", "GE-000-46",
         "the third session of a chat keeps the second session's CoBrowseSessionId"),
    _off("voice-start-time-in-seconds", "GE-000-24",
         "on a voice call CoBrowseStartTime is in seconds"),
    _off("third-session-overwrites-start-time", "GE-000-25",
         "the third session of a chat overwrites CoBrowseStartTime", "GE-000-34"),
    _off("voice-duration-in-ms", "GE-000-37",
         "on a voice call CoBrowseDuration is in milliseconds", "GE-000-38"),
    _off("refused-join-counted", "GE-000-32",
         "a refused join counts as a co-browse session in CoBrowseSessionsQuantity",
         "GE-000-22", "GE-000-45"),
    _off("third-session-duration-not-summed", "GE-000-38",
         "the third session's exit replaces CoBrowseDuration instead of adding to it"),
    _off("voice-end-time-in-seconds", "GE-000-40",
         "on a voice call CoBrowseEndTime is in seconds"),
    _off("third-session-end-time-not-updated", "GE-000-41",
         "the third session's exit leaves CoBrowseEndTime at the second session's end"),
    _off("denied-lowercase-after-a-session", "GE-000-26",
         "a refusal on an interaction that has had a session attaches IsCoBrowseDenied='yes'"),
    _off("denied-flag-not-set-after-a-session", "GE-000-27",
         "a refusal on an interaction that has had a session attaches no IsCoBrowseDenied",
         "GE-000-48"),
    _off("denied-flag-stays-yes-after-a-session", "GE-000-28",
         "an allowed later session leaves IsCoBrowseDenied=Yes", "GE-000-49"),
    _off("later-join-adds-denied-no", "GE-000-50",
         "a later allowed session attaches IsCoBrowseDenied=No although it was absent",
         "GE-000-29"),
    # Modes, pointers, actions
    _off("voice-starts-in-write-mode", "GE-002-36",
         "the agent joins sessions on voice calls in Write Mode"),
    _off("second-write-request-needs-no-consent", "GE-002-39",
         "after a return to Pointer Mode, Write Mode starts as soon as the agent asks again"),
    _off("agent-input-after-round-trip", "GE-002-38",
         "after a return to Pointer Mode the agent may still type, click and navigate"),
    _off("actions-not-replayed-after-second-write", "GE-002-17",
         "in a second Write Mode period agent actions are not replayed", "GE-002-40",
         "GE-002-41"),
    _off("pointer-not-shared-in-write-mode", "GE-002-44",
         "in Write Mode neither party sees the other's pointer", "GE-002-35"),
    _off("agent-pointer-not-shared-after-round-trip", "GE-002-35",
         "after a return to Pointer Mode the customer no longer sees the agent's pointer",
         "GE-002-37", "GE-002-44"),
    # Restrictions
    _off("agent-view-stale-after-second-page", "GE-002-14",
         "the agent's view keeps showing the first page the customer shared"),
    _off("password-attributes-visible-to-agent", "GE-002-51",
         "a password field's value attribute reaches the agent's view"),
    _off("masked-value-in-refusal", "GE-002-48",
         "refusing the agent's typing into a masked field tells the field's value",
         "GE-002-51"),
    _off("customer-typing-leaks-for-selector-masks", "GE-002-48",
         "what the customer types into a selector-masked field reaches the agent's feed"),
    _off("customer-mask-flags-stale-on-second-page", "GE-002-50",
         "on a second page the customer's masking flags are the first page's"),
    _off("password-editable-by-agent", "GE-002-46",
         "in Write Mode the agent may type into a password field"),
    _off("disabled-selectors-first-page-only", "GE-002-52",
         "configured disabled elements stay enabled on later pages"),
    _off("agent-can-click-input-submit", "GE-002-53",
         "input-type Submit buttons work for the agent", "GE-002-54"),
    _off("customer-input-submit-blocked", "GE-002-55",
         "the customer cannot submit through an input-type Submit button"),
    _off("masked-title-visible-to-agent", "GE-002-48",
         "a masked field's title and placeholder attributes reach the agent's view verbatim"),
)

#: Other choices the sources allow: the steps and the oracles must accept them.
LEGAL = (
    _legal("only-agent-exit-updates", "GE-S-08", "GE-000-35",
           "only an agent's exit updates CoBrowseAssociated, CoBrowseDuration and "
           "CoBrowseEndTime; other endings leave them"),
    _legal("quantity-counts-started-sessions", "GE-S-06", "GE-000-21",
           "CoBrowseSessionsQuantity counts every session started, joined or not"),
    _legal("no-limit-by-default", "GE-S-01", "GE-002-06",
           "the one-session limitation is off until enabled: agentSessionsLimit defaults to "
           "1000"),
    _legal("other-timeout-defaults", "GE-S-02", "GE-002-31",
           "the inactivity and agent-away timeouts default to 600 s and 120 s"),
    _legal("session-id-is-live-id", "GE-S-03", "GE-000-23",
           "CoBrowseSessionId carries the session's nine-digit live ID"),
    _legal("no-way-back-to-pointer", "GE-S-04", "GE-002-39",
           "once in Write Mode, a session stays in it until it ends"),
    _legal("ended-ids-reused", "GE-S-05", "GE-002-08",
           "a new session may get the nine-digit ID of another interaction's ended session"),
    _legal("masked-left-out-of-agent-view", "GE-S-10", "GE-002-48",
           "a masked element is left out of the agent's view instead of shown without its "
           "value"),
    _legal("masked-fields-refuse-agent-actions", "GE-S-10", "GE-002-46",
           "the agent clicking or typing into a masked field is refused with 403 instead of "
           "ignored"),
    _legal("extra-attached-data", "GE-S-11", "GE-000-21",
           "joining also attaches keys the sources do not name (CoBrowseAgentId, "
           "CoBrowseMedia)"),
    _legal("counts-from-customer-start", "GE-S-07", "GE-000-24",
           "CoBrowseStartTime and CoBrowseDuration count from the customer's request, not "
           "from the agent's join"),
    _legal("refusals-as-422", "GE-S-09", "GE-002-10",
           "every refusal (an agent starting, a re-join, a late session, the limit) is "
           "answered 422 instead of 403, 409 or 410"),
    _legal("reads-are-activity", "GE-S-09", "GE-002-31",
           "reading a session counts as activity and puts off its inactivity timeout"),
)

register(*FAULTS, *OFF_PATH, *LEGAL)
