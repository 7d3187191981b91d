Feature: Readings taken after time passed with no event
  Nothing a communication says may move with the clock alone: providerEventTime
  is the time of the latest event, startAlertingTime and disconnectedTime are
  fixed once set. The rule oracles compare these readings with the earlier ones.

  Background:
    Given a Genesys Cloud conversation between a customer and an agent

  @rule:GC-004-27 @needs:configure @needs:clock
  Scenario: A live session read after quiet minutes
    Given the co-browse inactivity timeout is 600 seconds
    When the customer starts co-browsing
    And the conversation is read again after 45 seconds with nothing happening
    And the agent joins the co-browse session
    And the conversation is read again after 45 seconds with nothing happening
    And the agent asks for control of the shared page
    And the customer grants the agent control
    And the conversation is read again after 45 seconds with nothing happening
    Then every initialState is a value of InitialStateEnum

  @rule:GC-003-19 @needs:clock
  Scenario: An ended session read after quiet minutes, then wrapped up
    When the customer starts co-browsing
    And the agent joins the co-browse session
    And the customer leaves the co-browse session
    And the conversation is read again after 45 seconds with nothing happening
    And the agent wraps up with code "resolved" and notes "after a pause"
    Then the peerId of each co-browse communication is the id of the other communication of its session
