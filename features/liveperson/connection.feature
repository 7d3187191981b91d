Feature: Enabling CoBrowse on a Messaging Window connection
  Source 001, step 1: the consumer announces the CO_BROWSE feature in the ClientProperties
  header of its InitConnection request; a connection that did not is not offered CoBrowse.

  @rule:LP-001-05
  Scenario: The tutorial's example InitConnection request is accepted
    Given a consumer WebSocket connection
    When the consumer sends the tutorial's InitConnection request
    Then the InitConnection request is accepted

  @rule:LP-001-04
  Scenario: Only the connection that announced CO_BROWSE is offered CoBrowse
    Given a consumer with the CO_BROWSE feature in a messaging conversation with an agent
    And a second connection of the same consumer without the CO_BROWSE feature, subscribed to conversation metadata
    When the agent sends a CoBrowse invitation in "shared" mode
    Then the consumer receives the CoBrowse invitation
    And the connection without the CO_BROWSE feature receives no CoBrowse dialog

  @rule:LP-001-04
  Scenario: A consumer without the CO_BROWSE feature is not offered CoBrowse
    Given a consumer without the CO_BROWSE feature in a messaging conversation with an agent
    When the agent tries to send a CoBrowse invitation in "shared" mode
    Then the consumer receives no CoBrowse dialog

  @rule:LP-001-06
  Scenario: The consumer starts a messaging conversation as the Messaging Window API describes
    Given a consumer with the CO_BROWSE feature, connected and authenticated
    When the consumer requests a messaging conversation
    Then the response echoes the request's id and carries the new conversation's ID, as LivePerson's schemas publish them
