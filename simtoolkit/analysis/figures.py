"""Figures of the analyses, drawn from the tables they write (matplotlib Figure, no pyplot state, zh/en labels)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from simtoolkit.report.fonts import register
from simtoolkit.report.vocabulary import pick

WORDS = {
    "first": ("一阶指数 S1", "first order S1"), "total": ("总效应指数 ST", "total order ST"),
    "mu_star": ("μ*(平均绝对基本效应)", "μ* (mean absolute elementary effect)"), "sigma": ("σ", "σ"),
    "sobol": ("Sobol 敏感性指数({level}% 区间)", "Sobol indices ({level}% intervals)"),
    "morris": ("Morris 筛选(μ* 的 {level}% 区间)", "Morris screening ({level}% intervals of μ*)"),
    "evaluated": ("已评估方案", "settings evaluated"), "over": ("超过上限", "above the ceiling"),
    "frontier": ("前沿", "frontier"), "ceiling": ("年度财政上限", "annual fiscal ceiling"), "best": ("最优方案", "best setting"),
    "target": ("目标", "target"), "simulated": ("拟合后模拟({level}% 区间)", "fitted, simulated ({level}% band)"),
    "accepted": ("接受的参数(后验样本)", "accepted parameters (posterior sample)"), "estimate": ("估计值", "estimate"),
    "fit": ("校准检验", "calibration check"),
}


def word(key: str, lang: str, **fmt) -> str:
    """A figure word in the given language."""
    return pick(WORDS, key, lang, **fmt)


def _save(fig: Figure, path: Path) -> None:
    """Write a PNG without a timestamp, so equal figures give equal files."""
    fig.savefig(path, dpi=120, metadata={"Software": None})


def sensitivity_figure(indices: pd.DataFrame, method: str, names: Callable[[str], str], outputs: Callable[[str], str],
                       level: float, lang: str, path: Path) -> None:
    """Horizontal bars per output: S1 and ST (Sobol) or μ* with σ marked (Morris), each with its interval."""
    register()
    groups = list(dict.fromkeys(indices["output"]))
    params = list(dict.fromkeys(indices["parameter"]))
    fig = Figure(figsize=(8, 1.2 + len(groups) * (0.5 + 0.45 * len(params))), layout="constrained")
    axes = fig.subplots(len(groups), 1, squeeze=False)[:, 0]
    y = np.arange(len(params))
    for ax, output in zip(axes, groups):
        rows = indices[indices["output"] == output].set_index("parameter").loc[params]
        if method == "sobol":
            for shift, key, label in ((-0.2, "S1", "first"), (0.2, "ST", "total")):
                err = np.vstack([rows[key] - rows[f"{key}_low"], rows[f"{key}_high"] - rows[key]])
                ax.barh(y + shift, rows[key], height=0.4, xerr=err, capsize=2, label=word(label, lang))
        else:
            err = np.vstack([rows["mu_star"] - rows["mu_star_low"], rows["mu_star_high"] - rows["mu_star"]])
            ax.barh(y, rows["mu_star"], height=0.6, xerr=err, capsize=2, label=word("mu_star", lang))
            ax.plot(rows["sigma"], y, "k|", markersize=14, label=word("sigma", lang))
        ax.set_yticks(y, [names(p) for p in params])
        ax.invert_yaxis()
        ax.set_title(outputs(output), fontsize=10)
        ax.axvline(0.0, color="grey", linewidth=0.5)
    axes[0].legend(loc="lower right", fontsize=8)
    fig.suptitle(word(method, lang, level=round(level * 100)))
    _save(fig, path)


def frontier_figure(evaluations: pd.DataFrame, frontier: pd.DataFrame, best: pd.Series | None, ceiling: float,
                    objective_label: str, cost_label: str, lang: str, path: Path) -> None:
    """Every evaluated setting (cost, objective), the frontier, the ceiling and the best setting."""
    register()
    fig = Figure(figsize=(8, 5), layout="constrained")
    ax = fig.add_subplot()
    ok = evaluations["feasible"]
    ax.scatter(evaluations.loc[ok, "cost"], evaluations.loc[ok, "objective"], s=8, color="tab:blue", alpha=0.4,
               label=word("evaluated", lang))
    ax.scatter(evaluations.loc[~ok, "cost"], evaluations.loc[~ok, "objective"], s=8, color="tab:grey", alpha=0.4,
               label=word("over", lang))
    ax.step(frontier["cost"], frontier["objective"], where="post", color="tab:orange", label=word("frontier", lang))
    ax.axvline(ceiling, color="tab:red", linestyle="--", label=word("ceiling", lang))
    if best is not None:
        ax.plot([best["cost"]], [best["objective"]], "*", color="tab:red", markersize=14, label=word("best", lang))
    ax.set_xlabel(cost_label)
    ax.set_ylabel(objective_label)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}"))
    ax.legend(fontsize=8)
    _save(fig, path)


def calibration_figure(check: pd.DataFrame, posterior: pd.DataFrame, estimates: pd.DataFrame, outputs: Callable[[str], str],
                       names: Callable[[str], str], level: float, lang: str, path: Path) -> None:
    """Targets against the fitted scenario's simulated band; a histogram of each fitted parameter's posterior sample."""
    register()
    keys: Sequence[str] = list(estimates["parameter"])
    fig = Figure(figsize=(8, 3.2 + 2.4 * ((len(keys) + 1) // 2)), layout="constrained")
    grid = fig.add_gridspec(1 + (len(keys) + 1) // 2, 2)
    ax = fig.add_subplot(grid[0, :])
    x = np.arange(len(check))
    ax.plot(x, check["target"], "o", color="black", label=word("target", lang))
    err = np.vstack([check["mean"] - check["low"], check["high"] - check["mean"]])
    ax.errorbar(x + 0.1, check["mean"], yerr=err, fmt="s", capsize=3, label=word("simulated", lang, level=round(level * 100)))
    ax.set_xticks(x, [outputs(o) for o in check["output"]], rotation=20, ha="right", fontsize=8)
    ax.set_title(word("fit", lang))
    ax.legend(fontsize=8)
    for i, key in enumerate(keys):
        ax = fig.add_subplot(grid[1 + i // 2, i % 2])
        ax.hist(posterior[key], bins=10, color="tab:blue", alpha=0.6, label=word("accepted", lang))
        ax.axvline(float(estimates.set_index("parameter").loc[key, "estimate"]), color="tab:red", label=word("estimate", lang))
        ax.set_title(names(key), fontsize=9)
        if i == 0:
            ax.legend(fontsize=7)
    _save(fig, path)
