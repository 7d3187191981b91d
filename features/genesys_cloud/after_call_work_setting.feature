Feature: afterCallWorkRequired is only used under the Agent Requested ACW setting
  Sources 003 and 004: "afterCallWorkRequired: Indicates if after-call work is
  required for a communication. Only used when the ACW Setting is Agent
  Requested." The setting is the queue's (Genesys Cloud's acwSettings.wrapupPrompt:
  MANDATORY, OPTIONAL, MANDATORY_TIMEOUT, MANDATORY_FORCED_TIMEOUT,
  AGENT_REQUESTED), chosen through the control API. Under any other setting the
  property is not sent (absent or null).

  Background:
    Given a Genesys Cloud conversation between a customer and an agent

  @rule:GC-003-24 @needs:configure
  Scenario: Under a mandatory wrap-up the property is not used
    Given the after-call work setting is "MANDATORY"
    When the customer starts co-browsing
    And the agent joins the co-browse session
    And the agent leaves the co-browse session
    And the agent wraps up with code "resolved" and notes "form completed together"
    Then afterCallWorkRequired is absent while the after-call work setting is not Agent Requested

  @rule:GC-003-24 @needs:configure
  Scenario: Under a timed wrap-up the property is not used when the API disconnects
    Given the after-call work setting is "MANDATORY_TIMEOUT"
    When the customer starts co-browsing
    And the agent joins the co-browse session
    And a Platform API client disconnects the co-browse conversation
    Then afterCallWorkRequired is absent while the after-call work setting is not Agent Requested

  @rule:GC-004-22 @needs:configure
  Scenario: Under an optional wrap-up the property is not used
    Given the after-call work setting is "OPTIONAL"
    When the customer starts co-browsing
    And the agent joins the co-browse session
    And the agent asks for control of the shared page
    And the customer grants the agent control
    And the customer leaves the co-browse session
    Then afterCallWorkRequired is absent while the after-call work setting is not Agent Requested
