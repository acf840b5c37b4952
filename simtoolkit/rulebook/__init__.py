"""The rulebook: every rule a declared component that the model's calendar runs (DESIGN.md §10).

A component (`component.Component`) declares the schema groups that switch it on, the per-slot state
it owns (renewed in one place on succession), the calendar moments it acts at, the ledger items it
books and the indicators it reports. `Rulebook` selects the components a scenario has, in calendar
order; `CountyModel` is the calendar that runs them.
"""

from .book import Rulebook
from .component import Component

__all__ = ["Component", "Rulebook"]
