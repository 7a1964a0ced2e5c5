"""The planner: Profile + Catalog + Rulebook -> Plan, pure and clock-free."""
