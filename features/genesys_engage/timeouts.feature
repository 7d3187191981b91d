Feature: Genesys Co-browse sessions end after pre-configured timeouts
  Source 002: sessions terminate due to inactivity after a pre-configured
  timeout, and when the agent leaves the session page and does not return
  within the pre-configured timeout. The target's clock is moved, not waited for.

  Background:
    Given a live chat interaction between a customer and an agent

  @rule:GE-002-31 @needs:clock @needs:configure
  Scenario: An inactive session ends when the inactivity timeout expires
    Given the inactivity timeout is 300 seconds
    And the customer has started a co-browse session
    And the agent has joined the session
    When 299 seconds pass
    Then the session is still live
    When 2 seconds pass
    Then the session has ended because of "inactivity-timeout"

  @rule:GE-002-32 @needs:clock @needs:configure
  Scenario: The session ends when the agent stays away longer than the timeout
    Given the agent return timeout is 60 seconds
    And the customer has started a co-browse session
    And the agent has joined the session
    When the agent leaves the session page
    And 59 seconds pass
    Then the session is still live
    When the agent returns to the session page
    And the agent leaves the session page
    And 59 seconds pass
    Then the session is still live
    When 2 seconds pass
    Then the session has ended because of "agent-away-timeout"
