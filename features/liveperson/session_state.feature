Feature: The CoBrowse dialog's session state changes
  Source 001, steps 3 and 4 and "Cancelled invitation and expiry": ACCEPTED when the invitee
  accepts and joins, CLOSED when the invitation is cancelled, declined, expires or the session
  ends; ACCEPTED and CLOSED carry a notificationKey.

  @rule:LP-001-24
  Scenario: Each state change arrives as a further notification, in order
    Given a consumer with the CO_BROWSE feature in a messaging conversation with an agent
    And the agent has sent a CoBrowse invitation in "shared" mode
    When the consumer accepts the invitation
    And the agent ends the CoBrowse session
    Then the consumer received the sessionStates "INVITED, ACCEPTED, CLOSED" in that order
    And the CoBrowse dialog's metaDataLastUpdateTs never decreased

  @rule:LP-001-26
  Scenario: sessionState takes only the documented values
    Given a consumer with the CO_BROWSE feature in a messaging conversation with an agent
    And the agent has sent a CoBrowse invitation in "follow" mode
    When the consumer accepts the invitation
    And the consumer closes the conversation
    Then every sessionState the consumer received is INVITED, ACCEPTED or CLOSED

  @rule:LP-001-27
  Scenario: ACCEPTED when the invitee accepts, and again when the invitee joins
    Given a consumer with the CO_BROWSE feature in a messaging conversation with an agent
    And the agent has sent a CoBrowse invitation in "shared" mode
    When the consumer accepts the invitation
    Then the consumer receives a change of the CoBrowse dialog with sessionState "ACCEPTED"
    When the visitor's CoBrowse client joins the session
    Then the consumer receives a further change of the CoBrowse dialog with sessionState "ACCEPTED"

  @rule:LP-001-28
  Scenario: CLOSED when the agent cancels the invitation
    Given a consumer with the CO_BROWSE feature in a messaging conversation with an agent
    And the agent has sent a CoBrowse invitation in "shared" mode
    When the agent cancels the invitation
    Then the consumer receives a change of the CoBrowse dialog with sessionState "CLOSED"

  @rule:LP-001-28
  Scenario: CLOSED when the agent ends the session
    Given a consumer with the CO_BROWSE feature in a messaging conversation with an agent
    And the agent has sent a CoBrowse invitation in "view" mode
    And the consumer has accepted the invitation
    When the agent ends the CoBrowse session
    Then the consumer receives a change of the CoBrowse dialog with sessionState "CLOSED"

  @rule:LP-001-29
  Scenario: ACCEPTED carries a notificationKey
    Given a consumer with the CO_BROWSE feature in a messaging conversation with an agent
    And the agent has sent a CoBrowse invitation in "shared" mode
    When the consumer accepts the invitation
    Then the change of the CoBrowse dialog carries a notificationKey

  @rule:LP-001-29
  Scenario: CLOSED carries a notificationKey
    Given a consumer with the CO_BROWSE feature in a messaging conversation with an agent
    And the agent has sent a CoBrowse invitation in "shared" mode
    When the agent cancels the invitation
    Then the change of the CoBrowse dialog carries a notificationKey
    And the CLOSED example's missing notificationKey is reported as a documented discrepancy

  @rule:LP-001-36
  Scenario: cobrowseAccepted starts the CoBrowse session
    Given a consumer with the CO_BROWSE feature in a messaging conversation with an agent
    And the agent has sent a CoBrowse invitation in "shared" mode
    When the consumer accepts the invitation
    Then the event is accepted
    And the consumer receives a change of the CoBrowse dialog with sessionState "ACCEPTED"

  @rule:LP-001-39
  Scenario: cobrowseDeclined rejects the invitation
    Given a consumer with the CO_BROWSE feature in a messaging conversation with an agent
    And the agent has sent a CoBrowse invitation in "shared" mode
    When the consumer declines the invitation
    Then the event is accepted
    And the consumer receives a change of the CoBrowse dialog with sessionState "CLOSED"

  @rule:LP-001-42
  Scenario: The agent can cancel an invitation
    Given a consumer with the CO_BROWSE feature in a messaging conversation with an agent
    And the agent has sent a CoBrowse invitation in "shared" mode
    When the agent cancels the invitation
    Then the cancellation is accepted
    And the invitation is no longer pending

  @rule:LP-001-44
  Scenario: A cancelled invitation is announced as CLOSED
    Given a consumer with the CO_BROWSE feature in a messaging conversation with an agent
    And the agent has sent a CoBrowse invitation in "shared" mode
    When the agent cancels the invitation
    Then a new cqm.ExConversationChangeNotification announces sessionState "CLOSED"

  @rule:LP-001-44 @needs:clock
  Scenario: An expired invitation is announced as CLOSED
    Given a consumer with the CO_BROWSE feature in a messaging conversation with an agent
    And the agent has sent a CoBrowse invitation in "shared" mode
    When 120.5 seconds pass
    Then a new cqm.ExConversationChangeNotification announces sessionState "CLOSED"

  @rule:LP-001-45
  Scenario: The closing change names the invitation's dialog
    Given a consumer with the CO_BROWSE feature in a messaging conversation with an agent
    And the agent has sent a CoBrowse invitation in "shared" mode
    When the agent cancels the invitation
    Then the closing change names the invitation's dialogId, with dialogType "OTHER" and channelType "COBROWSE"
    And the CLOSED example's missing notificationKey is reported as a documented discrepancy
