"""履历: each head's record of ratings in the post (`rules/history.py`), kept for a county's own conditions — last
year's grade and score, consecutive years at a grade, years at each grade. A new holder starts with none."""

from __future__ import annotations

from simtoolkit.rules import history, stars

from .component import Component


class History(Component):
    """The record of ratings: read by the star formula's conditions (`record`), advanced after each rating."""

    order = 95  # after the rating (90), whose conditions read the record as it stood before this year's grade
    any_of = ("policy.star_formula", "policy.statuses", "policy.grade_pay")  # the blocks whose conditions read the record
    reads = ("policy.rating_cycle",)
    moments = ("rating",)
    state = history.RECORD

    def record(self) -> dict:
        """The record's columns per head slot, with last year's grade (Persistence's): the slots themselves."""
        slots = self.model.slots
        return {"last_grade": slots.last_grade, **{name: getattr(slots, name) for name in history.RECORD}}

    def rating(self, P, m: int) -> None:
        """This year's grade and score into the record; a year with a rating closes the cycle's count."""
        heads = self.model.world.heads
        history.advance(self.record(), heads.grade, heads.score, stars.in_cycle(self.model.year, P)[0])
