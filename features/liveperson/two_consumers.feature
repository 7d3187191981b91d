Feature: Two consumers invited at once
  Source 001, step 3: each consumer's dialog carries the mode its own agent selected; the
  serviceId matches consumer and agent.

  @rule:LP-001-21
  Scenario: Each consumer's invitation has the mode its agent selected
    Given a consumer with the CO_BROWSE feature in a messaging conversation with an agent
    And a second consumer with the CO_BROWSE feature in a messaging conversation with another agent
    And the agent has sent a CoBrowse invitation in "view" mode
    When the agent sends the second consumer a CoBrowse invitation in "follow" mode
    Then each consumer's CoBrowse dialog has the mode its agent selected
