"""Words of the dashboard in Chinese and English."""

from __future__ import annotations

from simtoolkit.report.labels import pick

WORDS = {
    "title": ("村(社区)干部激励政策模拟", "Village cadre incentive policy simulator"),
    "scenario": ("方案", "Scenario"),
    "language": ("语言", "Language"),
    "reps": ("重复次数", "Replications"),
    "years": ("模拟年数", "Years"),
    "reset": ("恢复原值", "Reset"),
    "save": ("另存为改革方案", "Save as reform TOML"),
    "save_path": ("文件", "File"),
    "saved": ("已保存 {path}(运行:simtoolkit run {path})", "saved {path} (run: simtoolkit run {path})"),
    "save_failed": ("无法保存:{reason}", "cannot save: {reason}"),
    "save_exists": ("{path} 已存在:再次点击保存将覆盖它,或换一个文件名", "{path} exists: click save again to replace it, or type another name"),
    "nothing_changed": ("未修改任何参数,仍可保存", "no parameter changed; the file only extends the base"),
    "computing": ("计算中… {done}/{total}", "computing… {done}/{total}"),
    "ready": ("已更新:{reps} 次重复,{years} 年,用时 {seconds:.1f} 秒", "updated: {reps} replications, {years} years, {seconds:.1f} s"),
    "invalid": ("参数组合无效,未重新计算", "invalid combination: not recomputed"),
    "failed": ("计算失败:{reason}", "computation failed: {reason}"),
    "by_year": ("按年", "by year"),
    "group_on": ("启用", "on"),
    "group_off": ("未启用:本方案不含此机制", "off: the scenario runs without this mechanism"),
    "needs_values": ("启用前需填写:{names}", "needs values before it can run: {names}"),
    "needed": ("需填写", "needed"),
    "values_from": ("取值来自", "values from"),
    "values_empty": ("空白(逐项填写)", "empty (type each value)"),
    "changed": ("已修改 {n} 项", "{n} changed"),
    "area_policy": ("政策", "Policy"),
    "area_behaviour": ("行为假设", "Behaviour"),
    "area_population": ("人口", "Population"),
    "tab_results": ("结果", "Results"),
    "tab_inspector": ("个体查看", "Inspector"),
    "total_cost": ("总支出", "Total cost"),
    "fiscal_cost": ("财政支出", "Fiscal cost"),
    "incremental_cost": ("比原方案增加", "Incremental cost"),
    "cost_per_star": ("每星每年星级相关支出", "Star-linked cost per star-year"),
    "two_stars_share": ("末年2星及以上主干占比", "Heads with 2+ stars, last year"),
    "band": ("{level}%区间", "{level}% band"),
    "wan_yuan": ("万元", "10k yuan"),
    "yuan": ("元", "yuan"),
    "stars_figure": ("星级分布(参评主干人数)", "Star distribution (rated heads)"),
    "costs_figure": ("各项支出(万元/年,均值)", "Cost by item (10k yuan a year, mean)"),
    "difference_figure": ("与原方案相比每年支出差额(万元,同种子配对)", "Yearly cost difference from the unchanged scenario (10k yuan, paired)"),
    "year": ("年份", "year"),
    "heads": ("人数", "heads"),
    "stars": ("{n}星", "{n}★"),
    "no_stars": ("本方案没有星级评定", "no star rating in this scenario"),
    "mean": ("均值", "mean"),
    "level": ("层级", "Level"),
    "township": ("乡镇", "Township"),
    "village": ("村(社区)", "Village"),
    "head": ("主干", "Head"),
    "inspect": ("运行一次并查看", "Run once and inspect"),
    "inspect_note": ("第 0 次重复,当前参数,{years} 年", "replication 0, current settings, {years} years"),
    "village_name": ("{township}第{n}村", "{township} village {n}"),
    "community_name": ("{township}第{n}社区", "{township} community {n}"),
    "score": ("年度得分", "score"),
    "quantitative": ("量化得分", "quantitative"),
    "grade": ("等次", "grade"),
    "pay": ("收入(元)", "pay (yuan)"),
    "person": ("人员编号", "person"),
    "satisfaction": ("农户满意度", "household satisfaction"),
    "satisfaction_mean": ("平均满意度", "mean satisfaction"),
    "satisfaction_share": ("户数占比", "share of households"),
    "mean_score": ("主干平均得分", "heads' mean score"),
    "cost": ("支出(元)", "cost (yuan)"),
}

GRADES = {0: ("优秀", "excellent"), 1: ("合格", "qualified"), 2: ("基本合格", "basically qualified"),
          3: ("不合格", "unqualified"), -1: ("—", "—")}


def word(key: str, lang: str, **fmt) -> str:
    """A dashboard word in 'zh' or 'en', formatted."""
    return pick(WORDS, key, lang, **fmt)


def grade_word(code: int, lang: str) -> str:
    """The name of a grade code."""
    zh, en = GRADES.get(int(code), (str(code), str(code)))
    return zh if lang == "zh" else en
