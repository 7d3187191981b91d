@needs:configure
Feature: Simultaneous session limits and IsCoBrowseDenied
  Source 002: an agent is limited to handling one co-browse session at a time.
  Source 000: the agentSessionsLimit option configures how many simultaneous
  sessions an agent can participate in, and IsCoBrowseDenied records refusals.

  Background:
    Given a live chat interaction between a customer and an agent
    And another live chat interaction "B" with the same agent
    And the agent is allowed 1 simultaneous sessions

  @rule:GE-002-06
  Scenario: With the one-session limitation enabled an agent handles one session at a time
    Given the customer of "B" has started a session that the agent joined
    And the customer has started a co-browse session
    When the agent tries to join the session
    Then the join is refused
    And the documented discrepancy is noted: "GE-002-06/GE-000-47: source 002 limits an agent to one session at a time, source 000 makes the number configurable (agentSessionsLimit); the harness enables the one-session limitation (agentSessionsLimit 1) rather than assuming it is the default"

  @rule:GE-000-47
  Scenario: agentSessionsLimit sets how many sessions an agent may join at once
    Given the agent is allowed 2 simultaneous sessions
    And another live chat interaction "C" with the same agent
    And the customer of "B" has started a session that the agent joined
    And the customer has started a co-browse session
    When the agent tries to join the session
    Then the join succeeds
    When the agent tries to join the session of "C"
    Then the join is refused

  @rule:GE-000-26 @rule:GE-000-27 @rule:GE-000-48
  Scenario: A refused session attaches IsCoBrowseDenied=Yes when it is absent
    Given the customer of "B" has started a session that the agent joined
    And the customer has started a co-browse session
    Then the attached "IsCoBrowseDenied" is absent
    When the agent tries to join the session
    Then the attached "IsCoBrowseDenied" is "Yes"
    And the attached "IsCoBrowseDenied" conforms to the attached-data schema

  @rule:GE-000-28 @rule:GE-000-49
  Scenario: An allowed session sets IsCoBrowseDenied=No when it is already attached
    Given the customer of "B" has started a session that the agent joined
    And the customer has started a co-browse session
    And the agent was refused the session
    When the agent exits the session of "B"
    And the agent joins the session
    Then the attached "IsCoBrowseDenied" is "No"

  @rule:GE-000-27 @rule:GE-000-48
  Scenario: A refused session sets an attached IsCoBrowseDenied back to Yes
    Given the customer of "B" has started a session that the agent joined
    And the customer has started a co-browse session
    And the agent was refused the session
    And the agent exits the session of "B"
    And the agent has joined the session
    And the attached "IsCoBrowseDenied" has become "No"
    And the agent has exited the session
    And the customer of "B" has started a session that the agent joined
    And the customer has started a co-browse session
    When the agent tries to join the session
    Then the attached "IsCoBrowseDenied" is "Yes"

  @rule:GE-000-29 @rule:GE-000-50
  Scenario: An allowed session leaves an absent IsCoBrowseDenied absent
    Given the customer has started a co-browse session
    When the agent joins the session
    Then the attached "IsCoBrowseDenied" is absent
