"""Quality monitoring of the call centre's conversations (issue 18, item 3): evaluation forms as
data, pure scoring, the sampling pool evaluators claim calls from, versioned evaluations with the
officer's acknowledgement or dispute and the coordinator's decision, blind calibration and trends
(docs/CALLCENTRE.md, "Quality monitoring")."""
