"""Words of the experiment commands' printed tables, in Chinese and English."""

from __future__ import annotations

from simtoolkit.report.vocabulary import pick

WORDS = {
    "compare.header": ("基线 {base} 与改革 {reform} 配对比较:{reps} 次重复(相同随机数),种子 {seed},{years} 年;"
                       "差值区间为逐次配对差值的 {level}% 百分位区间",
                       "{reform} against {base}: {reps} paired replications (common random numbers), seed {seed}, {years} years; "
                       "the band is the {level}% percentile band of the paired differences"),
    "compare.horizon": ("全期({span};费用为合计,星级为末年人数)", "Whole horizon ({span}; costs summed, stars in the last year)"),
    "compare.by_year": ("逐年总费用及其中财政与非财政费用(元)", "Total cost by year, fiscal and non-fiscal (yuan)"),
    "compare.metric": ("指标", "metric"),
    "compare.base": ("基线", "base"),
    "compare.reform": ("改革", "reform"),
    "compare.diff": ("差值 [{level}%区间]", "difference [{level}% band]"),
    "compare.no_stars": ("基线方案没有星级评定:不列星级人数差值", "the base has no star rating: no star differences shown"),
    "compare.reform_no_stars": ("改革方案没有星级评定:其各星级人数为 0", "the reform has no star rating: its star counts are 0"),
    "sweep.header": ("参数扫描 {name}:{points} 个点 × {reps} 次重复,种子 {seed},{years} 年(各点使用相同随机数)",
                     "Sweep of {name}: {points} points × {reps} replications, seed {seed}, {years} years "
                     "(common random numbers at every point)"),
    "sweep.total": ("全期费用合计(元)均值 [{level}%区间]", "total cost over the horizon (yuan), mean [{level}% band]"),
    "sweep.reps": ("重复次数", "replications"),
    "sweep.keys": ("扫描的参数:{keys}", "swept parameters: {keys}"),
    "sweep.fiscal": ("全期财政费用(元)均值", "fiscal cost over the horizon (yuan), mean"),
}


def word(key: str, lang: str, **fmt) -> str:
    """A word in 'zh' or 'en', formatted."""
    return pick(WORDS, key, lang, **fmt)
