Feature: Who and where: self, viewerUrl, provider and peerId
  Sources 003 and 004: "self: Address and name data for a call endpoint.",
  "viewerUrl: The URL that can be used to open co-browse session in web
  browser.", "provider: The source provider for the co-browse session." and
  "peerId: The id of the peer communication corresponding to a matching leg
  for this communication."

  Background:
    Given a Genesys Cloud conversation between a customer and an agent
    And the customer has started co-browsing

  @rule:GC-003-09
  Scenario: self names the participant a communication belongs to
    When the agent joins the co-browse session
    And the customer leaves the co-browse session
    Then the self of each co-browse communication names the participant it belongs to

  @rule:GC-004-06
  Scenario: self is an Address
    When the agent joins the co-browse session
    And the customer leaves the co-browse session
    Then every self is an Address

  @rule:GC-003-13
  Scenario: The agent's communication offers the URL that opens the session
    When the agent joins the co-browse session
    And the agent leaves the co-browse session
    Then the agent's co-browse communication has a viewerUrl, an absolute http(s) URL, while the session is live

  @rule:GC-004-11
  Scenario: The viewer URL is there from the offer on and opens in a web browser
    When the agent joins the co-browse session
    And the agent asks for control of the shared page
    And the customer grants the agent control
    And the customer leaves the co-browse session
    Then the agent's co-browse communication has a viewerUrl, an absolute http(s) URL, while the session is live

  @rule:GC-003-18
  Scenario: Both communications name the session's source provider
    When the agent joins the co-browse session
    And the customer leaves the co-browse session
    Then provider is a non-empty string, the same on both co-browse communications of a session

  @rule:GC-004-16
  Scenario: The source provider is the same on both legs throughout
    When the agent joins the co-browse session
    And the agent leaves the co-browse session
    Then provider is a non-empty string, the same on both co-browse communications of a session

  @rule:GC-003-19
  Scenario: Each communication names its peer communication
    When the agent joins the co-browse session
    And the customer leaves the co-browse session
    Then the peerId of each co-browse communication is the id of the other communication of its session

  @rule:GC-004-17
  Scenario: The peer of a communication is the matching leg of its session, in every session
    When the agent joins the co-browse session
    And the agent leaves the co-browse session
    And the customer starts co-browsing again
    Then the peerId of each co-browse communication is the id of the other communication of its session
