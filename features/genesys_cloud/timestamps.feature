Feature: Timestamps of a co-browse communication
  Sources 003 and 004 give four date-times: providerEventTime, startAlertingTime,
  connectedTime and disconnectedTime, "represented as an ISO-8601 string".
  003's example is yyyy-MM-ddTHH:mm:ss.SSSZ (milliseconds required); 004's is
  yyyy-MM-ddTHH:mm:ss[.mmm]Z (milliseconds optional). Each form is checked
  against its own source; what each timestamp means is checked against the
  target's clock, moved between the parties' actions.

  Background:
    Given a Genesys Cloud conversation between a customer and an agent

  @rule:GC-003-14
  Scenario: providerEventTime is written as source 003 shows it
    When the customer starts co-browsing
    And the agent joins the co-browse session
    And the agent asks for control of the shared page
    And the customer grants the agent control
    And the customer leaves the co-browse session
    Then every providerEventTime is written yyyy-MM-ddTHH:mm:ss.SSSZ

  @rule:GC-003-14 @needs:clock
  Scenario: providerEventTime means what source 003 says
    When the customer starts co-browsing
    And 10 seconds pass
    And the agent joins the co-browse session
    And 10 seconds pass
    And the agent asks for control of the shared page
    And the customer grants the agent control
    And 10 seconds pass
    And the agent leaves the co-browse session
    Then every providerEventTime is the time of the latest event of its co-browse session

  @rule:GC-004-12
  Scenario: providerEventTime is written as source 004 shows it
    When the customer starts co-browsing
    And the agent joins the co-browse session
    And the agent asks for control of the shared page
    And the customer grants the agent control
    And the customer leaves the co-browse session
    Then every providerEventTime is written yyyy-MM-ddTHH:mm:ss[.mmm]Z

  @rule:GC-004-12 @needs:clock
  Scenario: providerEventTime means what source 004 says
    When the customer starts co-browsing
    And 10 seconds pass
    And the agent joins the co-browse session
    And 10 seconds pass
    And the agent asks for control of the shared page
    And the customer grants the agent control
    And 10 seconds pass
    And the agent leaves the co-browse session
    Then every providerEventTime is the time of the latest event of its co-browse session

  @rule:GC-003-15
  Scenario: startAlertingTime is written as source 003 shows it
    When the customer starts co-browsing
    And the agent joins the co-browse session
    And the agent asks for control of the shared page
    And the customer grants the agent control
    And the customer leaves the co-browse session
    Then every startAlertingTime is written yyyy-MM-ddTHH:mm:ss.SSSZ

  @rule:GC-003-15 @needs:clock
  Scenario: startAlertingTime means what source 003 says
    When the customer starts co-browsing
    And 10 seconds pass
    And the agent joins the co-browse session
    And 10 seconds pass
    And the agent asks for control of the shared page
    And the customer grants the agent control
    And 10 seconds pass
    And the agent leaves the co-browse session
    Then every startAlertingTime is when the agent's co-browse communication was offered, and never changes

  @rule:GC-004-13
  Scenario: startAlertingTime is written as source 004 shows it
    When the customer starts co-browsing
    And the agent joins the co-browse session
    And the agent asks for control of the shared page
    And the customer grants the agent control
    And the customer leaves the co-browse session
    Then every startAlertingTime is written yyyy-MM-ddTHH:mm:ss[.mmm]Z

  @rule:GC-004-13 @needs:clock
  Scenario: startAlertingTime means what source 004 says
    When the customer starts co-browsing
    And 10 seconds pass
    And the agent joins the co-browse session
    And 10 seconds pass
    And the agent asks for control of the shared page
    And the customer grants the agent control
    And 10 seconds pass
    And the agent leaves the co-browse session
    Then every startAlertingTime is when the agent's co-browse communication was offered, and never changes

  @rule:GC-003-16
  Scenario: connectedTime is written as source 003 shows it
    When the customer starts co-browsing
    And the agent joins the co-browse session
    And the agent asks for control of the shared page
    And the customer grants the agent control
    And the customer leaves the co-browse session
    Then every connectedTime is written yyyy-MM-ddTHH:mm:ss.SSSZ

  @rule:GC-003-16 @needs:clock
  Scenario: connectedTime means what source 003 says
    When the customer starts co-browsing
    And 10 seconds pass
    And the agent joins the co-browse session
    And 10 seconds pass
    And the agent asks for control of the shared page
    And the customer grants the agent control
    And 10 seconds pass
    And the agent leaves the co-browse session
    Then every connectedTime is when its co-browse communication connected, never before it alerted

  @rule:GC-004-14
  Scenario: connectedTime is written as source 004 shows it
    When the customer starts co-browsing
    And the agent joins the co-browse session
    And the agent asks for control of the shared page
    And the customer grants the agent control
    And the customer leaves the co-browse session
    Then every connectedTime is written yyyy-MM-ddTHH:mm:ss[.mmm]Z

  @rule:GC-004-14 @needs:clock
  Scenario: connectedTime means what source 004 says
    When the customer starts co-browsing
    And 10 seconds pass
    And the agent joins the co-browse session
    And 10 seconds pass
    And the agent asks for control of the shared page
    And the customer grants the agent control
    And 10 seconds pass
    And the agent leaves the co-browse session
    Then every connectedTime is when its co-browse communication connected, never before it alerted

  @rule:GC-003-17
  Scenario: disconnectedTime is written as source 003 shows it
    When the customer starts co-browsing
    And the agent joins the co-browse session
    And the agent asks for control of the shared page
    And the customer grants the agent control
    And the customer leaves the co-browse session
    Then every disconnectedTime is written yyyy-MM-ddTHH:mm:ss.SSSZ

  @rule:GC-003-17 @needs:clock
  Scenario: disconnectedTime means what source 003 says
    When the customer starts co-browsing
    And 10 seconds pass
    And the agent joins the co-browse session
    And 10 seconds pass
    And the agent asks for control of the shared page
    And the customer grants the agent control
    And 10 seconds pass
    And the agent leaves the co-browse session
    Then every disconnectedTime is when its co-browse communication disconnected, and absent until then

  @rule:GC-004-15
  Scenario: disconnectedTime is written as source 004 shows it
    When the customer starts co-browsing
    And the agent joins the co-browse session
    And the agent asks for control of the shared page
    And the customer grants the agent control
    And the customer leaves the co-browse session
    Then every disconnectedTime is written yyyy-MM-ddTHH:mm:ss[.mmm]Z

  @rule:GC-004-15 @needs:clock
  Scenario: disconnectedTime means what source 004 says
    When the customer starts co-browsing
    And 10 seconds pass
    And the agent joins the co-browse session
    And 10 seconds pass
    And the agent asks for control of the shared page
    And the customer grants the agent control
    And 10 seconds pass
    And the agent leaves the co-browse session
    Then every disconnectedTime is when its co-browse communication disconnected, and absent until then
