Feature: A second CoBrowse invitation on the same conversation
  Source 001 describes one invitation; a conversation may see more, one after another, once the
  previous one is closed. Everything the tutorial says of an invitation holds for each of them.

  @rule:LP-001-25
  Scenario: A second invitation, after the first was cancelled, is announced as INVITED
    Given a consumer with the CO_BROWSE feature in a messaging conversation with an agent
    And the agent has sent a CoBrowse invitation in "shared" mode
    And the agent has cancelled the invitation
    When the agent sends a second CoBrowse invitation in "view" mode
    Then the invitation's sessionState is "INVITED"

  @rule:LP-001-36
  Scenario: cobrowseAccepted starts the session of the second invitation
    Given a consumer with the CO_BROWSE feature in a messaging conversation with an agent
    And the agent has sent a CoBrowse invitation in "shared" mode
    And the agent has cancelled the invitation
    And the agent has sent a second CoBrowse invitation in "follow" mode
    When the consumer accepts the invitation
    Then the event is accepted
    And the consumer receives a change of the CoBrowse dialog with sessionState "ACCEPTED"

  @rule:LP-001-39
  Scenario: cobrowseDeclined rejects the second invitation
    Given a consumer with the CO_BROWSE feature in a messaging conversation with an agent
    And the agent has sent a CoBrowse invitation in "shared" mode
    And the agent has cancelled the invitation
    And the agent has sent a second CoBrowse invitation in "view" mode
    When the consumer declines the invitation
    Then the event is accepted
    And the consumer receives a change of the CoBrowse dialog with sessionState "CLOSED"

  @rule:LP-001-42
  Scenario: The agent can cancel the second invitation
    Given a consumer with the CO_BROWSE feature in a messaging conversation with an agent
    And the agent has sent a CoBrowse invitation in "view" mode
    And the agent has cancelled the invitation
    And the agent has sent a second CoBrowse invitation in "shared" mode
    When the agent cancels the invitation
    Then the cancellation is accepted
    And the invitation is no longer pending

  @rule:LP-001-43 @needs:clock
  Scenario: The second invitation expires after 2 minutes, checked at fractional times
    Given a consumer with the CO_BROWSE feature in a messaging conversation with an agent
    And the agent has sent a CoBrowse invitation in "shared" mode
    And the agent has cancelled the invitation
    And the agent has sent a second CoBrowse invitation in "follow" mode
    When 119.5 seconds pass
    Then the invitation is still pending
    When 1 seconds pass
    Then the invitation has expired

  @rule:LP-001-20
  Scenario: An lpTag event naming the first, closed invitation leaves the second one alone
    Given a consumer with the CO_BROWSE feature in a messaging conversation with an agent
    And the agent has sent a CoBrowse invitation in "shared" mode
    And the agent has cancelled the invitation
    And the agent has sent a second CoBrowse invitation in "view" mode
    When the consumer publishes "cobrowseAccepted" for the first, closed invitation
    Then the event is refused
    And the invitation is still pending
