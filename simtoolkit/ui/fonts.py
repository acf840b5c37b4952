"""A Chinese font for the dashboard's figures: the project's `simtoolkit.report.fonts` when present.

Fallback until that module lands: pick the first installed font family that has CJK glyphs
(system fonts such as WenQuanYi or Noto CJK, which `bin/setup-browser` installs on Debian).
"""

from __future__ import annotations

from functools import cache

# Families with Chinese glyphs, most complete first; a name list, not policy.
CJK_FAMILIES = ("Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "WenQuanYi Zen Hei",
                "SimHei", "Microsoft YaHei", "PingFang SC", "Heiti SC", "AR PL UMing CN")


@cache
def chinese_font() -> str | None:
    """Configure matplotlib for Chinese labels once; the family used, or None when none is installed."""
    try:
        from simtoolkit.report import fonts  # type: ignore[attr-defined]
    except ImportError:
        fonts = None
    if fonts is not None:
        for name in ("use_chinese_font", "setup", "configure"):
            if hasattr(fonts, name):
                return getattr(fonts, name)()
    import matplotlib
    from matplotlib import font_manager

    family = _installed_family(font_manager)
    if family is None:  # matplotlib's cache may predate the font's installation: add new system fonts
        known = {f.fname for f in font_manager.fontManager.ttflist}
        for path in font_manager.findSystemFonts():
            if path not in known:
                font_manager.fontManager.addfont(path)
        family = _installed_family(font_manager)
    if family:
        matplotlib.rcParams["font.sans-serif"] = [family, *matplotlib.rcParams["font.sans-serif"]]
        matplotlib.rcParams["font.family"] = "sans-serif"
        matplotlib.rcParams["axes.unicode_minus"] = False
    return family


def _installed_family(font_manager) -> str | None:
    """The first CJK family matplotlib knows of."""
    installed = {f.name for f in font_manager.fontManager.ttflist}
    return next((f for f in CJK_FAMILIES if f in installed), None)
