"""The budget office: cost projections with bands, lifelong liabilities, life tables."""
