Feature: Several conversations at once
  Sources 003 and 004: "id: A globally unique identifier for this communication."
  and "cobrowseSessionId: The co-browse session ID." Several conversations, each
  with its sessions, must not share identifiers; the media view lists them all.

  Background:
    Given a Genesys Cloud conversation between a customer and an agent
    And another Genesys Cloud conversation in which the customer co-browsed with the agent twice

  @rule:GC-003-06
  Scenario: Two conversations, two sessions each
    When the customer starts co-browsing
    And the agent joins the co-browse session
    And the agent leaves the co-browse session
    And the customer starts co-browsing again
    And the agent joins the co-browse session
    Then the state of every co-browse communication is a string at every step

  @rule:GC-004-26
  Scenario: The media view of two live conversations
    When the customer starts co-browsing
    And the agent joins the co-browse session
    And the co-browse conversations are listed
    And the media view of the conversation is read
    And the customer leaves the co-browse session
    Then every disconnectType is a value of DisconnectTypeEnum
