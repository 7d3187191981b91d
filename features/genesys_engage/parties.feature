@needs:parties
Feature: Parties are who they say
  Source 002: "A co-browse session can only be initiated by a customer"; Write Mode
  needs the customer to accept the agent's request; the session waits for the agent
  of the customer's interaction; masked fields are hidden from the agent. A target
  with the parties capability issues each party a credential when the interaction is
  created (partyCredentials) and takes the party acting from the credential presented
  (X-Conformance-Party), never from the role a request claims. Here one party presents
  its own credential while claiming to be the other, or acts in an interaction that is
  not its own.

  Background:
    Given a live chat interaction between a customer and an agent

  @rule:GE-002-10 @rule:GE-002-11
  Scenario: The agent's credential claiming to be the customer cannot start a session
    When the agent, presenting its own credential, tries to start a co-browse session as the customer
    Then the claim is refused

  @rule:GE-002-39
  Scenario: The agent cannot accept its own Write Mode request; the customer can
    Given the customer has started a co-browse session
    And the customer shares the loan application page
    And the agent has joined the session
    When the agent requests Write Mode
    And the agent, presenting its own credential, tries to accept the request
    Then the session is in "pointer" mode
    When the customer accepts the request
    Then the session is in "write" mode

  @rule:GE-002-48
  Scenario: The agent's credential claiming to be the customer reads no masked value
    Given the customer has started a co-browse session
    And the customer shares the loan application page
    And the agent has joined the session
    When the agent, presenting its own credential, tries to read the customer's view
    Then the answer holds no masked value of the page

  @rule:GE-002-02
  Scenario: Another agent cannot join the session in this interaction's agent's name
    Given another live chat interaction "B" with another agent
    And the customer has started a co-browse session
    When the agent of "B", presenting its own credential, tries to join the session
    Then the session is "idle"
