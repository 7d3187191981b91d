"""Genesys Co-browse (Engage) sessions: the domain core, with no I/O.

What the sources say (000 "Attached Data Overview", 002 "Genesys Co-browse
sessions") is implemented here; where they are silent the choice made is named
in a comment starting "Silent:" so that nobody mistakes it for a rule.

Two identifiers per session: the nine-digit *token* is the live session ID a
customer reads out ("applicable only to live sessions"); the *history id* is
permanent and unique, and is what ``CoBrowseSessionId`` carries on the primary
interaction. Tokens are never reused by this implementation, although the
sources only demand uniqueness among live sessions.
"""

from __future__ import annotations

import heapq
import itertools
import math
import random
import uuid
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Any, Literal

from mockserver.clock import Clock, epoch_ms
from mockserver.errors import Conflict, Forbidden, Gone, Invalid, NotFound
from mockserver.faults import Faults
from mockserver.genesys_engage.restrictions import (
    MASK,
    Lineage,
    Restrictions,
    check_elements,
    find,
    is_password,
    masked_copy,
    tag_of,
    walk,
)
from mockserver.settings import merged, seconds

TIMEOUT_REASONS = ("inactivity-timeout", "agent-away-timeout")

Role = Literal["customer", "agent"]
ROLES: tuple[Role, ...] = ("customer", "agent")
BROWSER_KEYS = ("source", "referrer", "url", "pageTitle")


@dataclass
class EngageSettings:
    agent_sessions_limit: int = 1
    # Silent: the sources give no option names or defaults for the two timeouts.
    inactivity_timeout_seconds: float = 900.0
    agent_away_timeout_seconds: float = 60.0
    mask_selectors: tuple[str, ...] = ()
    disabled_selectors: tuple[str, ...] = ()

    def validate(self) -> None:
        if self.agent_sessions_limit < 1:
            raise Invalid("invalid_config", "agentSessionsLimit must be at least 1")
        if self.inactivity_timeout_seconds <= 0 or self.agent_away_timeout_seconds <= 0:
            raise Invalid("invalid_config", "timeouts must be positive numbers of seconds")
        Restrictions(self.mask_selectors, self.disabled_selectors)  # raises on a bad selector


@dataclass(slots=True)  # one per notification: slots keep a feed's events small
class Event:
    seq: int
    type: str
    at: int  # epoch ms
    data: dict[str, Any]

    def as_dict(self) -> dict[str, Any]:
        return {"seq": self.seq, "type": self.type, "at": self.at, **self.data}


@dataclass(slots=True)  # slots: a world may hold a hundred thousand of these
class Interaction:
    id: str
    media: str
    customer_id: str
    agent_id: str
    created_at: float
    attached: dict[str, Any]
    state: str = "live"
    ended_at: float | None = None
    #: Each party's events, by role; a party's list is made with its first event.
    feeds: dict[str, list[Event]] = field(default_factory=dict)
    history_ids: list[str] = field(default_factory=list)
    joined_sessions: int = 0
    duration_total: float = 0.0
    refusals: int = 0


@dataclass(slots=True)  # slots: a world may hold a hundred thousand of these
class CobrowseSession:
    history_id: str
    token: str
    interaction_id: str
    created_at: float
    last_activity: float
    state: str = "idle"
    mode: str = "pointer"
    agent_id: str | None = None
    activated_at: float | None = None
    ended_at: float | None = None
    end_reason: str | None = None
    ended_by: str | None = None
    agent_away_since: float | None = None
    page: dict[str, Any] | None = None
    mode_request: dict[str, Any] | None = None
    #: A tuple: most sessions never submit, and the empty tuple costs a live session nothing.
    submissions: tuple[dict[str, Any], ...] = ()
    #: The first page the customer shared (the broken variants keep using it).
    first_page: dict[str, Any] | None = None
    returned_to_pointer: bool = False
    write_requests: int = 0
    write_grants: int = 0
    #: The deadline of this session's one valid entry in the core's timer heap (inf: none;
    #: entries with another deadline are stale), and its rank among the core's sessions, so
    #: that sessions due in the same tick end in the order they were created.
    timer_at: float = math.inf
    ordinal: int = 0

    @property
    def live(self) -> bool:
        return self.state != "ended"


