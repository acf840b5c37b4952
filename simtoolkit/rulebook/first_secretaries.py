"""First secretaries posted to villages (RULES.md §D): their days, visits and yearly assessment by the
三定一诺双评 rulebook. The mechanism is `behaviour.first_secretary.Posting`."""

from __future__ import annotations

from simtoolkit.behaviour import first_secretary

from .component import Component


class FirstSecretaries(Component):
    """First secretaries on the calendar."""

    order = 70
    requires = ("policy.first_secretary_posting",)
    reads = ("policy.first_secretary", "behaviour.first_secretary")
    moments = ("month", "year_report")
    items = ("first_secretary_stipend",)
    indicators = ("first_secretar*", "community_services_short")

    def __init__(self, model):
        super().__init__(model)
        self.mechanism = model.first_secretaries = first_secretary.Posting(model)

    def month(self, P, m: int) -> None:
        """Working days and visits of the month."""
        self.mechanism.monthly(self.model, P)

    def year_report(self, P, m: int) -> None:
        """The yearly assessment, grades and rotation."""
        self.mechanism.yearly(self.model, P)
