Feature: A second co-browse session on the same conversation
  Sources 003 and 004 describe each Cobrowsesession on its own; a conversation in
  which the customer co-browses twice has two communications per participant,
  oldest first. Every property of the second pair means what it means for the
  first (the rule oracles judge both).

  Background:
    Given a Genesys Cloud conversation between a customer and an agent

  @rule:GC-004-26
  Scenario: The second session ends with the customer leaving, then the agent wraps up
    When the customer starts co-browsing
    And the agent joins the co-browse session
    And the agent leaves the co-browse session
    And the customer starts co-browsing again
    And the agent joins the co-browse session
    And the customer leaves the co-browse session
    And the agent wraps up with code "resolved" and notes "second session"
    Then every disconnectType is a value of DisconnectTypeEnum

  @rule:GC-004-24
  Scenario: Control granted twice on a second session
    When the customer starts co-browsing
    And the agent joins the co-browse session
    And the customer leaves the co-browse session
    And the customer starts co-browsing again
    And the agent joins the co-browse session
    And the agent asks for control of the shared page
    And the customer grants the agent control
    And the agent gives control back
    And the agent asks for control of the shared page
    And the customer grants the agent control
    And the agent leaves the co-browse session
    Then every state is a value of StateEnum
