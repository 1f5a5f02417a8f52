"""The one publication gate: everything a stranger can read of a report comes from here.

Write side (`gate.py`): the projection is written only by the ticket core's publishing steps.
Read side (`reads.py`): the queries of every public page and feed. Nothing else on a public
route reads tickets, their history or reporters (docs/PRIVACY.md, "The publication gate").
"""
