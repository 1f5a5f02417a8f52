"""Tickets: reporters, reports and their lifecycle, SLA clocks and the append-only history."""
