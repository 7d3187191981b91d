Feature: Longer journeys, read at every step
  The other features walk one path per rule. These walk the paths around them:
  three sessions of one interaction, sessions on a voice call, every way a
  session ends followed by readings, a Write Mode round trip, a second page with
  other fields, agent actions of every kind on masked and disabled fields. Each
  proves the rule it is tagged with in its own Then steps; what both parties can
  read at every step ("look at everything") is judged by the rule oracles.

  Background:
    Given a live chat interaction between a customer and an agent

  @rule:GE-000-10 @needs:clock
  Scenario: Source stays web through three sessions, each ended by the agent
    When session 1 runs for 30 seconds and the agent exits
    And session 2 runs for 45 seconds and the agent exits
    And 60 seconds pass
    And session 3 runs for 20 seconds and the agent exits
    Then the attached "source" is "web"
    When the agent tries to start a co-browse session
    And both parties look at everything

  @rule:GE-000-45 @needs:clock
  Scenario: Three sessions on a voice call, ended by the agent, the customer and the call
    Given a live voice interaction between a customer and an agent
    When session 1 runs for 10 seconds and the agent exits
    And session 2 runs for 10 seconds and the customer exits
    And the customer starts a co-browse session
    And both parties look at everything
    And the agent joins the session
    And both parties look at everything
    Then the attached "CoBrowseSessionsQuantity" is the number 3
    When the primary interaction ends
    And both parties look at everything
    And the customer tries to start a co-browse session
    And both parties look at everything

  @rule:GE-002-30
  Scenario: An idle session ends with its primary interaction
    Given the customer has started a co-browse session
    When both parties look at everything
    And the primary interaction ends
    And both parties look at everything
    Then the session has ended because of "interaction-ended"

  @rule:GE-002-31 @needs:clock @needs:configure
  Scenario: Readings around an inactivity timeout and after it
    Given a live chat interaction without browser data
    And the inactivity timeout is 300 seconds
    And the customer has started a co-browse session
    And the customer shares the loan application page
    And the agent has joined the session
    When both parties look at everything
    And 299.6 seconds pass
    And both parties look at everything
    And 1.4 seconds pass
    And both parties look at everything
    Then the session has ended because of "inactivity-timeout"
    When the customer starts a co-browse session
    And the agent looks up the previous session by its ID
    And the agent tries to view the previous session
    And the agent tries to join the previous session
    And both parties look at everything

  @rule:GE-002-34 @needs:clock @needs:configure
  Scenario: Readings while the agent is away, after the away timeout, and a new session
    Given the agent return timeout is 60 seconds
    And the customer has started a co-browse session
    And the agent has joined the session
    When the agent leaves the session page
    And 30 seconds pass
    And the agent returns to the session page
    And the agent leaves the session page
    And 59.5 seconds pass
    And both parties look at everything
    And 1 seconds pass
    And both parties look at everything
    And the customer starts a co-browse session
    And the agent joins the session
    And both parties look at everything
    Then the new session has a new session ID

  @rule:GE-002-39
  Scenario: A Write Mode round trip back to Pointer Mode, then agent actions
    Given the customer has started a co-browse session
    And the customer shares the loan application page
    And the agent has joined the session
    And the session is in Write Mode
    When the agent tries to type "Ada King" into the name field
    And the agent moves the pointer to 10,20
    And the customer moves the pointer to 30,40
    And both parties look at everything
    And the agent returns the session to Pointer Mode
    And both parties look at everything
    And the agent tries to type "Bob" into the name field
    And the agent tries to click the help link
    And the agent tries to navigate to "https://bank.example.com/loans/rates"
    And the agent moves the pointer to 50,60
    And the customer moves the pointer to 70,80
    And both parties look at everything
    And the agent requests Write Mode
    Then the customer is asked to switch to Write Mode
    When both parties look at everything
    And the session is brought into Write Mode
    And the agent tries to click the help link
    And both parties look at everything

  @rule:GE-002-46 @needs:configure
  Scenario: A second page with other fields, masked and disabled by the same settings
    Given fields matching "[data-private=true], .card" are masked
    And elements matching "a" are disabled for the agent
    And the customer has started a co-browse session
    And the customer shares the loan application page
    And the agent has joined the session
    When both parties look at everything
    And the customer shares the payment page
    And both parties look at everything
    And the customer types "5500-0000-0000-0004" into the card field
    And both parties look at everything
    And the session is brought into Write Mode
    And the agent tries to type "4000 0000" into the card field
    And the agent tries to click the pay button
    And the agent tries to click the terms link
    And the customer clicks the pay button
    And both parties look at everything
    Then the agent cannot read the card field

  @rule:GE-002-41 @needs:configure
  Scenario: Agent actions of every kind on masked and disabled fields
    Given fields matching "[data-private=true]" are masked
    And elements matching "a" are disabled for the agent
    And the customer has started a co-browse session
    And the customer shares the loan application page
    And the agent has joined the session
    When the agent tries to type "letmein-guess" into the password field
    And the session is brought into Write Mode
    And the agent tries to type "hunter3-guess" into the password field
    And the agent tries to type "000-00-0000" into the ssn field
    And the agent tries to click the help link
    And the agent tries to click the submit button
    And the agent tries to click the ssn field
    And the agent tries to type "Ada King" into the name field
    And the agent moves the pointer to 5,5
    And the customer moves the pointer to 6,6
    And both parties look at everything
    And the agent tries to navigate to "https://bank.example.com/loans/rates"
    And both parties look at everything
    Then the customer's side replays the agent's navigation

  @rule:GE-000-01
  Scenario: Co-browsing creates no interaction of its own
    Given the customer has started a co-browse session
    When the agent joins the session
    And the agent lists their interactions
    Then the agent's only interaction is the primary interaction

  @rule:GE-000-22 @rule:GE-000-45 @needs:configure
  Scenario: A refusal on an interaction that has had a session, then the second session
    Given the agent is allowed 1 simultaneous sessions
    And another live chat interaction "B" with the same agent
    When session 1 runs for 0 seconds and the agent exits
    And the customer of "B" starts a session that the agent joins
    And the customer starts a co-browse session
    And the agent tries to join the session
    And both parties look at everything
    And the agent exits the session of "B"
    And the agent joins the session
    And both parties look at everything
    Then the attached "CoBrowseSessionsQuantity" is the number 2

  @rule:GE-002-02 @needs:configure
  Scenario: A session waits idle while its agent co-browses on a voice call
    Given the agent is allowed 1 simultaneous sessions
    And another live voice interaction "V" with the same agent
    And the customer of "V" has started a session that the agent joined
    And the customer has started a co-browse session
    Then the session is "idle"
    When the agent tries to join the session
    And both parties look at everything
