"""Full-time cadres beyond the heads (deputies, clerks): the posts that fill each village.

Deputies and clerks take rows in the same table as the heads (one row per post, successors take the
slot), so the monthly score, annual assessment, turnover and succession apply to every full-time cadre.
"""

from __future__ import annotations

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
