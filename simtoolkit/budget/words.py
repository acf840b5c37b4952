"""Words of the budget report in Chinese and English (items, payers and roles come from their vocabularies)."""

from __future__ import annotations

from simtoolkit.report.vocabulary import pick, term

WORDS = {
    # sheets and sections
    "summary": ("摘要", "Summary"),
    "shares": ("项目占比", "Item shares"),
    "per_head_star": ("人均与每星成本", "Per head and per star"),
    "costs_item": ("分年度分项目", "Costs by year and item"),
    "costs_item_band": ("分项目区间", "Item bands"),
    "costs_payer": ("分支付方", "By payer"),
    "costs_township": ("分乡镇", "By township"),
    "costs_role": ("分岗位", "By role"),
    "liabilities": ("长期负债现值", "Liabilities"),
    "cashflows": ("长期负债现金流", "Liability cash flows"),
    "stars": ("星级分布", "Star distribution"),
    "assumptions": ("参数与假设", "Assumptions"),
    "report_title": ("村干部激励制度财政成本测算报告", "Fiscal cost of the village-cadre incentive system"),
    # columns
    "year": ("年份", "Year"),
    "item": ("项目", "Item"),
    "payer": ("支付方", "Payer"),
    "fiscal": ("是否财政资金", "Public budget"),
    "township": ("乡镇", "Township"),
    "role": ("岗位", "Role"),
    "stars_col": ("星级", "Stars"),
    "star_level": ("{n}星", "{n}★"),  # a row or line of one star level (not "stars", the sheet's title)
    "heads_col": ("人数", "Heads"),
    "mean": ("均值(元)", "Mean (yuan)"),
    "low": ("区间下限(元)", "Band low (yuan)"),
    "high": ("区间上限(元)", "Band high (yuan)"),
    "mean_short": ("均值", "mean"),
    "low_short": ("下限", "low"),
    "high_short": ("上限", "high"),
    "mean_wan": ("均值(万元)", "Mean (10,000 yuan)"),
    "share": ("占比", "Share"),
    "basis": ("类别", "Basis"),
    "count_mean": ("人数均值", "Mean count"),
    "count_low": ("人数下限", "Count low"),
    "count_high": ("人数上限", "Count high"),
    "measure": ("指标", "Measure"),
    "value": ("数值", "Value"),
    "parameter": ("参数", "Parameter"),
    "key": ("键", "Key"),
    "unit": ("单位", "Unit"),
    "source": ("来源", "Source"),
    "borrowed": ("借用", "Borrowed"),
    "yes": ("是", "yes"),
    "no": ("否", "no"),
    "promised": ("已承诺(离任人员)", "Promised (former heads)"),
    "accruing": ("在积累(现任主干)", "Accruing (current heads)"),
    "pv_start": ("期初现值(元)", "Present value at the start (yuan)"),
    "pv_end": ("期末现值(元)", "Present value at the end of the projection (yuan)"),
    # summary measures
    "horizon_total": ("预测期总成本", "Total cost over the projection"),
    "incremental_total": ("相对基准的增量成本(预测期合计)", "Incremental cost against the baseline (whole projection)"),
    "year_total": ("{year}年总成本", "Total cost in {year}"),
    "year_incremental": ("{year}年增量成本", "Incremental cost in {year}"),
    "fiscal_total": ("其中财政资金", "of which public budgets"),
    "nonfiscal_total": ("其中非财政资金", "of which other payers"),
    "per_head": ("人均成本(元/人)", "Cost per head (yuan)"),
    "per_star": ("每星成本(星级相关项目,元/星)", "Cost per star held (star-linked items, yuan)"),
    "liability_pv": ("长期负债现值({when})", "Present value of liabilities ({when})"),
    "at_start": ("期初", "at the start"),
    "at_end": ("期末", "at the end"),
    "run_note": ("情景 {scenario};基准 {baseline};重复 {reps} 次;种子 {seed};{years} 年;区间为中间 {level}% 的重复结果;折现率 {rate}%",
                 "scenario {scenario}; baseline {baseline}; {reps} replications, seed {seed}, {years} years; bands hold the central {level}% of replications; discount rate {rate}%"),
    "reading_note": (";年度星级调整按「{reading}」解读", "; yearly star adjustment read as {reading}"),
    # figures
    "fig_stars": ("星级分布(参评主干人数,均值与区间)", "Star distribution (rated heads, mean and band)"),
    "fig_costs": ("分项目年度成本(万元,均值)", "Yearly cost by item (10,000 yuan, mean)"),
    "fig_incremental": ("改革相对基准的增量成本(万元,均值与区间)", "Reform minus baseline (10,000 yuan, mean and band)"),
    "fig_cashflow": ("长期负债现金流(万元,未折现,期末口径)", "Liability cash flows (10,000 yuan, undiscounted, end of projection)"),
    "cashflow_table": ("长期负债现金流(元,未折现,期末口径,各次重复均值)", "Liability cash flows (yuan, undiscounted, end of projection, mean over replications)"),
    "total": ("合计(元)", "Total (yuan)"),
    "total_short": ("合计", "Total"),
    "grid_note": ("各次重复均值(元)", "Mean over replications (yuan)"),
    "per_star_note": ("元;区间为各次重复的中间部分;按支付年份计,星级奖励若在评定次年兑现,首年每星成本只含当年已发放的星级相关项目",
                      "yuan; bands hold the central replications; by year paid: where star awards are paid the year after the "
                      "rating, the first year's cost per star holds only the star-linked items paid that year"),
    "axis_year": ("年份", "year"),
    "axis_heads": ("人数", "heads"),
    "axis_wan": ("万元", "10,000 yuan"),
}


def word(key: str, lang: str, **fmt) -> str:
    """A report word in 'zh' or 'en', formatted."""
    return pick(WORDS, key, lang, **fmt)


__all__ = ["WORDS", "term", "word"]  # term: the one vocabulary's, for the budget report's codes
