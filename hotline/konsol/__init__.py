"""The staff console /konsol: verification, agency queues, supervision, operators, administration."""
