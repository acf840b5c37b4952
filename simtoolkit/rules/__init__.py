"""Rules: pure vectorised functions over agent tables; every number arrives as a parameter."""
