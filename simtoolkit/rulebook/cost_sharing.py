"""Cost sharing between payers (policy.cost_sharing): from the start, the ledger books each payment of a listed item as
its payers' parts by the shares in force in the year it is paid (ledger/shares.py); the rules that book stay as they are."""

from __future__ import annotations

from .component import Component


class CostSharing(Component):
    """Each payment of a listed item split among payers by their shares, from the year the table says."""

    order = 0  # before any booking
    requires = ("policy.cost_sharing",)

    def __init__(self, model):
        super().__init__(model)
        model.ledger.share(model.config.value("policy.cost_sharing.shares"), model.start_year)
