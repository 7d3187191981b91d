Feature: The CoBrowse invitation reaches the consumer as conversation metadata
  Source 001, steps 2 and 3: the agent's invitation arrives as a cqm.ExConversationChangeNotification
  whose conversationDetails hold the existing messaging dialog and a new COBROWSE dialog.

  @rule:LP-001-07
  Scenario: The invitation is pushed to the consumer's conversation metadata subscription
    Given a consumer with the CO_BROWSE feature in a messaging conversation with an agent, not yet subscribed
    When the consumer subscribes to conversation metadata
    Then the subscription is answered first and at once followed by the conversation's current state
    When the agent sends a CoBrowse invitation in "shared" mode
    Then the invitation arrives as an UPSERT of the conversation on that subscription

  @rule:LP-001-09
  Scenario Outline: The invitation arrives as a cqm.ExConversationChangeNotification
    Given a consumer with the CO_BROWSE feature in a messaging conversation with an agent
    When the agent sends a CoBrowse invitation in "<mode>" mode
    Then the invitation arrives as a notification of type "cqm.ExConversationChangeNotification"

    Examples:
      | mode   |
      | shared |
      | view   |
      | follow |

  @rule:LP-001-10
  Scenario: The invitation's conversation details hold two dialogs
    Given a consumer with the CO_BROWSE feature in a messaging conversation with an agent
    When the agent sends a CoBrowse invitation in "shared" mode
    Then the invitation's conversation details hold exactly two dialogs

  @rule:LP-001-11
  Scenario: The messaging dialog comes first, the new CoBrowse dialog second
    Given a consumer with the CO_BROWSE feature in a messaging conversation with an agent
    When the agent sends a CoBrowse invitation in "shared" mode
    Then the first dialog is the existing messaging dialog and the second the new CoBrowse dialog

  @rule:LP-001-12
  Scenario: The CoBrowse dialog's participants are the consumer's and the agent's IDs
    Given a consumer with the CO_BROWSE feature in a messaging conversation with an agent
    When the agent sends a CoBrowse invitation in "shared" mode
    Then the CoBrowse dialog's participants are the IDs of the consumer and the agent

  @rule:LP-001-13
  Scenario: The CoBrowse dialog has dialogType OTHER
    Given a consumer with the CO_BROWSE feature in a messaging conversation with an agent
    When the agent sends a CoBrowse invitation in "shared" mode
    Then the CoBrowse dialog's dialogType is "OTHER"

  @rule:LP-001-14
  Scenario: The serviceId has the example's shape
    Given a consumer with the CO_BROWSE feature in a messaging conversation with an agent
    When the agent sends a CoBrowse invitation in "shared" mode
    Then the serviceId is the consumer's ID, "#" and a UUID

  @rule:LP-001-15
  Scenario: expires is an epoch time consistent with the 2-minute expiry
    Given a consumer with the CO_BROWSE feature in a messaging conversation with an agent
    When the agent sends a CoBrowse invitation in "shared" mode
    Then metaData.expires is an epoch time 2 minutes after the invitation was sent
    And the example's 90-second expires offset is reported as a documented discrepancy

  @rule:LP-001-16
  Scenario: The invitation's metaData repeats the dialog's ID
    Given a consumer with the CO_BROWSE feature in a messaging conversation with an agent
    When the agent sends a CoBrowse invitation in "shared" mode
    Then the invitation's metaData.dialogId is the CoBrowse dialog's dialogId

  @rule:LP-001-17
  Scenario: The invited dialog is OPEN, its timestamps in epoch milliseconds
    Given a consumer with the CO_BROWSE feature in a messaging conversation with an agent
    When the agent sends a CoBrowse invitation in "shared" mode
    Then the invited dialog is OPEN with creationTs and metaDataLastUpdateTs in epoch milliseconds

  @rule:LP-001-18
  Scenario: The relevant fields are present
    Given a consumer with the CO_BROWSE feature in a messaging conversation with an agent
    When the agent sends a CoBrowse invitation in "shared" mode
    Then the CoBrowse dialog carries channelType, and its metaData serviceId, mode and sessionState

  @rule:LP-001-19
  Scenario: channelType is COBROWSE in every change of the CoBrowse dialog
    Given a consumer with the CO_BROWSE feature in a messaging conversation with an agent
    And the agent has sent a CoBrowse invitation in "shared" mode
    When the consumer accepts the invitation
    And the agent ends the CoBrowse session
    Then every change of the CoBrowse dialog the consumer received has channelType "COBROWSE"

  @rule:LP-001-21
  Scenario Outline: mode is the mode the agent selected
    Given a consumer with the CO_BROWSE feature in a messaging conversation with an agent
    When the agent sends a CoBrowse invitation in "<mode>" mode
    Then the CoBrowse dialog's mode is "<mode>"

    Examples:
      | mode   |
      | shared |
      | view   |
      | follow |

  @rule:LP-001-22
  Scenario Outline: mode is one of shared, view and follow
    Given a consumer with the CO_BROWSE feature in a messaging conversation with an agent
    When the agent sends a CoBrowse invitation in "<mode>" mode
    Then the CoBrowse dialog's mode is one of shared, view and follow

    Examples:
      | mode   |
      | shared |
      | view   |
      | follow |

  @rule:LP-001-22
  Scenario: No other CoBrowse mode reaches the consumer
    Given a consumer with the CO_BROWSE feature in a messaging conversation with an agent
    When the agent tries to send a CoBrowse invitation in "control" mode
    Then no CoBrowse dialog with a mode other than shared, view or follow reaches the consumer

  @rule:LP-001-25
  Scenario: An invitation has sessionState INVITED
    Given a consumer with the CO_BROWSE feature in a messaging conversation with an agent
    When the agent sends a CoBrowse invitation in "view" mode
    Then the invitation's sessionState is "INVITED"
