@needs:parties
Feature: Only the customer grants control
  Sources 003 and 004: "controlling: ID of co-browse participants for which this
  client has been granted control (list is empty if this client cannot control any
  shared pages)". Control is the customer's to grant. A target with the parties
  capability issues each party a credential when the conversation is created
  (partyCredentials) and takes the party acting from the credential presented
  (X-Conformance-Party): the agent answering its own request for control with its own
  credential grants nothing.

  Background:
    Given a Genesys Cloud conversation between a customer and an agent
    And the customer has started co-browsing
    And the agent has joined the co-browse session

  @rule:GC-003-12
  Scenario: The agent cannot grant itself control; the customer can
    When the agent asks for control of the shared page
    And the agent, presenting its own credential, tries to grant itself control
    Then the agent's attempt to grant itself control is refused
    When the customer grants the agent control
    Then controlling is a list of strings, empty until the agent is granted control, then listing the customer
