Feature: Why a co-browse communication disconnected
  Sources 003 and 004: "disconnectType: System defined string indicating what
  caused the communication to disconnect. Will be null until the communication
  disconnects." 003 types it as a String, 004 as DisconnectTypeEnum.

  Background:
    Given a Genesys Cloud conversation between a customer and an agent

  @rule:GC-003-08
  Scenario: disconnectType is null until the communications disconnect, then a string
    When the customer starts co-browsing
    And the agent joins the co-browse session
    And the customer leaves the co-browse session
    Then disconnectType is null until a co-browse communication disconnects, then a string saying why

  @rule:GC-004-05
  Scenario: disconnectType is null while the session lives and set once it has ended
    When the customer starts co-browsing
    And the agent joins the co-browse session
    And the agent asks for control of the shared page
    And the customer grants the agent control
    And the agent leaves the co-browse session
    Then disconnectType is null until a co-browse communication disconnects, and set once it has

  @rule:GC-004-04
  Scenario: The customer leaving: each communication that disconnected names a cause
    When the customer starts co-browsing
    And the agent joins the co-browse session
    And the customer leaves the co-browse session
    Then the disconnectType of the customer's co-browse communication names a cause once it disconnected
    And the disconnectType of the agent's co-browse communication names a cause once it disconnected

  @rule:GC-004-04
  Scenario: The agent leaving: each communication that disconnected names a cause
    When the customer starts co-browsing
    And the agent joins the co-browse session
    And the agent leaves the co-browse session
    Then the disconnectType of the agent's co-browse communication names a cause once it disconnected
    And the disconnectType of the customer's co-browse communication names a cause once it disconnected

  @rule:GC-004-04 @needs:configure @needs:clock
  Scenario: An idle session times out
    Given the co-browse inactivity timeout is 60 seconds
    When the customer starts co-browsing
    And the agent joins the co-browse session
    And the co-browse session stays idle for 61 seconds
    Then the disconnectType of the customer's co-browse communication names a cause once it disconnected
    And the disconnectType of the agent's co-browse communication names a cause once it disconnected

  @rule:GC-004-04
  Scenario: The system ends the co-browse session when the conversation ends
    When the customer starts co-browsing
    And the agent joins the co-browse session
    And the whole Genesys Cloud conversation ends
    Then the disconnectType of the customer's co-browse communication names a cause once it disconnected
    And the disconnectType of the agent's co-browse communication names a cause once it disconnected

  @rule:GC-004-26
  Scenario: The parties leaving give DisconnectTypeEnum values
    When the customer starts co-browsing
    And the agent joins the co-browse session
    And the customer leaves the co-browse session
    And the customer starts co-browsing again
    And the agent joins the co-browse session
    And the agent leaves the co-browse session
    Then every disconnectType is a value of DisconnectTypeEnum

  @rule:GC-004-26 @needs:configure @needs:clock
  Scenario: A timeout gives a DisconnectTypeEnum value
    Given the co-browse inactivity timeout is 60 seconds
    When the customer starts co-browsing
    And the agent joins the co-browse session
    And the co-browse session stays idle for 61 seconds
    Then every disconnectType is a value of DisconnectTypeEnum

  @rule:GC-004-26
  Scenario: The conversation ending gives a DisconnectTypeEnum value
    When the customer starts co-browsing
    And the whole Genesys Cloud conversation ends
    Then every disconnectType is a value of DisconnectTypeEnum
