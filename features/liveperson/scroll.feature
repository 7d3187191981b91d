Feature: What the agent may do in view and follow mode
  Source 001, step 3: "view for view-only CoBrowse where the agent is able to scroll the
  visitor's view and follow for view-only without scroll permissions for the agent". The driver
  API lets the harness play the agent scrolling the visitor's view of an accepted session.

  @rule:LP-001-23
  Scenario Outline: The agent may scroll in view mode, not in follow mode
    Given a consumer with the CO_BROWSE feature in a messaging conversation with an agent
    And the agent has sent a CoBrowse invitation in "<mode>" mode
    And the consumer has accepted the invitation
    When the agent scrolls the visitor's view
    Then the agent's scroll is <outcome>

    Examples:
      | mode   | outcome  |
      | view   | accepted |
      | follow | refused  |
