"""Money: the ledger every payment goes through, and its vocabulary of items and payers."""

from .ledger import FEN_PER_YUAN, Ledger, to_fen
from .vocabulary import item_index, items, label, payer_index, payers, run_codes, union_codes

__all__ = ["FEN_PER_YUAN", "Ledger", "item_index", "items", "label", "payer_index", "payers", "run_codes", "to_fen",
           "union_codes"]
