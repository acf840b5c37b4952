"""What `simtoolkit calibrate` prints of its targets and of the data check, in Chinese or English."""

from __future__ import annotations

import pandas as pd

from simtoolkit.report.terminal import prose, records_text
from simtoolkit.report.vocabulary import cite, pick

WORDS = {
    "targets": ("目标(观测值)", "Targets (observed)"),
    "output": ("指标", "output"),
    "observed": ("观测值", "observed"),
    "use": ("用途", "use"),
    "why": ("来源或理由", "source or reason"),
    "--target": ("命令行给出", "given on the command line"),
    "fit": ("拟合", "fitted"),
    "validate": ("留作检验", "held out"),
    "identity": ("恒等式,不作证据", "identity, not evidence"),
    "uncertainty": ("参数估计及其不确定性(含数据本身的随机性:{n} 次数据重复重新拟合,{level}% 区间)",
                    "Estimates and their uncertainty with the data's noise (refitted on {n} data replications, {level}% band)"),
    "parameter": ("参数", "parameter"),
    "estimate": ("估计值", "estimate"),
    "sd": ("标准差", "sd"),
    "low": ("下限", "low"),
    "high": ("上限", "high"),
    "at_edge": ("落在搜索边界的比例", "share at the box's edge"),
    "validation": ("检验:未用于拟合的数字({level}% 区间:模型正确时观测值应落在其中)",
                   "Validation against figures not used to fit ({level}% band: where the observed figure falls when the model is right)"),
    "predicted": ("预测值", "predicted"),
    "p_value": ("p值", "p"),
    "passes": ("通过", "passes"),
    "yes": ("是", "yes"),
    "no": ("否", "NO"),
    "identities": ("恒等式(参数无法改变,只列出模拟值):{rows}", "Identities (no parameter moves them; simulated values only): {rows}"),
    "identity_row": ("{name} 观测 {observed},模拟 {simulated}", "{name}: observed {observed}, simulated {simulated}"),
    "fit_check": ("拟合检验:{targets} 个拟合目标、{parameters} 个参数;剩余距离 {distance:.3g},数据重复中不小于它的比例 p = {p:.2f}",
                  "Fit check: {targets} fitted targets, {parameters} parameters; distance left {distance:.3g}, "
                  "share of data replications leaving at least as much p = {p:.2f}"),
    "exact": ("(目标数不多于参数数:拟合本身只在数据超出可达范围时失败,检验靠留出的数字)",
              " (no more targets than parameters: the fit itself fails only when the data lie beyond reach; the held-out figures test it)"),
    "verdict_pass": ("结论:拟合检验与全部留出检验通过", "Verdict: the fit check and every validation pass"),
    "verdict_fail": ("结论:模型被拒绝——{failed}", "Verdict: the model is REJECTED — {failed}"),
    "failed_fit": ("拟合检验未通过", "the fit check fails"),
    "failed_validation": ("留出检验未通过:{names}", "validation fails: {names}"),
}


def word(key: str, lang: str, **fmt) -> str:
    """A word of the calibration's check."""
    return pick(WORDS, key, lang, **fmt)


def targets_text(targets, outcome, lang: str) -> str:
    """Every target: output, observed value, use, and its source (fitted) or reason (held out, identity)."""
    rows = [{word("output", lang): outcome(t.outcome.name), word("observed", lang): number(t.value),
             word("use", lang): word(t.use, lang), word("why", lang): _short(in_language(t.reason, lang) or (word(t.source, lang) if t.source in WORDS else cite(t.source, lang)))} for t in targets]
    return word("targets", lang) + "\n" + records_text(pd.DataFrame(rows))


def check_text(check, identities, data_mean: dict, outcome, parameter, reps: int, level: float, lang: str) -> str:
    """The estimates with their uncertainty, the fit check, the validation, the identities and the verdict."""
    pct = round(level * 100)
    estimates = check.parameters.assign(parameter=[parameter(k) for k in check.parameters["parameter"]])
    lines = [word("uncertainty", lang, n=reps, level=pct), records_text(_headed(estimates, lang), number=".4g"), ""]
    c = check.fit_check
    lines.append(prose(word("fit_check", lang, targets=c["targets"], parameters=c["parameters"], distance=c["distance"], p=c["p_value"])
                       + (word("exact", lang) if c["targets"] <= c["parameters"] else "")))
    if len(check.validation):
        v = check.validation.drop(columns="source")
        v = v.assign(output=[outcome(o) for o in v["output"]], passes=[word("yes" if p else "no", lang) for p in v["passes"]],
                     **{c: [number(x) for x in v[c]] for c in ("observed", "predicted", "low", "high")})
        lines += ["", word("validation", lang, level=pct), records_text(_headed(v, lang), number=".2f")]
    if identities:
        rows = ("; " if lang == "en" else ";").join(
            word("identity_row", lang, name=outcome(t.outcome.name), observed=number(t.value), simulated=number(data_mean[t.outcome.name]))
            for t in identities)
        lines += ["", prose(word("identities", lang, rows=rows))]
    lines += ["", prose(verdict(check, outcome, lang))]
    return "\n".join(lines)


def verdict(check, outcome, lang: str) -> str:
    """One line: passes, or which check rejects the model."""
    if check.passes:
        return word("verdict_pass", lang)
    failed = [] if check.fit_check["passes"] else [word("failed_fit", lang)]
    names = [outcome(o) for o, ok in zip(check.validation["output"], check.validation["passes"]) if not ok]
    if names:
        failed.append(word("failed_validation", lang, names=", ".join(names)))
    return word("verdict_fail", lang, failed="; ".join(failed))


def in_language(text: str, lang: str) -> str:
    """The part of a 'Chinese | English' text in `lang` (the whole text when it has one language)."""
    zh, sep, en = text.partition(" | ")
    return (zh if lang == "zh" else en).strip() if sep else text


def number(x: float) -> str:
    """A figure as a reader wants it: yuan-sized numbers whole with separators, counts with a few digits."""
    return f"{x:,.0f}" if abs(x) >= 1000 else f"{x:.4g}"


def _headed(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Columns renamed to their words."""
    return frame.rename(columns={c: word(c, lang) for c in frame.columns if c in WORDS})


def _short(text: str, limit: int = 60) -> str:
    """A source or reason cut to `limit` characters (the files hold them whole)."""
    return text if len(text) <= limit else text[:limit - 1] + "…"
