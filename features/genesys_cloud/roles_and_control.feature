Feature: Roles and control in a co-browse session
  Sources 003 and 004: "cobrowseRole: ... a client is a sharer or a viewer"
  and "controlling: ID of co-browse participants for which this client has
  been granted control (list is empty if this client cannot control any shared
  pages)". The customer shares; the agent views and points (Pointer Mode) until
  the customer grants control (Write Mode).

  Background:
    Given a Genesys Cloud conversation between a customer and an agent

  @rule:GC-003-11
  Scenario: The customer is the sharer and the agent the viewer
    When the customer starts co-browsing
    And the agent joins the co-browse session
    And the agent leaves the co-browse session
    Then the customer's co-browse communication is the sharer and the agent's the viewer

  @rule:GC-004-08
  Scenario: A role is either "sharer" or "viewer"
    When the customer starts co-browsing
    And the agent joins the co-browse session
    And the agent leaves the co-browse session
    Then every cobrowseRole is "sharer" or "viewer"

  @rule:GC-003-12
  Scenario: controlling is a list: empty in Pointer Mode, listing the customer once control is granted
    When the customer starts co-browsing
    And the agent joins the co-browse session
    And the agent asks for control of the shared page
    And the customer grants the agent control
    And the agent gives control back
    And the agent leaves the co-browse session
    Then controlling is a list of strings, empty until the agent is granted control, then listing the customer

  @rule:GC-004-09
  Scenario: Once the customer grants control, the agent's communication lists the customer
    When the customer starts co-browsing
    And the agent joins the co-browse session
    And the agent asks for control of the shared page
    And the customer grants the agent control
    Then once granted control the agent's co-browse communication lists the customer's participant

  @rule:GC-004-10
  Scenario: In Pointer Mode the agent controls nothing
    When the customer starts co-browsing
    And the agent joins the co-browse session
    And the agent asks for control of the shared page
    And the customer refuses the agent control
    And the agent leaves the co-browse session
    Then controlling is an empty list whenever the agent has not been granted control

  @rule:GC-004-10
  Scenario: When the agent gives control back, the list is empty again
    When the customer starts co-browsing
    And the agent joins the co-browse session
    And the agent asks for control of the shared page
    And the customer grants the agent control
    And the agent gives control back
    Then controlling is an empty list whenever the agent has not been granted control
