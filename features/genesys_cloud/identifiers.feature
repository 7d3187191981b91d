Feature: Identifiers of co-browse communications and sessions
  Sources 003 and 004: "id: A globally unique identifier for this
  communication." and "cobrowseSessionId: The co-browse session ID."

  Background:
    Given a Genesys Cloud conversation between a customer and an agent

  @rule:GC-003-07
  Scenario: No two communications share an id, not even across conversations
    Given another Genesys Cloud conversation in which a customer co-browses with an agent
    When the customer starts co-browsing
    And the agent joins the co-browse session
    Then every co-browse communication id is a string that no other communication shares

  @rule:GC-004-03
  Scenario: A communication keeps its id; two sessions' communications have four ids
    When the customer starts co-browsing
    And the agent joins the co-browse session
    And the agent leaves the co-browse session
    And the customer starts co-browsing again
    And the agent joins the co-browse session
    Then each co-browse communication keeps its id, and no two communications share one

  @rule:GC-003-10
  Scenario: Both communications carry the ID of the session the customer started
    When the customer starts co-browsing
    And the agent joins the co-browse session
    And the customer leaves the co-browse session
    Then both co-browse communications carry the ID of the co-browse session the customer started

  @rule:GC-004-07
  Scenario: One session has one co-browse session ID; the next session has another
    When the customer starts co-browsing
    And the agent joins the co-browse session
    And the customer leaves the co-browse session
    And the customer starts co-browsing again
    And the agent joins the co-browse session
    Then the two co-browse communications of a session share its ID, and another session has another ID
