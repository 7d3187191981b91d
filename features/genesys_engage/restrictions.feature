Feature: Restricting visibility of sensitive data
  Source 002 "Restricting visibility of sensitive data": masked fields never
  reach the agent, passwords are masked by default, the customer can see what
  is masked; Submit buttons are deactivated for the agent by default while the
  customer can always submit.

  Background:
    Given a live chat interaction between a customer and an agent

  @rule:GE-002-51
  Scenario: Passwords are masked from the agent by default
    Given the customer has started a co-browse session
    And the customer shares the loan application page
    And the agent has joined the session
    Then the agent cannot read the password field
    And the agent can read the name field

  @rule:GE-002-51
  Scenario: A password the customer types never reaches the agent
    Given the customer has started a co-browse session
    And the customer shares the loan application page
    And the agent has joined the session
    When the customer types "hunter2-secret" into the password field
    Then nothing the agent can read contains "hunter2-secret"

  @rule:GE-002-46 @rule:GE-002-48 @rule:GE-002-49 @needs:configure
  Scenario: Fields matching configured selectors are masked from the agent
    Given fields matching "[data-private=true], input.email" are masked
    And the customer has started a co-browse session
    And the customer shares the loan application page
    And the agent has joined the session
    Then the agent cannot read the ssn field
    And the agent cannot read the email field
    And the agent can read the name field

  @rule:GE-002-46 @needs:configure
  Scenario: Fields hidden from the agent cannot be edited by the agent
    Given fields matching "[data-private=true]" are masked
    And the customer has started a co-browse session
    And the customer shares the loan application page
    And the agent has joined the session
    And the session is in Write Mode
    When the agent tries to type "000-00-0000" into the ssn field
    Then nothing happens on the customer's side

  @rule:GE-002-50
  Scenario: The customer can see which fields are hidden from the agent
    Given the customer has started a co-browse session
    And the customer shares the loan application page
    And the agent has joined the session
    Then the customer sees that the password field is masked
    And the customer sees that the name field is not masked

  @rule:GE-002-52 @needs:configure
  Scenario: Control of configured elements is disabled for the agent
    Given elements matching "a" are disabled for the agent
    And the customer has started a co-browse session
    And the customer shares the loan application page
    And the agent has joined the session
    And the session is in Write Mode
    When the agent tries to click the help link
    Then nothing happens on the customer's side

  @rule:GE-002-53 @rule:GE-002-54
  Scenario: Submit buttons are deactivated for the agent by default
    Given the customer has started a co-browse session
    And the customer shares the loan application page
    And the agent has joined the session
    And the session is in Write Mode
    When the agent tries to click the submit button
    Then nothing happens on the customer's side

  @rule:GE-002-55
  Scenario: The customer can always submit a form
    Given the customer has started a co-browse session
    And the customer shares the loan application page
    And the agent has joined the session
    And the session is in Write Mode
    When the customer clicks the submit button
    Then the customer's form is submitted
