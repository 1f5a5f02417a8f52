"""SLA clocks: working-calendar arithmetic, clock durations and deadline policies."""