class EngageCore:
    def __init__(self, clock: Clock, faults: Faults, settings: EngageSettings | None = None):
        self.clock = clock
        self.faults = faults
        if settings is None and "engage.other-timeout-defaults" in faults:
            settings = EngageSettings(inactivity_timeout_seconds=600.0,
                                      agent_away_timeout_seconds=120.0)
        if settings is None and "engage.no-limit-by-default" in faults:
            settings = EngageSettings(agent_sessions_limit=1000)
        self.settings = settings or EngageSettings()
        self._random = random.Random()
        self.reset()

    # -- bookkeeping -------------------------------------------------------------------
    def reset(self) -> None:
        self.interactions: dict[str, Interaction] = {}
        self.sessions: dict[str, CobrowseSession] = {}  # by history id
        self.live_tokens: dict[str, str] = {}  # token -> history id
        self.retired_tokens: dict[str, str] = {}
        self._seq = 0
        self._restrictions = self._build_restrictions(self.settings)
        # Indexes, so that no request walks the history: timers by deadline (a heap of
        # (deadline, history id) whose stale entries are skipped when popped), the
        # interactions of each party (their ids, oldest first), and each agent's active
        # sessions (history ids).
        self._timers: list[tuple[float, str]] = []
        self._stale_timers = 0
        self._ordinals = itertools.count()
        self._by_agent: PartyIndex = {}
        self._by_customer: PartyIndex = {}
        self._agent_active: PartyIndex = {}

    def _build_restrictions(self, settings: EngageSettings) -> Restrictions:
        masks = settings.mask_selectors
        if "engage.selector-masks-ignored" in self.faults:
            masks = ()
        disabled = settings.disabled_selectors
        if "engage.disabled-selectors-ignored" in self.faults:
            disabled = ()
        return Restrictions(
            masks,
            disabled,
            mask_passwords="engage.passwords-unmasked" not in self.faults,
            disable_submit="engage.agent-can-submit" not in self.faults,
        )

    def configure(self, changes: dict[str, Any]) -> None:
        """Apply a partial JSON configuration (the control API's ``genesys-engage`` part)."""
        values = merged("genesys-engage", self.config(), changes)
        limit = values["agentSessionsLimit"]
        if not isinstance(limit, int) or isinstance(limit, bool):
            raise Invalid("invalid_config", "agentSessionsLimit must be an integer")
        timeouts = (seconds("inactivityTimeoutSeconds", values["inactivityTimeoutSeconds"]),
                    seconds("agentAwayTimeoutSeconds", values["agentAwayTimeoutSeconds"]))
        selectors = (values["maskSelectors"], values["disabledSelectors"])
        if not all(isinstance(s, list) and all(isinstance(x, str) for x in s) for s in selectors):
            raise Invalid("invalid_config", "maskSelectors and disabledSelectors are string lists")
        self.apply_settings(
            EngageSettings(
                agent_sessions_limit=limit,
                inactivity_timeout_seconds=timeouts[0],
                agent_away_timeout_seconds=timeouts[1],
                mask_selectors=tuple(selectors[0]),
                disabled_selectors=tuple(selectors[1]),
            )
        )

    def config(self) -> dict[str, Any]:
        s = self.settings
        return {
            "agentSessionsLimit": s.agent_sessions_limit,
            "inactivityTimeoutSeconds": s.inactivity_timeout_seconds,
            "agentAwayTimeoutSeconds": s.agent_away_timeout_seconds,
            "maskSelectors": list(s.mask_selectors),
            "disabledSelectors": list(s.disabled_selectors),
        }

    def apply_settings(self, settings: EngageSettings) -> None:
        settings.validate()
        self.settings = settings
        self._restrictions = self._build_restrictions(settings)
        self._reschedule_all()

    def _now(self) -> float:
        return self.clock.now()

    def _notify(self, interaction: Interaction, to: str, type_: str, **data: Any) -> None:
        self._seq += 1
        event = Event(self._seq, type_, epoch_ms(self._now()), data)
        feed = interaction.feeds.get(to)
        if feed is None:
            interaction.feeds[to] = [event]  # sized to fit: most feeds stay short
        else:
            feed.append(event)

    # -- primary interactions ------------------------------------------------------------
    def create_interaction(
        self, media: str, customer_id: str, agent_id: str, attached: dict[str, Any]
    ) -> Interaction:
        if media not in ("chat", "voice"):
            raise Invalid("invalid_media", f"media must be 'chat' or 'voice', not {media!r}")
        for key, value in attached.items():
            if not isinstance(value, str):
                raise Invalid(
                    "invalid_attached_data",
                    f"browser-attached data values are strings; {key!r} is {type(value).__name__}",
                )
            if key.startswith("CoBrowse") or key == "IsCoBrowseDenied":
                raise Invalid(
                    "reserved_key",
                    f"{key!r} is attached by the co-browse plug-in, not by the browser",
                )
        data = dict(attached)
        if media == "chat" and "source" in data and data["source"] != "web":
            # Source 000: "Currently, the value is always web."
            raise Invalid("invalid_source", "source must be 'web' (currently always web)")
        for key, fault in (("referrer", "referrer-dropped"), ("url", "url-dropped"),
                           ("pageTitle", "page-title-dropped")):
            if f"engage.{fault}" in self.faults:
                data.pop(key, None)
        if "engage.source-rewritten" in self.faults and "source" in data:
            data["source"] = "desktop"
        if "engage.custom-data-dropped" in self.faults:
            data = {k: v for k, v in data.items() if k in BROWSER_KEYS}
        interaction = Interaction(
            id=str(uuid.uuid4()),
            media=media,
            customer_id=customer_id,
            agent_id=agent_id,
            created_at=self._now(),
            attached=data,
        )
        self._add_interaction(interaction)
        return interaction

    def _add_interaction(self, interaction: Interaction) -> None:
        self.interactions[interaction.id] = interaction
        _index_add(self._by_agent, interaction.agent_id, interaction.id)
        _index_add(self._by_customer, interaction.customer_id, interaction.id)

    def list_interactions(self, agent_id: str | None, customer_id: str | None
                          ) -> list[Interaction]:
        """The interactions an agent (or a customer) takes part in, oldest first.

        Read from the party's own index: an agent's listing costs what that agent has
        done, not what the whole world has."""
        if agent_id is not None:
            found = self._indexed(self._by_agent, agent_id)
        elif customer_id is not None:
            found = self._indexed(self._by_customer, customer_id)
        else:
            found = list(self.interactions.values())
        return [i for i in found
                if (agent_id is None or i.agent_id == agent_id)
                and (customer_id is None or i.customer_id == customer_id)]

    def _indexed(self, index: PartyIndex, party: str) -> list[Interaction]:
        """A party's interactions from ``index``; ids of interactions that were forgotten
        (dropped from ``interactions`` by retention) are pruned from the index on the way."""
        ids = _index_get(index, party)
        found = [i for i in map(self.interactions.get, ids) if i is not None]
        if len(found) < len(ids):
            _index_put(index, party, [i.id for i in found])
        return found

    def forget_interaction(self, interaction_id: str) -> None:
        """Forget an ended interaction: the party indexes' side of dropping a record (its
        sessions and tokens are dropped by whoever forgets it, e.g. mockserver.retention)."""
        interaction = self.interactions.pop(interaction_id, None)
        if interaction is None:
            return
        for index, party in ((self._by_agent, interaction.agent_id),
                             (self._by_customer, interaction.customer_id)):
            _index_put(index, party, [i for i in _index_get(index, party) if i != interaction_id])

    def _voice(self, interaction: Interaction, fault: str) -> bool:
        """Whether a broken variant that only misbehaves on voice calls applies."""
        return interaction.media == "voice" and f"engage.{fault}" in self.faults

    def interaction(self, interaction_id: str) -> Interaction:
        try:
            return self.interactions[interaction_id]
        except KeyError:
            raise NotFound("unknown_interaction", f"no interaction {interaction_id!r}") from None

    def end_interaction(self, interaction_id: str) -> Interaction:
        interaction = self.interaction(interaction_id)
        if interaction.state == "ended":
            raise Conflict("interaction_ended", f"interaction {interaction_id} has already ended")
        interaction.state = "ended"
        interaction.ended_at = self._now()
        if ("engage.survives-interaction-end" not in self.faults
                and not self._voice(interaction, "voice-session-survives-interaction-end")):
            for history_id in interaction.history_ids:
                session = self.sessions[history_id]
                if session.live:
                    self._end(session, "interaction-ended", None)
        return interaction

    # -- sessions ----------------------------------------------------------------------
    def _new_token(self) -> str:
        while True:
            if "engage.short-token" in self.faults:
                token = f"{self._random.randrange(10**7, 10**8)}"
            else:
                token = f"{self._random.randrange(10**8, 10**9)}"
            if token not in self.live_tokens and token not in self.retired_tokens:
                return token

    def start_session(self, interaction_id: str, role: str) -> CobrowseSession:
        _check_role(role)
        interaction = self.interaction(interaction_id)
        if role == "customer" and "engage.customer-cannot-start" in self.faults:
            raise Forbidden("cannot_initiate", "co-browse sessions cannot be started")
        late_agent = ("engage.agent-may-initiate-after-a-session" in self.faults
                      and interaction.joined_sessions > 0)
        if role != "customer" and "engage.agent-may-initiate" not in self.faults \
                and not late_agent:
            raise Forbidden(
                "agent_cannot_initiate",
                "a co-browse session can only be initiated by the customer",
            )
        ended_ok = "engage.session-on-ended-interaction" in self.faults or self._voice(
            interaction, "session-on-ended-voice-interaction")
        if interaction.state != "live" and not ended_ok:
            raise Conflict(
                "interaction_not_live",
                f"interaction {interaction_id} has ended; the customer must be engaged in a "
                "live chat or voice interaction to start co-browsing",
            )
        for history_id in interaction.history_ids:
            if self.sessions[history_id].live:
                raise Conflict(
                    "session_already_live",
                    f"interaction {interaction_id} already has a live co-browse session",
                    sessionId=self.sessions[history_id].token,
                )
        now = self._now()
        token = self._new_token()
        if "engage.token-reused-on-same-interaction" in self.faults and interaction.history_ids:
            token = self.sessions[interaction.history_ids[-1]].token
        if ("engage.third-session-id-ten-digits" in self.faults
                and len(interaction.history_ids) >= 2):
            token = f"{self._random.randrange(10**9, 10**10)}"
        if "engage.ended-ids-reused" in self.faults:
            # Silent (GE-S-05): an ended session's ID may be given to a later session; this
            # variant reuses another interaction's, never one of this interaction's own.
            own = {self.sessions[h].token for h in interaction.history_ids}
            reusable = [t for t, h in self.retired_tokens.items() if t not in self.live_tokens
                        and t not in own and self.sessions[h].interaction_id != interaction_id]
            if reusable:
                token = reusable[0]
        if self._voice(interaction, "voice-new-session-reuses-token") and interaction.history_ids:
            token = self.sessions[interaction.history_ids[-1]].token
        if ("engage.third-session-creates-interaction" in self.faults
                and len(interaction.history_ids) >= 2):
            extra = Interaction(str(uuid.uuid4()), "cobrowse", interaction.customer_id,
                                interaction.agent_id, now, {})
            self._add_interaction(extra)
        if self._voice(interaction, "voice-keys-attached-at-start") and not interaction.history_ids:
            interaction.attached["CoBrowseAssociated"] = "Yes"
        session = CobrowseSession(
            history_id=str(uuid.uuid4()),
            token=token,
            interaction_id=interaction_id,
            created_at=now,
            last_activity=now,
            ordinal=next(self._ordinals),
        )
        if "engage.starts-in-write-mode" in self.faults:
            session.mode = "write"
        self.sessions[session.history_id] = session
        self.live_tokens[session.token] = session.history_id
        # A new list sized to fit (append, and [*ids, id], reserve room for three more).
        interaction.history_ids = interaction.history_ids + [session.history_id]  # noqa: RUF005
        self._schedule(session)
        return session

    def by_token(self, token: str) -> CobrowseSession:
        history_id = self.live_tokens.get(token)
        if history_id is None:
            if token in self.retired_tokens:
                raise Gone(
                    "session_ended",
                    f"session {token} has ended; it cannot be joined or reactivated",
                    historyId=self.retired_tokens[token],
                )
            raise NotFound("unknown_session", f"no live co-browse session {token!r}")
        return self.sessions[history_id]

    def lookup(self, token: str) -> CobrowseSession:
        """A live session by its ID, for reading (the broken variants differ here only)."""
        if "engage.token-lookup-broken" in self.faults:
            raise NotFound("unknown_session", f"no live co-browse session {token!r}")
        if "engage.reads-are-activity" in self.faults and token in self.live_tokens:
            # Silent (GE-S-09): which requests count as activity; this variant counts reads.
            read = self.by_token(token)
            if read.state == "active":
                self._touch(read)
        if "engage.token-valid-after-end" in self.faults and token in self.retired_tokens:
            return self.sessions[self.retired_tokens[token]]
        if (self._timed_out(token, "token-valid-after-timeout")
                and token not in self.live_tokens):
            return self.sessions[self.retired_tokens[token]]
        session = self.by_token(token)
        if self._voice(self.interactions[session.interaction_id], "token-lookup-broken-for-voice"):
            raise NotFound("unknown_session", f"no live co-browse session {token!r}")
        return session

    def _timed_out(self, token: str, fault: str) -> bool:
        """Whether a broken variant that only misbehaves after a timeout applies to ``token``."""
        history_id = self.retired_tokens.get(token)
        return (f"engage.{fault}" in self.faults and history_id is not None
                and self.sessions[history_id].end_reason in TIMEOUT_REASONS)

    def by_history(self, history_id: str) -> CobrowseSession:
        try:
            return self.sessions[history_id]
        except KeyError:
            raise NotFound("unknown_session", f"no co-browse session {history_id!r}") from None

    def join(self, token: str, agent_id: str) -> CobrowseSession:
        if (("engage.ended-session-rejoinable" in self.faults and token in self.retired_tokens)
                or (self._timed_out(token, "rejoin-after-timeout")
                    and token not in self.live_tokens)):
            session = self.sessions[self.retired_tokens.pop(token)]
            session.state, session.end_reason, session.ended_at = "idle", None, None
            self.live_tokens[token] = session.history_id
            self._schedule(session)
        session = self.by_token(token)
        interaction = self.interactions[session.interaction_id]
        if agent_id != interaction.agent_id:
            raise Forbidden(
                "not_the_interactions_agent",
                f"agent {agent_id!r} is not the agent of interaction {interaction.id}",
            )
        if session.state == "active":
            raise Conflict("already_joined", f"agent {agent_id} has already joined {token}")
        active = sum(
            1
            for s in map(self.sessions.__getitem__, _index_get(self._agent_active, agent_id))
            if not self._voice(self.interactions[s.interaction_id], "limit-ignores-voice-sessions")
        )
        limit = self.settings.agent_sessions_limit
        if "engage.limit-ignores-config" in self.faults:
            limit = 1
        if "engage.limit-off-by-one" in self.faults:
            limit += 1
        if active >= limit:
            self._deny(interaction)
            raise Conflict(
                "agent_session_limit",
                f"agent {agent_id} already participates in {active} co-browse session(s); "
                f"agentSessionsLimit is {self.settings.agent_sessions_limit}",
            )
        later = interaction.joined_sessions > 0
        if "IsCoBrowseDenied" in interaction.attached or (
            "engage.denied-flag-added-on-success" in self.faults
        ) or (later and "engage.later-join-adds-denied-no" in self.faults):
            if "engage.denied-flag-stays-yes" not in self.faults and not (
                    later and "engage.denied-flag-stays-yes-after-a-session" in self.faults):
                interaction.attached["IsCoBrowseDenied"] = "No"
        now = self._now()
        session.state = "active"
        session.agent_id = agent_id
        _index_add(self._agent_active, agent_id, session.history_id)
        session.activated_at = now
        session.last_activity = now
        session.mode = "write" if "engage.starts-in-write-mode" in self.faults or self._voice(
            interaction, "voice-starts-in-write-mode") else "pointer"
        self._attach_on_join(interaction, session)
        self._notify(interaction, "customer", "agent-joined", sessionId=session.token,
                     historyId=session.history_id, agentId=agent_id)
        return session

    def _deny(self, interaction: Interaction) -> None:
        """Source 000: IsCoBrowseDenied=Yes is attached if absent or set to Yes if attached."""
        data = interaction.attached
        interaction.refusals += 1
        if "engage.denied-flag-not-set" in self.faults and "IsCoBrowseDenied" not in data:
            return
        if interaction.joined_sessions > 0 and "IsCoBrowseDenied" not in data:
            if "engage.denied-flag-not-set-after-a-session" in self.faults:
                return
            if "engage.denied-lowercase-after-a-session" in self.faults:
                data["IsCoBrowseDenied"] = "yes"
                return
        if "engage.denied-flag-not-overwritten" in self.faults and "IsCoBrowseDenied" in data:
            return
        data["IsCoBrowseDenied"] = "yes" if "engage.denied-flag-lowercase" in self.faults else "Yes"

    def _attach_on_join(self, interaction: Interaction, session: CobrowseSession) -> None:
        data = interaction.attached
        first = interaction.joined_sessions == 0
        interaction.joined_sessions += 1
        # Broken variants named third-session-* misbehave from the third session of a chat on.
        third = ("engage.third-session-" if interaction.joined_sessions >= 3
                 and interaction.media == "chat" else "-")
        if interaction.media == "voice" and "engage.voice-not-attached" in self.faults:
            return
        if "engage.plugin-attaches-source" in self.faults:
            data.setdefault("source", "web")
        if not first and "engage.referrer-dropped-after-second-join" in self.faults:
            data.pop("referrer", None)
        if f"{third}custom-keys-dropped" in self.faults:
            for key in [k for k in data if k not in BROWSER_KEYS and not k.startswith("CoBrowse")
                        and k != "IsCoBrowseDenied"]:
                del data[key]
        if self._voice(interaction, "voice-source-rewritten-on-join") and "source" in data:
            data["source"] = "phone"
        skip_yes = ("engage.associated-not-set" if first
                    else "engage.associated-not-reset-on-new-session")
        skip_yes_off = (self._voice(interaction, "voice-later-session-associated-stays-no")
                        and not first) or (first and interaction.refusals > 0 and
                                           "engage.associated-not-set-after-refusal" in self.faults)
        if skip_yes not in self.faults and not skip_yes_off:
            data["CoBrowseAssociated"] = (
                "yes" if f"{third}associated-lowercase" in self.faults else "Yes")
        quantity = interaction.joined_sessions
        if "engage.quantity-counts-started-sessions" in self.faults:
            quantity = len(interaction.history_ids)  # legal: never-joined sessions count too
        if "engage.quantity-not-incremented" in self.faults:
            quantity = 1
        if f"{third}quantity-not-incremented" in self.faults:
            quantity -= 1
        if "engage.refused-join-counted" in self.faults:
            quantity += interaction.refusals
        data["CoBrowseSessionsQuantity"] = (
            str(quantity) if "engage.quantity-as-string" in self.faults
            or f"{third}quantity-as-string" in self.faults else quantity
        )
        keep_id = (first and ("engage.session-id-not-attached" in self.faults
                              or self._voice(interaction, "voice-session-id-not-attached"))
                   ) or f"{third}keeps-session-id" in self.faults
        if keep_id:
            pass
        elif first or "engage.session-id-not-updated" not in self.faults:
            data["CoBrowseSessionId"] = (session.token if "engage.session-id-is-live-id"
                                         in self.faults else session.history_id)
        begun = self._counted_from(session)
        started = str(epoch_ms(begun))
        if "engage.start-time-in-seconds" in self.faults or self._voice(
                interaction, "voice-start-time-in-seconds"):
            started = str(int(begun))
        if first or "engage.start-time-overwritten" in self.faults \
                or f"{third}overwrites-start-time" in self.faults:
            data["CoBrowseStartTime"] = started
        if "engage.extra-attached-data" in self.faults:
            # Legal variant (GE-S-11): keys the sources do not name, as a newer plugin adds.
            data["CoBrowseAgentId"] = session.agent_id or ""
            data["CoBrowseMedia"] = interaction.media

    def exit(self, token: str, role: str) -> CobrowseSession:
        _check_role(role)
        session = self.by_token(token)
        if role == "agent" and session.state != "active":
            raise Conflict("agent_not_joined", f"no agent has joined session {token}")
        if role == "customer" and "engage.customer-exit-ignored" in self.faults:
            return session
        if role == "agent" and "engage.agent-exit-ignored" in self.faults:
            return session
        interaction = self.interactions[session.interaction_id]
        if (role == "agent" and "engage.third-session-agent-exit-ignored" in self.faults
                and interaction.history_ids.index(session.history_id) >= 2):
            return session
        self._end(session, f"{role}-exit", role)
        return session

    def _end(self, session: CobrowseSession, reason: str, by: str | None) -> None:
        interaction = self.interactions[session.interaction_id]
        now = self._now()
        was_active = session.state == "active"
        session.state = "ended"
        session.ended_at = now
        session.end_reason = reason
        session.ended_by = by
        session.mode_request = None
        self.live_tokens.pop(session.token, None)
        self.retired_tokens[session.token] = session.history_id
        if was_active and session.agent_id is not None:
            self._release_agent(session.agent_id, session.history_id)
        self._unschedule(session)
        if was_active and (reason == "agent-exit"
                           or "engage.only-agent-exit-updates" not in self.faults):
            self._attach_on_exit(interaction, session)
        if reason in TIMEOUT_REASONS and "engage.source-attached-on-timeout" in self.faults:
            interaction.attached.setdefault("source", "web")
        for role in ROLES:
            if role == by:
                continue
            if "engage.no-end-notification" in self.faults:
                continue
            if by is not None and self._voice(interaction, "no-end-notification-on-voice"):
                continue
            self._notify(interaction, role, "session-ended", sessionId=session.token,
                         historyId=session.history_id, reason=reason, endedBy=by)

    def _counted_from(self, session: CobrowseSession) -> float:
        """The instant CoBrowseStartTime and the duration count from. Silent (GE-S-07): the
        reference counts from the join; the legal variant from the customer's request."""
        if "engage.counts-from-customer-start" in self.faults:
            return session.created_at
        return session.activated_at or session.created_at

    def _attach_on_exit(self, interaction: Interaction, session: CobrowseSession) -> None:
        # Silent: source 000 names the agent exiting; the reference applies the same update
        # whenever an active session ends, since the agent leaves it either way.
        assert session.activated_at is not None and session.ended_at is not None
        data = interaction.attached
        third = interaction.history_ids.index(session.history_id) >= 2
        if "engage.associated-stays-yes" not in self.faults and not (
                session.end_reason == "agent-exit"
                and self._voice(interaction, "voice-agent-exit-keeps-associated")):
            data["CoBrowseAssociated"] = "No"
        duration = session.ended_at - self._counted_from(session)
        if "engage.duration-not-summed" in self.faults or (
                third and "engage.third-session-duration-not-summed" in self.faults):
            interaction.duration_total = duration
        else:
            interaction.duration_total += duration
        total = interaction.duration_total
        if "engage.duration-in-ms" in self.faults or self._voice(
                interaction, "voice-duration-in-ms"):
            total *= 1000
        data["CoBrowseDuration"] = round(total)
        ended = str(epoch_ms(session.ended_at))
        if "engage.end-time-in-seconds" in self.faults or self._voice(
                interaction, "voice-end-time-in-seconds"):
            ended = str(int(session.ended_at))
        if third and "engage.third-session-end-time-not-updated" in self.faults:
            return
        if "CoBrowseEndTime" not in data or "engage.end-time-of-first-session" not in self.faults:
            data["CoBrowseEndTime"] = ended

    # -- presence, pointers, modes, actions -------------------------------------------------
    def _active(self, token: str, role: str) -> tuple[CobrowseSession, Interaction]:
        _check_role(role)
        session = self.by_token(token)
        if session.state != "active":
            raise Conflict("session_idle", f"session {token} is idle: no agent has joined yet")
        return session, self.interactions[session.interaction_id]

    def _touch(self, session: CobrowseSession) -> None:
        session.last_activity = self._now()

    def set_agent_presence(self, token: str, present: bool) -> CobrowseSession:
        session, _ = self._active(token, "agent")
        if present:
            if "engage.away-timer-not-reset" not in self.faults:
                session.agent_away_since = None
        elif session.agent_away_since is None:
            session.agent_away_since = self._now()
            self._schedule(session)  # the away timeout may come before the inactivity one
        if "engage.agent-away-ends-immediately" in self.faults and not present:
            self._end(session, "agent-away-timeout", None)
        self._touch(session)
        return session

    def pointer(self, token: str, role: str, x: float, y: float) -> None:
        session, interaction = self._active(token, role)
        self._touch(session)
        other = "agent" if role == "customer" else "customer"
        if f"engage.pointer-not-shared-to-{other}" in self.faults:
            return
        if session.mode == "write" and "engage.pointer-not-shared-in-write-mode" in self.faults:
            return
        if (role == "agent" and session.returned_to_pointer and session.mode == "pointer"
                and "engage.agent-pointer-not-shared-after-round-trip" in self.faults):
            return
        self._notify(interaction, other, "pointer", role=role, x=x, y=y, sessionId=token)

    def request_write_mode(self, token: str) -> dict[str, Any]:
        session, interaction = self._active(token, "agent")
        if session.mode == "write":
            raise Conflict("already_write_mode", f"session {token} is already in Write Mode")
        self._touch(session)
        request = {"requestId": str(uuid.uuid4()), "mode": "write", "state": "pending"}
        session.mode_request = request
        session.write_requests += 1
        if "engage.write-without-consent" in self.faults or (
                session.write_requests > 1
                and "engage.second-write-request-needs-no-consent" in self.faults):
            session.mode = "write"
            request["state"] = "accepted"
        self._notify(interaction, "customer", "mode-requested", sessionId=token,
                     requestId=request["requestId"], mode="write")
        return request

    def answer_mode_request(self, token: str, request_id: str, accept: bool) -> CobrowseSession:
        session, interaction = self._active(token, "customer")
        request = session.mode_request
        if request is None or request["requestId"] != request_id:
            raise NotFound("unknown_mode_request", f"no pending mode request {request_id!r}")
        if request["state"] != "pending":
            raise Conflict("mode_request_answered", f"mode request {request_id} was answered")
        self._touch(session)
        request["state"] = "accepted" if accept else "declined"
        if accept:
            session.mode = "write"
            session.write_grants += 1
        for role in ROLES:
            self._notify(interaction, role, "mode-changed" if accept else "mode-request-declined",
                         sessionId=token, mode=session.mode, requestId=request_id)
        return session

    def return_to_pointer(self, token: str, role: str) -> CobrowseSession:
        # Silent: the sources do not say how Write Mode ends; either party may return to
        # Pointer Mode, which only ever takes control away from the agent.
        session, interaction = self._active(token, role)
        if "engage.no-way-back-to-pointer" in self.faults:
            raise Conflict("no_way_back", "this deployment keeps Write Mode until the session "
                           "ends")
        self._touch(session)
        session.mode = "pointer"
        session.mode_request = None
        session.returned_to_pointer = True
        for r in ROLES:
            self._notify(interaction, r, "mode-changed", sessionId=token, mode="pointer")
        return session

    def share_page(self, token: str, page: dict[str, Any]) -> CobrowseSession:
        session = self.by_token(token)
        # Deep copies: typing changes the session's page, never the first page or the request.
        session.page = {
            "url": page["url"],
            "title": page.get("title", ""),
            "elements": check_elements(page["elements"]),
        }
        if session.first_page is None:
            session.first_page = {**session.page,
                                  "elements": check_elements(page["elements"])}
        interaction = self.interactions[session.interaction_id]
        for key, fault, value in (("url", "url-overwritten-by-shared-page", page["url"]),
                                  ("pageTitle", "page-title-overwritten-by-shared-page",
                                   page.get("title", ""))):
            if f"engage.{fault}" in self.faults and key in interaction.attached:
                interaction.attached[key] = value
        self._touch(session)
        if session.state == "active":
            interaction = self.interactions[session.interaction_id]
            self._notify(interaction, "agent", "page-updated", sessionId=token,
                         url=page["url"])
        return session

    def view(self, token: str, role: str) -> dict[str, Any]:
        _check_role(role)
        if ("engage.agent-view-after-end" in self.faults and token in self.retired_tokens) or (
                self._timed_out(token, "agent-view-after-timeout")
                and token not in self.live_tokens):
            session = self.sessions[self.retired_tokens[token]]
            return self._render(session, role)
        session = self.by_token(token)
        if role == "agent" and session.state != "active":
            raise Conflict("session_idle", f"session {token} is idle: no agent has joined yet")
        return self._render(session, role)

    def _render(self, session: CobrowseSession, role: str) -> dict[str, Any]:
        token = session.token
        if session.page is None or (role == "agent" and "engage.agent-view-empty" in self.faults):
            return {"sessionId": token, "mode": session.mode, "page": None}
        source = session.page
        if role == "agent" and "engage.agent-view-stale-after-second-page" in self.faults:
            source = session.first_page or source
        first = (session.first_page or source)["elements"]
        elements = self._shown(source["elements"], role, first, ())
        page = {"url": source["url"], "title": source["title"], "elements": elements}
        return {"sessionId": token, "mode": session.mode, "page": page}

    def _shown(self, elements: list[dict[str, Any]], role: str, first: list[dict[str, Any]],
               ancestors: Lineage) -> list[dict[str, Any]]:
        """The elements (children included) as ``role`` sees them: the agent a masked
        element's structure only, the customer which elements are hidden from the agent."""
        shown_elements = []
        for index, element in enumerate(elements):
            masked = self._restrictions.is_masked(element, ancestors)
            disabled = self._restrictions.is_disabled(element, ancestors)
            if role == "agent" and masked and "engage.masked-left-out-of-agent-view" in self.faults:
                continue  # legal variant (GE-S-10): not shown at all rather than shown blank
            if role == "agent":
                shown = self._agent_copy(element) if masked else dict(element)
                shown["masked"] = masked
                shown["disabled"] = disabled
            else:
                shown = dict(element)
                if ("engage.customer-mask-flags-stale-on-second-page" in self.faults
                        and not ancestors and index < len(first)):
                    masked = self._restrictions.is_masked(first[index])
                if "engage.customer-mask-flags-missing" not in self.faults:
                    shown["maskedForAgent"] = masked
                shown["disabledForAgent"] = disabled
            if isinstance(element.get("children"), list):
                shown["children"] = self._shown(element["children"], role, first,
                                                (*ancestors, element))
            shown_elements.append(shown)
        return shown_elements

    def _agent_copy(self, element: dict[str, Any]) -> dict[str, Any]:
        """A masked element as the agent sees it (the broken variants show more)."""
        if "engage.masked-value-visible-to-agent" in self.faults:
            return dict(element)
        shown = masked_copy(element)
        attributes = element.get("attributes")
        if isinstance(attributes, dict) and attributes and (
                is_password(element) and "engage.password-attributes-visible-to-agent"
                in self.faults):
            shown["attributes"] = dict(attributes)
        if isinstance(attributes, dict) and "engage.masked-title-visible-to-agent" in self.faults:
            shown["attributes"] = {**shown.get("attributes", {}), **{
                k: v for k, v in attributes.items() if str(k).lower() in ("title", "placeholder")}}
        return shown

    def act(self, token: str, role: str, action: dict[str, Any]) -> dict[str, Any]:
        """Perform a click, a typing or a navigation on the customer's page."""
        session, interaction = self._active(token, role)
        kind = action["type"]
        self._touch(session)
        if role == "agent" and session.mode != "write" and (
            "engage.pointer-mode-allows-agent-input" not in self.faults
        ) and not (session.returned_to_pointer
                   and "engage.agent-input-after-round-trip" in self.faults):
            raise Forbidden(
                "pointer_mode",
                f"session {token} is in Pointer Mode: the agent cannot type, click or navigate "
                "until the customer accepts Write Mode",
            )
        element: dict[str, Any] | None = None
        ancestors: Lineage = ()
        if kind in ("click", "type"):
            element, ancestors = self._element(session, action.get("elementId"))
        # A click on a Submit control or on anything inside one (HTML activates the button).
        submits = element is not None and kind == "click" and self._restrictions.is_submit(
            element, ancestors)
        masked = element is not None and self._restrictions.is_masked(element, ancestors)
        if role == "agent" and element is not None:
            if masked and "engage.masked-fields-refuse-agent-actions" in self.faults:
                # Legal variant (GE-S-10): refused outright rather than ignored.
                raise Forbidden("element_masked", "the element is masked from the agent")
            if self._agent_disabled(session, element, ancestors) and kind == "click":
                return {"performed": False, "reason": "element is disabled for the agent"}
            if masked and kind == "type" and (
                "engage.masked-field-editable-by-agent" not in self.faults
            ) and not (is_password(element)
                       and "engage.password-editable-by-agent" in self.faults):
                reason = "element is masked from the agent"
                if "engage.masked-value-in-refusal" in self.faults:
                    reason += f" (it holds {element.get('value', '')!r})"
                return {"performed": False, "reason": reason}
        if role == "customer" and element is not None and submits and (
                "engage.customer-submit-blocked" in self.faults or (
                    tag_of(element) == "input"
                    and "engage.customer-input-submit-blocked" in self.faults)):
            return {"performed": False, "reason": "element is disabled"}
        result = self._apply(session, kind, element, action, submits)
        if role == "agent" and "engage.agent-actions-not-replayed" not in self.faults and not (
                session.write_grants > 1
                and "engage.actions-not-replayed-after-second-write" in self.faults):
            replay = {"action": kind, "elementId": action.get("elementId")}
            if kind == "type":
                replay["text"] = action.get("text", "")
            if kind == "navigate":
                replay["url"] = action.get("url")
            self._notify(interaction, "customer", "agent-action", sessionId=token, **replay)
        if role == "customer":
            event: dict[str, Any] = {"action": kind, "elementId": action.get("elementId")}
            if kind == "type" and element is not None:
                if "engage.customer-typing-leaks-for-selector-masks" in self.faults:
                    masked = is_password(element)
                leak = "engage.masked-value-leaks-in-events" in self.faults
                event["text"] = MASK if masked and not leak else action.get("text", "")
            if kind == "navigate":
                event["url"] = action.get("url")
            self._notify(interaction, "agent", "customer-action", sessionId=token, **event)
        return result

    def _agent_disabled(self, session: CobrowseSession, element: dict[str, Any],
                        ancestors: Lineage) -> bool:
        """Whether the agent's clicks on ``element`` do nothing (the broken variants differ)."""
        if not self._restrictions.is_disabled(element, ancestors):
            return False
        if self._restrictions.is_submit(element, ancestors):
            return not (tag_of(element) == "input"
                        and "engage.agent-can-click-input-submit" in self.faults)
        first = {e["id"] for e, _ in walk((session.first_page or {"elements": []})["elements"])}
        return not ("engage.disabled-selectors-first-page-only" in self.faults
                    and element["id"] not in first)

    def _element(self, session: CobrowseSession, element_id: Any
                 ) -> tuple[dict[str, Any], Lineage]:
        """An element of the shared page, children included, with its ancestors."""
        if session.page is None:
            raise Conflict("no_page", "the customer has not shared a page yet")
        found = find(session.page["elements"], element_id)
        if found is None:
            raise NotFound("unknown_element", f"no element {element_id!r} on the shared page")
        return found

    def _apply(
        self,
        session: CobrowseSession,
        kind: str,
        element: dict[str, Any] | None,
        action: dict[str, Any],
        submits: bool,
    ) -> dict[str, Any]:
        assert session.page is not None or kind == "navigate"
        if kind == "type" and element is not None:
            element["value"] = action.get("text", "")
        elif element is not None and submits:
            session.submissions += ({"elementId": element["id"], "at": epoch_ms(self._now())},)
        elif kind == "navigate":
            url = action.get("url")
            if not isinstance(url, str) or not url:
                raise Invalid("invalid_action", "a navigate action needs a non-empty 'url'")
            if session.page is None:
                session.page = {"url": url, "title": "", "elements": []}
            else:
                session.page["url"] = url
        return {"performed": True, "submissions": len(session.submissions)}

    # -- time ----------------------------------------------------------------------------
    def tick(self) -> None:
        """End sessions whose inactivity or agent-away timeout has run out.

        Every request ticks its world, so a tick looks only at the timers that are due (a heap
        ordered by deadline): it costs the same with a hundred thousand ended sessions in the
        world as with none. Sessions due in one tick end in the order they were created, as
        when every session was walked."""
        now = self._now()
        timers = self._timers
        due: list[CobrowseSession] = []
        while timers and timers[0][0] <= now:
            at, history_id = heapq.heappop(timers)
            session = self.sessions.get(history_id)
            if session is None or session.timer_at != at:
                self._stale_timers = max(0, self._stale_timers - 1)
                continue
            session.timer_at = math.inf
            if session.live:
                due.append(session)
        for session in sorted(due, key=lambda s: s.ordinal):
            reason = self._timeout_reason(session, now)
            if reason is not None:
                self._end(session, reason, None)
            else:  # activity postponed it (or rounding): wait for the new deadline
                self._schedule(session, after=now)

    def _timeout_reason(self, session: CobrowseSession, now: float) -> str | None:
        """Which timeout has run out at ``now``, if any: the one judgement of expiry."""
        away_early = 0.5 if "engage.away-timeout-half-second-early" in self.faults else 0.0
        idle_early = (0.5 if "engage.inactivity-timeout-half-second-early" in self.faults
                      else 0.0)
        if (
            session.agent_away_since is not None
            and now - session.agent_away_since
            >= self.settings.agent_away_timeout_seconds - away_early
            and "engage.no-agent-away-timeout" not in self.faults
        ):
            return "agent-away-timeout"
        if (
            now - session.last_activity
            >= self.settings.inactivity_timeout_seconds - idle_early
            and "engage.no-inactivity-timeout" not in self.faults
        ):
            return "inactivity-timeout"
        return None

    def _deadline(self, session: CobrowseSession) -> float:
        """When the session's first timeout runs out (inf: never), a few units in the last
        place early, so that the heap never holds back what _timeout_reason would end."""
        deadline = math.inf
        if "engage.no-inactivity-timeout" not in self.faults:
            early = 0.5 if "engage.inactivity-timeout-half-second-early" in self.faults else 0.0
            deadline = session.last_activity + (self.settings.inactivity_timeout_seconds - early)
        if (session.agent_away_since is not None
                and "engage.no-agent-away-timeout" not in self.faults):
            early = 0.5 if "engage.away-timeout-half-second-early" in self.faults else 0.0
            deadline = min(deadline, session.agent_away_since
                           + (self.settings.agent_away_timeout_seconds - early))
        return deadline if deadline == math.inf else deadline - 4 * math.ulp(deadline)

    def _schedule(self, session: CobrowseSession, after: float | None = None) -> None:
        """Give a live session a timer entry at its deadline (later than ``after``), unless it
        has an earlier one: activity only postpones a deadline, which the earlier entry finds
        out when it is popped (lazy invalidation), so a touch costs nothing."""
        at = self._deadline(session)
        if after is not None and at <= after:
            at = math.nextafter(after, math.inf)
        if at >= session.timer_at:
            return
        if session.timer_at != math.inf:
            self._stale_timers += 1
        session.timer_at = at
        heapq.heappush(self._timers, (at, session.history_id))

    def _unschedule(self, session: CobrowseSession) -> None:
        """An ended session's timer entry goes stale; the heap is compacted once stale
        entries are half of it, so it holds about as many entries as live sessions."""
        if session.timer_at == math.inf:
            return
        session.timer_at = math.inf
        self._stale_timers += 1
        if self._stale_timers > 64 and 2 * self._stale_timers > len(self._timers):
            self._timers = [entry for entry in self._timers if self._valid_timer(entry)]
            heapq.heapify(self._timers)
            self._stale_timers = 0

    def _valid_timer(self, entry: tuple[float, str]) -> bool:
        session = self.sessions.get(entry[1])
        return session is not None and session.timer_at == entry[0] and session.live

    def _reschedule_all(self) -> None:
        """New timeouts move every live session's deadline: rebuild the heap from itself."""
        live = {entry[1]: self.sessions[entry[1]] for entry in self._timers
                if self._valid_timer(entry)}
        self._timers, self._stale_timers = [], 0
        for session in live.values():
            session.timer_at = math.inf
            self._schedule(session)

    def _release_agent(self, agent_id: str, history_id: str) -> None:
        active = _index_get(self._agent_active, agent_id)
        if history_id in active:
            _index_put(self._agent_active, agent_id, [h for h in active if h != history_id])

    def feed(self, interaction_id: str, role: str, after: int = 0) -> list[dict[str, Any]]:
        """The party's events after ``after``, found by bisection: a feed is in seq order."""
        _check_role(role)
        events = self.interaction(interaction_id).feeds.get(role, [])
        start = bisect_right(events, after, key=_seq_of)
        return [e.as_dict() for e in events[start:]]


def _seq_of(event: Event) -> int:
    return event.seq


#: Ids per party (an agent, a customer), oldest first. A party with one id holds the id
#: itself: most parties have one, and a list would cost some 90 bytes more per live session.
PartyIndex = dict[str, "str | list[str]"]


def _index_get(index: PartyIndex, party: str) -> list[str]:
    held = index.get(party)
    if held is None:
        return []
    return [held] if isinstance(held, str) else held


def _index_add(index: PartyIndex, party: str, item: str) -> None:
    held = index.get(party)
    if held is None:
        index[party] = item
    elif isinstance(held, str):
        index[party] = [held, item]
    else:
        held.append(item)


def _index_put(index: PartyIndex, party: str, items: list[str]) -> None:
    if not items:
        index.pop(party, None)
    else:
        index[party] = items[0] if len(items) == 1 else items


def _check_role(role: str) -> None:
    if role not in ROLES:
        raise Invalid("invalid_role", f"role must be 'customer' or 'agent', not {role!r}")
