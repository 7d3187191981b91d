Feature: Pointer Mode and Write Mode
  Source 002 "Participating in a co-browse session": agents start in Pointer
  Mode, where both parties see each other's pointer but the agent cannot type,
  click or navigate; Write Mode needs the customer's consent; every agent
  action is performed on the customer's side.

  Background:
    Given a live chat interaction between a customer and an agent
    And the customer has started a co-browse session
    And the customer shares the loan application page
    And the agent has joined the session

  @rule:GE-002-36
  Scenario: The agent starts the session in Pointer Mode
    Then the session is in "pointer" mode

  @rule:GE-002-35 @rule:GE-002-37 @rule:GE-002-44
  Scenario: The customer sees the agent's pointer
    When the agent moves the pointer to 120,340
    Then the customer sees the agent's pointer at 120,340

  @rule:GE-002-37 @rule:GE-002-44
  Scenario: The agent sees the customer's pointer
    When the customer moves the pointer to 15,25
    Then the agent sees the customer's pointer at 15,25

  @rule:GE-002-38
  Scenario: In Pointer Mode the agent cannot enter information
    When the agent tries to type "Bob" into the name field
    Then the agent's action is refused

  @rule:GE-002-38
  Scenario: In Pointer Mode the agent cannot click
    When the agent tries to click the help link
    Then the agent's action is refused

  @rule:GE-002-38
  Scenario: In Pointer Mode the agent cannot navigate the customer's browser
    When the agent tries to navigate to "https://bank.example.com/loans/rates"
    Then the agent's action is refused

  @rule:GE-002-39
  Scenario: Write Mode needs the customer to accept the agent's request
    When the agent requests Write Mode
    Then the customer is asked to switch to Write Mode
    And the session is in "pointer" mode
    When the customer accepts the request
    Then the session is in "write" mode

  @rule:GE-002-39
  Scenario: A customer who declines keeps the session in Pointer Mode
    When the agent requests Write Mode
    And the customer declines the request
    Then the session is in "pointer" mode

  @rule:GE-002-17 @rule:GE-002-40 @rule:GE-002-41
  Scenario: The agent's typing is replayed on the customer's side
    Given the session is in Write Mode
    When the agent tries to type "Ada King" into the name field
    Then the action is performed
    And the customer's side replays the agent's typing

  @rule:GE-002-17 @rule:GE-002-40 @rule:GE-002-41
  Scenario: The agent's click is replayed on the customer's side
    Given the session is in Write Mode
    When the agent tries to click the help link
    Then the action is performed
    And the customer's side replays the agent's click

  @rule:GE-002-17 @rule:GE-002-40 @rule:GE-002-41
  Scenario: The agent's navigation is replayed on the customer's side
    Given the session is in Write Mode
    When the agent tries to navigate to "https://bank.example.com/loans/rates"
    Then the action is performed
    And the customer's side replays the agent's navigation
