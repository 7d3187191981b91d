Feature: ACME's own co-browse requirements, checked with the project's steps

  @rule:ACME-VOICE-1
  Scenario: A voice customer's session waits for the agent, reaches Write Mode, stays active
    Given a live voice interaction between a customer and an agent
    And the customer has started a co-browse session
    Then the session is "idle"
    When the agent joins the session
    And the session is brought into Write Mode
    Then the session is "active"
