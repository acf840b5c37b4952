"""The CJK font of the figures: Noto Sans CJK SC from the `noto-cjk-sans-otc` dependency (SIL OFL 1.1).

It is registered with matplotlib by path, so Chinese labels render the same on every machine
that installed the package, whatever fonts the system has.
"""

from __future__ import annotations

from functools import cache

import matplotlib
from matplotlib import font_manager

FAMILY = "Noto Sans CJK SC"


@cache
def register() -> str:
    """Add the bundled font to matplotlib once and make it the first sans-serif family; returns its name."""
    import noto_cjk_sans_otc

    font_manager.fontManager.addfont(str(noto_cjk_sans_otc.FONT_PATH))
    matplotlib.rcParams["font.family"] = "sans-serif"
    matplotlib.rcParams["font.sans-serif"] = [FAMILY, *matplotlib.rcParams["font.sans-serif"]]
    matplotlib.rcParams["axes.unicode_minus"] = False  # the font's minus sign, not U+2212 which some fonts lack
    return FAMILY
