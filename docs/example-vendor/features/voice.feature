Feature: ACME's own co-browse requirements, checked with the project's steps

  @rule:ACME-VOICE-1
  Scenario: A voice customer's session reaches Write Mode and stays active
    Given a live voice interaction between a customer and an agent
    And the customer has started a co-browse session
    And the agent has joined the session
    And the session is in Write Mode
    Then the session is "active"
