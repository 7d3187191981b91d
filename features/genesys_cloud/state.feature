Feature: The connection state of a co-browse communication
  Sources 003 and 004: "state: The connection state of this communication."
  003 types it as a String; 004 as StateEnum and adds initialState
  (InitialStateEnum, the same values). The customer's communication connects
  when they start sharing; the agent's alerts until the agent joins; both
  disconnect when the session ends.

  Background:
    Given a Genesys Cloud conversation between a customer and an agent

  @rule:GC-003-06
  Scenario: The state is a string at every step of the life cycle
    When the customer starts co-browsing
    And the agent joins the co-browse session
    And the customer leaves the co-browse session
    Then the state of every co-browse communication is a string at every step

  @rule:GC-004-02
  Scenario: The state follows the co-browse session from offer to end
    When the customer starts co-browsing
    And the agent joins the co-browse session
    And the agent asks for control of the shared page
    And the customer grants the agent control
    And the customer leaves the co-browse session
    Then the state of each co-browse communication follows the session: alerting when offered, connected when joined, disconnected when ended

  @rule:GC-004-24
  Scenario: Every state a joined session goes through is a StateEnum value
    When the customer starts co-browsing
    And the agent joins the co-browse session
    And the agent leaves the co-browse session
    Then every state is a value of StateEnum

  @rule:GC-004-24 @needs:configure @needs:clock
  Scenario: A session that times out before the agent joins has StateEnum states only
    Given the co-browse inactivity timeout is 60 seconds
    When the customer starts co-browsing
    And the co-browse session stays idle for 61 seconds
    Then every state is a value of StateEnum

  @rule:GC-004-23
  Scenario: The initial state is the state a communication began in, and it stays
    When the customer starts co-browsing
    And the agent joins the co-browse session
    And the customer leaves the co-browse session
    Then each co-browse communication's initialState is the state it began in and never changes

  @rule:GC-004-27
  Scenario: Every initial state is an InitialStateEnum value
    When the customer starts co-browsing
    And the agent joins the co-browse session
    And the agent leaves the co-browse session
    Then every initialState is a value of InitialStateEnum
