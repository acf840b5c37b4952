"""Words of the analysis commands' printed lines and tables (sensitivity, calibrate, optimise), in Chinese and English."""

from __future__ import annotations

from simtoolkit.report.vocabulary import pick

WORDS = {
    # the line each command starts with (stderr)
    "sobol": ("Sobol 指数:{d} 个参数,{points} 个点 × {reps} 次重复,{years} 年,种子 {seed}",
              "sobol: {d} parameters, {points} points × {reps} replication(s), {years} years, seed {seed}"),
    "morris": ("Morris 筛选:{d} 个参数,{points} 个点 × {reps} 次重复,{years} 年,种子 {seed}",
               "morris: {d} parameters, {points} points × {reps} replication(s), {years} years, seed {seed}"),
    "calibrate": ("校准:{d} 个参数,{rounds} 轮 × 每轮 {samples} 个点 × {reps} 次重复,{years} 年,种子 {seed}",
                  "calibrate: {d} parameters, {rounds} rounds × {samples} points × {reps} replication(s), {years} years, seed {seed}"),
    "optimise": ("优化:{d} 个政策参数,{rounds} 代,每代约 {samples} 个方案 × {reps} 次重复,{years} 年,种子 {seed}",
                 "optimise: {d} levers, {rounds} generations of about {samples} settings × {reps} replication(s), {years} years, "
                 "seed {seed}"),
    # the last lines
    "summary": ("新运行 {ran} 次重复,沿用已有结果 {reused} 次", "{ran} replications run, {reused} reused from earlier runs"),
    "summary_failed": (",失败 {n} 次", ", {n} FAILED"),
    "summary_invalid": (",{n} 个点未通过情景检查", ", {n} point(s) rejected by the scenario's checks"),
    "warning": ("警告:{text}", "warning: {text}"),
    "constant": ("注意:{name} 在整个设计中没有变化,各指数均为 0", "note: {name} did not vary over the design: every index is 0"),
    "relaxed": ("注意:第 {rounds} 轮落在 epsilon {epsilon:g} 以内的点不足两个,改为接受最接近的 {share:.0%},因此区间不是 epsilon 对应的区间",
                "note: in round(s) {rounds} fewer than two points were within epsilon {epsilon:g}; the closest {share:.0%} were "
                "accepted instead, so the intervals are not those of epsilon"),
    "reproduces": ("拟合后的情景再现了全部目标(另一种子)", "the fitted scenario reproduces every target (another seed)"),
    "misses": ("警告:拟合后的情景未能在容差内再现全部目标", "WARNING: the fitted scenario does not reproduce every target within its tolerance"),
    "best": ("最优方案({cost} ≤ {ceiling:,.0f}):", "best setting ({cost} ≤ {ceiling:,.0f}):"),
    "none_within": ("没有任何方案不超过上限({ceiling:,.0f})", "no setting evaluated keeps within the ceiling ({ceiling:,.0f})"),
    "yes": ("是", "yes"),
    "no": ("否", "no"),
}
# the columns of the printed tables (the CSV files keep the codes)
COLUMNS = {
    "output": ("指标", "output"),
    "parameter": ("参数", "parameter"),
    "S1": ("一阶指数", "S1"),
    "S1_low": ("一阶下限", "S1 low"),
    "S1_high": ("一阶上限", "S1 high"),
    "ST": ("总效应指数", "ST"),
    "ST_low": ("总效应下限", "ST low"),
    "ST_high": ("总效应上限", "ST high"),
    "mu": ("平均效应 μ", "mu"),
    "mu_star": ("绝对平均效应 μ*", "mu*"),
    "mu_star_low": ("μ* 下限", "mu* low"),
    "mu_star_high": ("μ* 上限", "mu* high"),
    "sigma": ("效应标准差 σ", "sigma"),
    "estimate": ("估计值", "estimate"),
    "posterior_mean": ("后验均值", "posterior mean"),
    "posterior_sd": ("后验标准差", "posterior sd"),
    "low": ("区间下限", "low"),
    "high": ("区间上限", "high"),
    "prior_low": ("先验下限", "prior low"),
    "prior_high": ("先验上限", "prior high"),
    "accepted": ("接受点数", "accepted"),
    "target": ("目标值", "target"),
    "tolerance": ("容差", "tolerance"),
    "mean": ("均值", "mean"),
    "within": ("在容差内", "within"),
    "feasible": ("不超上限", "within ceiling"),
}


def word(key: str, lang: str, **fmt) -> str:
    """A word of the analysis commands in 'zh' or 'en', formatted."""
    return pick(WORDS, key, lang, **fmt)
