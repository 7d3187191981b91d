Feature: Genesys Co-browse sessions: initiation, identifiers, life cycle
  Source 002 "Genesys Co-browse sessions". A session is initiated by the
  customer on a live chat or voice interaction, is idle until the agent joins,
  is active then, and ends for good when either party exits.

  Background:
    Given a live chat interaction between a customer and an agent

  @rule:GE-002-01
  Scenario: A customer's request to co-browse initiates a session
    When the customer starts a co-browse session
    Then the session is created

  @rule:GE-002-10 @rule:GE-002-11
  Scenario: An agent cannot start a co-browse session
    When the agent tries to start a co-browse session
    Then the request is refused

  @rule:GE-002-13
  Scenario: A customer whose interaction has ended cannot start a session
    Given the primary interaction has ended
    When the customer tries to start a co-browse session
    Then the request is refused

  @rule:GE-002-13
  Scenario: A customer on a voice call can start a session
    Given a live voice interaction between a customer and an agent
    When the customer starts a co-browse session
    Then the session is created

  @rule:GE-002-02
  Scenario: A session stays idle until the agent joins, then it is active
    Given the customer has started a co-browse session
    Then the session is "idle"
    When the agent joins the session
    Then the session is "active"

  @rule:GE-002-07
  Scenario: A live session can be tracked by its identifier
    Given the customer has started a co-browse session
    And the agent has joined the session
    Then the session can be tracked by its ID

  @rule:GE-002-08
  Scenario: The session ID is a sequence of nine digits
    When the customer starts a co-browse session
    Then the session ID is a sequence of nine digits

  @rule:GE-002-09
  Scenario: The session ID applies only to the live session
    Given the customer has started a co-browse session
    And the agent has joined the session
    When the customer exits the session
    Then the session ID no longer refers to a session

  @rule:GE-002-14
  Scenario: Once established, the agent sees the customer's browser
    Given the customer has started a co-browse session
    And the customer shares the loan application page
    When the agent joins the session
    Then the agent sees the customer's page

  @rule:GE-002-03 @rule:GE-002-25 @rule:GE-002-26
  Scenario: The customer can end the session by exiting
    Given the customer has started a co-browse session
    And the agent has joined the session
    When the customer exits the session
    Then the session has ended because of "customer-exit"

  @rule:GE-002-03 @rule:GE-002-25 @rule:GE-002-26
  Scenario: The agent can end the session by exiting
    Given the customer has started a co-browse session
    And the agent has joined the session
    When the agent exits the session
    Then the session has ended because of "agent-exit"

  @rule:GE-002-28
  Scenario: The agent is notified when the customer exits
    Given the customer has started a co-browse session
    And the agent has joined the session
    When the customer exits the session
    Then the agent is notified that the session has ended

  @rule:GE-002-28
  Scenario: The customer is notified when the agent exits
    Given the customer has started a co-browse session
    And the agent has joined the session
    When the agent exits the session
    Then the customer is notified that the session has ended

  @rule:GE-002-29
  Scenario: After the session ends the agent no longer sees the customer's browser
    Given the customer has started a co-browse session
    And the customer shares the loan application page
    And the agent has joined the session
    When the customer exits the session
    Then the agent no longer sees the customer's page

  @rule:GE-002-04 @rule:GE-002-05 @rule:GE-002-33
  Scenario: An ended session cannot be re-joined; a new one must be initiated
    Given the customer has started a co-browse session
    And the agent has joined the session
    And the agent has exited the session
    When the agent tries to join the ended session again
    Then the request is refused
    When the customer starts a co-browse session
    Then the session is created

  @rule:GE-002-34
  Scenario: A new session gets a new session identifier
    Given the customer has started a co-browse session
    And the agent has joined the session
    And the customer has exited the session
    When the customer starts a co-browse session
    Then the new session has a new session ID

  @rule:GE-002-30
  Scenario: Ending the primary interaction terminates the co-browse session
    Given the customer has started a co-browse session
    And the agent has joined the session
    When the primary interaction ends
    Then the session has ended because of "interaction-ended"
