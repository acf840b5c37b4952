"""The world: columnar agent tables, their synthesis from a scenario, and per-agent views."""

from .tables import Heads, Households, Members, Retirees, Townships, Villages
from .world import World

__all__ = ["Heads", "Households", "Members", "Retirees", "Townships", "Villages", "World"]
