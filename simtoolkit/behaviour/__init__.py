"""Behaviour: how agents respond — performance, votes, events, satisfaction, turnover."""
