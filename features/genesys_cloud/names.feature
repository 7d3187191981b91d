Feature: Cobrowsesession property names as they travel in JSON
  Source 004 (Java SDK) names the properties of Cobrowsesession as they travel
  in JSON, in camelCase. Source 003 (Ruby SDK v96) lists the same model under
  the Ruby attribute names (disconnect_type, _self, cobrowse_session_id, ...),
  which are not wire names. Properties neither source names are allowed for
  forward compatibility and reported as a warning.

  Background:
    Given a Genesys Cloud conversation between a customer and an agent

  @rule:GC-004-01
  Scenario: Every property travels under its camelCase name through the whole life cycle
    When the customer starts co-browsing
    And the agent joins the co-browse session
    And the agent asks for control of the shared page
    And the customer grants the agent control
    And the agent leaves the co-browse session
    And the agent wraps up with code "resolved" and notes "form completed together"
    Then every co-browse communication uses the documented camelCase property names
