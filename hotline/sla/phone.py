"""The phone line's service level: callers answered within a target wait, the classic 80/20 of
contact centres. One definition for the month's published figures, the staffing table (Erlang C)
and the call centre's reports, so the three never measure against different targets."""

ANSWER_TARGET_SECONDS = 20  # a caller counts as answered in time within this wait
SERVICE_LEVEL_GOAL = 0.8  # the share of callers to answer in time
