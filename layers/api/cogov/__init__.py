"""Co-governance API (issue 8): topics, partner units, volunteer teams, 吹哨报到 summonses."""
