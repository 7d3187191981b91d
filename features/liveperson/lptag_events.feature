Feature: The consumer's lpTag CoBrowse events
  Source 001, steps 3 and 4: after the invitation the page publishes cobrowseOffered, then
  cobrowseAccepted or cobrowseDeclined, in the lpCoBrowse namespace. serviceId, agentId,
  visitorName, ssid and svid are mandatory (ssid and svid arbitrary non-empty strings); scid,
  cid and eid are optional. The driver API's lpTag stand-in takes the calls.

  @rule:LP-001-20
  Scenario: The serviceId matches the consumer's event to its invitation
    Given a consumer with the CO_BROWSE feature in a messaging conversation with an agent
    And the agent has sent a CoBrowse invitation in "shared" mode
    And a second consumer with the CO_BROWSE feature in a messaging conversation with the same agent
    And the agent has sent the second consumer a CoBrowse invitation in "view" mode
    Then the two invitations have different serviceIds
    When the second consumer accepts its invitation
    Then the second consumer's CoBrowse dialog changes to "ACCEPTED"
    And the first consumer's invitation is still pending

  @rule:LP-001-31
  Scenario: The consumer publishes cobrowseOffered after receiving the invitation
    Given a consumer with the CO_BROWSE feature in a messaging conversation with an agent
    And the agent has sent a CoBrowse invitation in "shared" mode
    When the consumer publishes "cobrowseOffered" for the invitation
    Then the event is accepted

  @rule:LP-001-32
  Scenario Outline: ssid and svid may be arbitrary non-empty strings
    Given a consumer with the CO_BROWSE feature in a messaging conversation with an agent
    And the agent has sent a CoBrowse invitation in "shared" mode
    When the consumer publishes "<event>" for the invitation with "<field>" set to "<value>"
    Then the event is accepted

    Examples:
      | event            | field | value                  |
      | cobrowseOffered  | ssid  | x                      |
      | cobrowseOffered  | svid  | any value at all       |
      | cobrowseAccepted | ssid  | session/42?äöü         |
      | cobrowseAccepted | svid  | 0                      |
      | cobrowseDeclined | ssid  | -                      |
      | cobrowseDeclined | svid  | visitor id with spaces |

  @rule:LP-001-32
  Scenario Outline: An event without ssid or svid is refused
    Given a consumer with the CO_BROWSE feature in a messaging conversation with an agent
    And the agent has sent a CoBrowse invitation in "shared" mode
    When the consumer publishes "<event>" for the invitation without "<field>"
    Then the event is refused

    Examples:
      | event            | field |
      | cobrowseOffered  | ssid  |
      | cobrowseOffered  | svid  |
      | cobrowseAccepted | ssid  |
      | cobrowseAccepted | svid  |
      | cobrowseDeclined | ssid  |
      | cobrowseDeclined | svid  |

  @rule:LP-001-32
  Scenario Outline: An event with an empty ssid or svid is refused
    Given a consumer with the CO_BROWSE feature in a messaging conversation with an agent
    And the agent has sent a CoBrowse invitation in "shared" mode
    When the consumer publishes "<event>" for the invitation with an empty "<field>"
    Then the event is refused

    Examples:
      | event            | field |
      | cobrowseOffered  | ssid  |
      | cobrowseOffered  | svid  |
      | cobrowseAccepted | ssid  |
      | cobrowseAccepted | svid  |
      | cobrowseDeclined | ssid  |
      | cobrowseDeclined | svid  |

  @rule:LP-001-34
  Scenario Outline: cobrowseOffered needs every mandatory field
    Given a consumer with the CO_BROWSE feature in a messaging conversation with an agent
    And the agent has sent a CoBrowse invitation in "shared" mode
    When the consumer publishes "cobrowseOffered" for the invitation without "<field>"
    Then the event is refused

    Examples:
      | field       |
      | serviceId   |
      | agentId     |
      | visitorName |
      | ssid        |
      | svid        |

  @rule:LP-001-34
  Scenario: cobrowseOffered with the mandatory fields is accepted
    Given a consumer with the CO_BROWSE feature in a messaging conversation with an agent
    And the agent has sent a CoBrowse invitation in "shared" mode
    When the consumer publishes "cobrowseOffered" for the invitation
    Then the event is accepted

  @rule:LP-001-35
  Scenario Outline: cobrowseOffered is accepted with and without the optional fields
    Given a consumer with the CO_BROWSE feature in a messaging conversation with an agent
    And the agent has sent a CoBrowse invitation in "shared" mode
    When the consumer publishes "cobrowseOffered" for the invitation <optional>
    Then the event is accepted
    And the differing descriptions of cid are reported as a documented discrepancy

    Examples:
      | optional                               |
      | with the optional fields scid, cid and eid |
      | with the optional field cid            |
      | without the optional fields            |

  @rule:LP-001-37
  Scenario Outline: cobrowseAccepted needs every mandatory field
    Given a consumer with the CO_BROWSE feature in a messaging conversation with an agent
    And the agent has sent a CoBrowse invitation in "shared" mode
    When the consumer publishes "cobrowseAccepted" for the invitation without "<field>"
    Then the event is refused

    Examples:
      | field       |
      | serviceId   |
      | agentId     |
      | visitorName |
      | ssid        |
      | svid        |

  @rule:LP-001-37
  Scenario: cobrowseAccepted with the mandatory fields is accepted
    Given a consumer with the CO_BROWSE feature in a messaging conversation with an agent
    And the agent has sent a CoBrowse invitation in "shared" mode
    When the consumer publishes "cobrowseAccepted" for the invitation
    Then the event is accepted

  @rule:LP-001-38
  Scenario Outline: cobrowseAccepted is accepted with and without the optional fields
    Given a consumer with the CO_BROWSE feature in a messaging conversation with an agent
    And the agent has sent a CoBrowse invitation in "shared" mode
    When the consumer publishes "cobrowseAccepted" for the invitation <optional>
    Then the event is accepted

    Examples:
      | optional                               |
      | with the optional fields scid, cid and eid |
      | with the optional field eid            |
      | without the optional fields            |

  @rule:LP-001-40
  Scenario Outline: cobrowseDeclined needs every mandatory field
    Given a consumer with the CO_BROWSE feature in a messaging conversation with an agent
    And the agent has sent a CoBrowse invitation in "shared" mode
    When the consumer publishes "cobrowseDeclined" for the invitation without "<field>"
    Then the event is refused

    Examples:
      | field       |
      | serviceId   |
      | agentId     |
      | visitorName |
      | ssid        |
      | svid        |

  @rule:LP-001-40
  Scenario: cobrowseDeclined with the mandatory fields is accepted
    Given a consumer with the CO_BROWSE feature in a messaging conversation with an agent
    And the agent has sent a CoBrowse invitation in "shared" mode
    When the consumer publishes "cobrowseDeclined" for the invitation
    Then the event is accepted

  @rule:LP-001-41
  Scenario Outline: cobrowseDeclined is accepted with and without the optional fields
    Given a consumer with the CO_BROWSE feature in a messaging conversation with an agent
    And the agent has sent a CoBrowse invitation in "shared" mode
    When the consumer publishes "cobrowseDeclined" for the invitation <optional>
    Then the event is accepted

    Examples:
      | optional                               |
      | with the optional fields scid, cid and eid |
      | with the optional field scid           |
      | without the optional fields            |
