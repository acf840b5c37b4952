"""Full-time cadres beyond the heads (deputies, clerks), and per-slot records of the mechanisms that follow them.

Deputies and clerks take rows in the same table as the heads (one row per post, successors take the
slot), so the monthly score, annual assessment, turnover and succession apply to every full-time cadre.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from simtoolkit.rules import roles


def staff_posts(head_village: np.ndarray, n_villages: int, per_village: int, clerks: int) -> tuple[np.ndarray, np.ndarray]:
    """(village, role) of the posts that fill each village up to `per_village` cadres: clerks first, then deputies."""
    heads_here = np.bincount(head_village, minlength=n_villages)
    missing = np.maximum(per_village - heads_here, 0)
    village = np.repeat(np.arange(n_villages), missing)
    position = np.arange(village.size) - np.repeat(np.cumsum(missing) - missing, missing)
    role = np.where(position < clerks, roles.code("clerk"), roles.code("deputy")).astype(np.int8)
    return village.astype(np.int32), role


@dataclass
class CadreRecords:
    """Per-slot state of the professional-cadre mechanisms; reset when a new person takes the slot."""

    person: np.ndarray  # the id of the person these records are about
    days_short: np.ndarray  # this month's days short of the attendance requirement
    quarter_grade: np.ndarray  # last quarterly grade, -1 none
    low_quarters: np.ndarray  # consecutive quarters graded unqualified
    earned: np.ndarray  # pay earned this calendar year (base + quarterly + annual performance)
    trained_term: np.ndarray  # election year of the term in which the cadre was last trained

    @classmethod
    def start(cls, person: np.ndarray, trained_term: int) -> "CadreRecords":
        """Records for the people in post at the start."""
        n = person.size
        return cls(person.copy(), np.zeros(n), np.full(n, -1, np.int8), np.zeros(n, np.int16), np.zeros(n),
                   np.full(n, trained_term, np.int32))

    def renew(self, person: np.ndarray, never: int) -> None:
        """Clear the records of slots whose holder changed."""
        new = person != self.person
        if new.any():
            self.person = person.copy()
            self.days_short[new], self.quarter_grade[new], self.low_quarters[new] = 0.0, -1, 0
            self.earned[new], self.trained_term[new] = 0.0, never
