Feature: Ways a co-browse session ends
  Both parties leaving, in either order; the conversation ending while the
  session lives; a Platform API client disconnecting the conversation or the
  agent's communication. Whether one party leaving ends the session for the
  other is not said by the sources: a second leave may be accepted or refused.

  Background:
    Given a Genesys Cloud conversation between a customer and an agent
    And the customer has started co-browsing
    And the agent has joined the co-browse session

  @rule:GC-003-08
  Scenario: The customer leaves, then the agent
    When the customer leaves the co-browse session
    And the agent leaves the co-browse session too
    Then disconnectType is null until a co-browse communication disconnects, then a string saying why

  @rule:GC-004-05
  Scenario: The agent leaves, then the customer
    When the agent leaves the co-browse session
    And the customer leaves the co-browse session too
    Then disconnectType is null until a co-browse communication disconnects, and set once it has

  @rule:GC-004-02
  Scenario: The conversation ends while the agent has control
    When the agent asks for control of the shared page
    And the customer grants the agent control
    And the whole Genesys Cloud conversation ends
    Then the state of each co-browse communication follows the session: alerting when offered, connected when joined, disconnected when ended

  @rule:GC-003-06
  Scenario: A Platform API client disconnects the co-browse conversation
    When a Platform API client disconnects the co-browse conversation
    Then the state of every co-browse communication is a string at every step

  @rule:GC-004-21
  Scenario: The agent hangs up and wraps up through the Platform API
    When the agent disconnects their co-browse communication through the Platform API
    And the agent wraps up through the Platform API with code "resolved" and notes "done by API"
    Then afterCallWorkRequired is a boolean wherever it appears
