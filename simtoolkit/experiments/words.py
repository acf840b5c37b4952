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
    "failed_count": ("警告:{n} 次重复失败,未计入结果{where}", "warning: {n} replication(s) failed and are left out of the results{where}"),
    "failed_where": (";全部列于 {path}", "; every one is listed in {path}"),
    "failed_one": ("  {job}({scenario})第 {replication} 次重复:{error}", "  {job} ({scenario}) replication {replication}: {error}"),
    "failed_more": ("  …… 另有 {n} 次", "  ... and {n} more"),
    "long_run": ("警告:预计这次运行在 {workers} 个进程上约需 {wall}(CPU 时间 {cpu}),内存约 {memory};给出 --out 时按 Ctrl-C 会保留已完成的部分",
                 "warning: this run is estimated to take about {wall} on {workers} worker(s) ({cpu} of CPU) and about {memory} of "
                 "memory; Ctrl-C keeps what is finished when --out is given"),
    "bar": ("重复", "replications"),
    "bar_unit": ("次", "rep"),
    "hours": ("{n} 小时", "{n} hours"),
    "minutes": ("{n} 分钟", "{n} minutes"),
    "interrupted_kept": ("已中断:{total} 次重复中已完成的 {done} 次保存在 {path};再次运行同一命令即可完成其余部分",
                         "interrupted: {done} of {total} replications are kept in {path}; run the same command again to finish the rest"),
    "interrupted_lost": ("已中断:完成 {total} 次重复中的 {done} 次(未指定 --out,没有保存)",
                         "interrupted after {done} of {total} replications (nothing kept: no --out)"),
}


def word(key: str, lang: str, **fmt) -> str:
    """A word in 'zh' or 'en', formatted."""
    return pick(WORDS, key, lang, **fmt)
