Feature: Time line, wrap-up and after-call work of a co-browse communication
  Sources 003 and 004: "segments: The time line of the participant's call,
  divided into activity segments.", "wrapup: Call wrap up or disposition
  data.", "afterCallWork: After-call work for the communication." and
  "afterCallWorkRequired: Indicates if after-call work is required for a
  communication." (003: Array<Segment>, BOOLEAN; 004: List<Segment>, Boolean.)

  Background:
    Given a Genesys Cloud conversation between a customer and an agent
    And the customer has started co-browsing
    And the agent has joined the co-browse session

  @rule:GC-003-20
  Scenario: segments is a list of activity segments from offer to wrap-up
    When the agent leaves the co-browse session
    And the agent wraps up with code "resolved" and notes "form completed together"
    Then segments is a list of Segment objects that make up the co-browse communication's time line

  @rule:GC-004-18
  Scenario: The time line runs forward through control, end and wrap-up
    When the agent asks for control of the shared page
    And the customer grants the agent control
    And the customer leaves the co-browse session
    And the agent wraps up with code "resolved" and notes "form completed together"
    Then segments is a list of Segment objects that make up the co-browse communication's time line

  @rule:GC-003-21
  Scenario: The agent's wrap-up is on the agent's communication
    When the agent leaves the co-browse session
    And the agent wraps up with code "resolved" and notes "form completed together"
    Then the agent's co-browse communication carries the wrap-up with code "resolved" and notes "form completed together"

  @rule:GC-004-19
  Scenario: The wrap-up of a session the customer ended is the agent's disposition
    When the customer leaves the co-browse session
    And the agent wraps up with code "follow-up" and notes "customer left before submitting"
    Then the agent's co-browse communication carries the wrap-up with code "follow-up" and notes "customer left before submitting"

  @rule:GC-003-22
  Scenario: After-call work is an AfterCallWork object
    When the agent leaves the co-browse session
    And the agent wraps up with code "resolved" and notes "form completed together"
    Then afterCallWork is an AfterCallWork object wherever it appears, no longer pending once the agent wrapped up

  @rule:GC-004-20
  Scenario: After-call work ends with the wrap-up
    When the customer leaves the co-browse session
    And the agent wraps up with code "resolved" and notes "form completed together"
    Then afterCallWork is an AfterCallWork object wherever it appears, no longer pending once the agent wrapped up

  @rule:GC-003-23
  Scenario: afterCallWorkRequired is a BOOLEAN
    When the agent leaves the co-browse session
    And the agent wraps up with code "resolved" and notes "form completed together"
    Then afterCallWorkRequired is a boolean wherever it appears

  @rule:GC-004-21
  Scenario: afterCallWorkRequired is a Boolean throughout the life cycle
    When the agent asks for control of the shared page
    And the customer grants the agent control
    And the customer leaves the co-browse session
    Then afterCallWorkRequired is a boolean wherever it appears
