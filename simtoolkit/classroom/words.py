"""Words of the classroom's pages in Chinese and English (codes and shared words come from the one vocabulary)."""

from __future__ import annotations

from simtoolkit.report.vocabulary import WORDS as SHARED, pick

WORDS = {
    "title": ("星级化管理培训课堂", "Star-rating training classroom"),
    "trainer": ("培训师控制台", "Trainer's console"),
    "trainee": ("学员页面", "Trainee's page"),
    "language_other": ("English", "中文"),
    "listening": ("本课堂在 {address} 上提供服务", "This classroom listens on {address}"),
    "join_code": ("加入码", "Join code"),
    "join_link": ("加入链接", "Join link"),
    "join": ("加入课堂", "Join the class"),
    "your_name": ("姓名", "Your name"),
    "join_failed": ("无法加入:课堂未开放、加入码错误或座位已满", "Cannot join: the class is not open, the code is wrong or every seat is taken"),
    "open": ("开放加入", "Open for joining"),
    "start": ("开始", "Start"),
    "pause": ("暂停", "Pause"),
    "next_year": ("下一年", "Next year"),
    "next_quarter": ("下一季度", "Next quarter"),
    "by_year": ("按年", "By year"),
    "by_quarter": ("按季度", "By quarter"),
    "auto_seconds": ("自动推进(秒,0为手动)", "Advance by itself after (s, 0: by hand)"),
    "phase_setup": ("准备中", "Setting up"),
    "phase_open": ("已开放加入", "Open for joining"),
    "phase_running": ("进行中", "Running"),
    "phase_paused": ("已暂停", "Paused"),
    "phase_finished": ("已结束", "Finished"),
    "period_year": ("{year}年", "{year}"),
    "period_quarter": ("{year}年第{q}季度", "{year} Q{q}"),
    "now": ("当前", "Now"),
    "seat": ("座位", "Seat"),
    "name": ("学员", "Trainee"),
    "joined": ("已加入 {n}/{total}", "joined {n}/{total}"),
    "answered": ("本期已选择", "chosen this period"),
    "yes": ("是", "yes"),
    "no": ("否", "no"),
    "village": ("村", "village"),
    "effort": ("努力程度", "effort"),
    "effort_help": ("拖动滑块选择本期的努力程度(0—100%),再点“确定”。",
                    "Drag the slider to choose this period's effort (0–100%), then press “Confirm”."),
    "confirm": ("确定", "Confirm"),
    "chosen": ("已选择 {effort}", "chosen: {effort}"),
    "best": ("模型的最优反应", "the model's best response"),
    "suggestion": ("若不作选择,将沿用模型的最优反应:{effort}", "If you do not choose, the model's best response holds: {effort}"),
    "silent": ("未选择(沿用模型最优反应)", "silent (the model's best response)"),
    "waiting": ("等待培训师开始", "Waiting for the trainer to start"),
    "score": ("年度得分", "score"),
    "month_score": ("月度量化得分", "monthly score"),
    "month": ("{m}月", "month {m}"),
    "satisfaction": ("村民满意度", "villagers' satisfaction"),
    "grade": ("等次", "grade"),
    "rank": ("名次", "rank"),
    "rank_of": ("第{rank}名/共{size}人(优秀名额{places}个)", "{rank} of {size} (excellent places: {places})"),
    "stars": ("星级", "stars"),
    "pay": ("报酬和奖励(元)", "pay and awards (yuan)"),
    "pay_year": ("{year}年到账", "paid in {year}"),
    "events": ("事件", "events"),
    "no_events": ("无", "none"),
    "negatives": ("负面情形 {n} 次", "{n} negative situation(s)"),
    "punished": ("受到处分", "punished"),
    "left": ("离任,由他人接任", "left the post; a successor took over"),
    "history": ("历年记录", "Your years"),
    "heads_compare": ("学员与模型村干部对比", "Trainees' heads against the model's heads"),
    "trainees": ("学员", "trainees"),
    "model_heads": ("模型村干部", "model's heads"),
    "mean_score": ("平均得分", "mean score"),
    "excellent_share": ("优秀比例", "share excellent"),
    "mean_stars": ("平均星级", "mean stars"),
    "mean_pay": ("人均报酬(元)", "mean pay (yuan)"),
    "star_distribution": ("星级分布", "Star distribution"),
    "cost": ("全县支出(元)", "County cost (yuan)"),
    "debrief": ("复盘", "Debrief"),
    "path": ("路径", "path"),
    "period": ("期", "period"),
    "effort_in_force": ("实际努力", "effort in force"),
    "export_csv": ("导出CSV", "Export CSV"),
    "export_xlsx": ("导出工作簿", "Export workbook"),
    "export_log": ("导出回放文件", "Export replay file"),
    "replay_note": ("回放:simtoolkit classroom 方案 --replay 回放文件", "Replay: simtoolkit classroom SCENARIO --replay FILE"),
    "finished_note": ("课堂已结束,请看培训师的复盘。", "The class is over: see the trainer's debrief."),
}


def word(key: str, lang: str, **fmt) -> str:
    """A classroom word in 'zh' or 'en' (shared words from the vocabulary)."""
    return pick(WORDS, key, lang, **fmt)


def page_words(lang: str) -> dict[str, str]:
    """Every word a page lays out itself (the classroom's and the shared ones), in 'zh' or 'en', placeholders unfilled."""
    return {key: pair[0 if lang == "zh" else 1] for key, pair in {**SHARED, **WORDS}.items()}


def percent(x: float | None) -> str:
    """An effort share as a whole percentage."""
    return "—" if x is None else f"{100 * x:.0f}%"


def money(yuan: float) -> str:
    """Yuan with separators and two decimals."""
    return f"{yuan:,.2f}"
