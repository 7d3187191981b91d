Feature: A consumer that reconnects follows its CoBrowse dialog on the new connection
  Source 001, step 2: the invitation is sent as part of the conversation metadata; a new
  subscription receives the conversation's current state at once (the Conversation Metadata
  reference), and every later change of the dialog.

  @rule:LP-001-28
  Scenario: After reconnecting, the consumer is told the agent ended the session
    Given a consumer with the CO_BROWSE feature in a messaging conversation with an agent
    And the agent has sent a CoBrowse invitation in "shared" mode
    And the agent has cancelled the invitation
    And the agent has sent a second CoBrowse invitation in "view" mode
    And the consumer has accepted the invitation
    When the consumer reconnects and subscribes to conversation metadata again
    And the agent ends the CoBrowse session
    Then the consumer receives a change of the CoBrowse dialog with sessionState "CLOSED"

  @rule:LP-001-44
  Scenario: After reconnecting, the consumer is told the agent cancelled the pending invitation
    Given a consumer with the CO_BROWSE feature in a messaging conversation with an agent
    And the agent has sent a CoBrowse invitation in "follow" mode
    When the consumer reconnects and subscribes to conversation metadata again
    And the agent cancels the invitation
    Then a new cqm.ExConversationChangeNotification announces sessionState "CLOSED"

  @rule:LP-001-44
  Scenario: A connection opened later without CO_BROWSE leaves the CoBrowse connection informed
    Given a consumer with the CO_BROWSE feature in a messaging conversation with an agent
    And the agent has sent a CoBrowse invitation in "view" mode
    And a second connection of the same consumer without the CO_BROWSE feature, subscribed to conversation metadata
    When the agent cancels the invitation
    Then a new cqm.ExConversationChangeNotification announces sessionState "CLOSED"
