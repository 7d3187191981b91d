Feature: Control requested, granted, given back and requested again
  Sources 003 and 004: "controlling: ID of co-browse participants for which this
  client has been granted control (list is empty if this client cannot control
  any shared pages)". The media view (GET /api/v2/conversations/cobrowsesessions)
  shows the same communications; the rule oracles judge it too.

  Background:
    Given a Genesys Cloud conversation between a customer and an agent
    And the customer has started co-browsing
    And the agent has joined the co-browse session

  @rule:GC-003-11
  Scenario: Two grants, with the media view read in between
    When the co-browse conversations are listed
    And the agent asks for control of the shared page
    And the customer grants the agent control
    And the media view of the conversation is read
    And the agent gives control back
    And the co-browse conversations are listed
    And the agent asks for control of the shared page
    And the customer grants the agent control
    And the media view of the conversation is read
    And the agent leaves the co-browse session
    Then the customer's co-browse communication is the sharer and the agent's the viewer

  @rule:GC-004-10
  Scenario: A refusal, then a grant given back
    When the agent asks for control of the shared page
    And the customer refuses the agent control
    And the agent asks for control of the shared page
    And the customer grants the agent control
    And the agent gives control back
    Then controlling is an empty list whenever the agent has not been granted control
