"""Reports: 月报, 季报, 半年小结, 年终总结, 年度计划 and the 台账 archive.

A report is an ordered list of sections gathered from every plugin's
``shequ_report_sections(kind, period, ctx)`` (the core's own are plugins
too, in ``shequ.reports.sections``).  A section is a pure function of the
stored data: title, order, generated paragraphs with real figures, tables
and key figures.  What data cannot say (指导思想, 存在不足) comes from text
blocks the office keeps per kind, period and section (``report note set``).

Running a report never writes to the home, and the same data and period
give the same bytes (no timestamps unless ``--stamp``).
"""

from __future__ import annotations

from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Any, NamedTuple

from shequ.errors import UsageError
from shequ.context import PluginContext
from shequ.models import ReportSection, Table
from shequ.periods import Period, parse_period, year_period
from shequ.store import Session

KINDS = {
    "monthly": ("month", "月报", "last-month"),
    "quarterly": ("quarter", "季报", "last-quarter"),
    "half": ("half", "半年小结", "last-half"),
    "annual": ("year", "年终总结", "last-year"),
    "plan": ("year", "年度工作计划", "next-year"),
    "ledger-book": (None, "台账", "last-month"),
}
NOTES = "report_notes"
#: User-written sections for the summaries and the plan, in the source's own skeleton.
NOTE_SECTIONS = {
    "half": [("主要成绩", 5), ("存在不足", 90), ("下一步打算", 95)],
    "annual": [("主要成绩", 5), ("存在不足", 90), ("下一年打算", 95)],
    "plan": [("指导思想", 1), ("工作目标", 2), ("保障措施", 90)],
}


def report_period(kind: str, text: str | None, today: date) -> Period:
    if kind not in KINDS:
        raise UsageError(f"未知的报告类型：{kind}（可用：{'、'.join(KINDS)}）")
    want, noun, default = KINDS[kind]
    span = parse_period(text or default, today=today)
    if want and span.kind != want:
        names = {"month": "一个月（如 2025-03）", "quarter": "一个季度（如 2025-Q1）", "half": "半年（如 2025-H1）",
                 "year": "一年（如 2025）"}
        raise UsageError(f"{noun}的期间应为{names[want]}：{span.label}")
    return span


#: How a section says "this period" for each kind of report.
NOUNS = {"monthly": "本月", "quarterly": "本季度", "annual": "全年", "plan": "全年", "ledger-book": "本期"}


def set_note(session: Session, kind: str, span: Period, section: str, text: str) -> None:
    """Keep what the office writes for *section* of a report (指导思想, 存在不足 …): the report
    shows it in place of the 待填写 note."""
    from shequ.errors import DataError
    from shequ.store import now_iso

    if not text.strip():
        raise DataError("文字内容是空的")
    session.put("meta", NOTES, f"{kind}|{span.label}|{section}", {"text": text.strip(), "at": now_iso()})


def note_sections(app: Any, session: Session, kind: str, span: Period) -> list[str]:
    """The sections of the *kind* report for *span* that show a saved text: the core's skeleton
    (:data:`NOTE_SECTIONS`) and every name a plugin's section asks ``ctx.note`` for."""
    from shequ.plugin.manager import call_each_safely

    ctx = ReportContext(app, session, kind, span, [])
    asked: list[str] = [title for title, _ in NOTE_SECTIONS.get(kind, [])]
    saved = ctx.note

    def note(section: str) -> str | None:
        asked.append(section)
        return saved(section)

    ctx.note = note  # type: ignore[method-assign]
    call_each_safely(app.pm, "shequ_report_sections", kind=kind, period=span, ctx=ctx)
    return list(dict.fromkeys(asked))


class ReportContext(PluginContext):
    """What report sections read: a :class:`PluginContext` on a read session, plus the
    report's ``kind``, ``period``, ``domains`` (the ``--domain`` filter), ``noun``
    (本月 / 本季度 / 上半年 / 全年), ``year_to_date``, ``notes`` and ``events_in``."""

    def __init__(self, app: Any, session: Session, kind: str, period: Period, domains: list[str]) -> None:
        super().__init__(session, app.pm, app.registry, app.today, home=app.home.path)
        self.app = app
        self.kind = kind
        self.period = period
        self.domains = domains

    @property
    def noun(self) -> str:
        """本月 (monthly), 本季度, 上半年 / 下半年 (half), 全年 (annual, plan), 本期."""
        if self.kind == "half":
            return "上半年" if self.period.start.month == 1 else "下半年"
        return NOUNS.get(self.kind, "本期")

    @property
    def year_to_date(self) -> Period:
        """From 1 January of the period's year to the period's end (年度累计)."""
        return year_to_date(self.period)

    def wants(self, domain: str) -> bool:
        """Whether this report includes *domain* (``shequ report … --domain 党建`` leaves the others out)."""
        return not self.domains or domain in self.domains

    @cached_property
    def meta(self) -> dict[str, Any]:
        return self.session.view("meta").get("meta", {}).get("1", {})

    @cached_property
    def _sorted_events(self) -> list[tuple[int, dict[str, Any]]]:
        from shequ.calendar.events import all_events

        out = [(int(k), e) for k, e in all_events(self.session).items()
               if not self.domains or e.get("domain") in self.domains]
        out.sort(key=lambda kv: (kv[1]["date"], kv[1].get("time") or "", kv[0]))
        return out

    @cached_property
    def _event_dates(self) -> list[str]:
        return [e["date"] for _, e in self._sorted_events]

    def events_in(self, period: Period, status: str | None = "done") -> list[tuple[int, dict[str, Any]]]:
        """Events of *period* in the report's domains (held ones by default), by date:
        two bisects, not a scan of the year."""
        from bisect import bisect_left, bisect_right

        dates = self._event_dates
        window = self._sorted_events[bisect_left(dates, period.start.isoformat()):bisect_right(dates, period.end.isoformat())]
        return [(k, e) for k, e in window if status is None or e.get("status") == status]

    @cached_property
    def categories(self) -> dict[str, Any]:
        from shequ.people.register import categories

        return categories(self.pm)

    @cached_property
    def register(self) -> Any:
        """The register (:class:`shequ.people.Register`) at the period's end, or today if sooner."""
        from shequ.people.register import register

        return register(self.session, min(self.period.end, self.today), self.categories)

    def duty_statuses(self, span: Period) -> list[Any]:
        from shequ.duties.rules import effective
        from shequ.duties.engine import evaluate
        from shequ.duties.context import duty_context

        ctx = duty_context(self.pm, self.session, self.today, span, self.app.home.path)
        out = []
        for _, duty in sorted(effective(self.pm, self.session).items()):
            if self.domains and duty.get("domain") not in self.domains:
                continue
            out.append(evaluate(duty, span, ctx))
        return out

    def note(self, section: str) -> str | None:
        """The text the office saved for *section* of this report (``shequ report note set``), if any."""
        key = f"{self.kind}|{self.period.label}|{section}"
        return self.session.view("meta").get(NOTES, {}).get(key, {}).get("text")


class Report(NamedTuple):
    title: str
    unit: str
    kind: str
    period: str
    period_title: str
    sections: list[ReportSection]
    warnings: list[str]
    stamp: str | None


def build(app: Any, session: Session, kind: str, period: Period, domains: list[str], *, stamp: bool = False) -> Report:
    """Gather every plugin's sections; a plugin that raises is reported, the rest still render."""
    from shequ.plugin.manager import call_each_safely

    ctx = ReportContext(app, session, kind, period, domains)
    sections: list[ReportSection] = []
    warnings: list[str] = []
    for plugin, result, error in call_each_safely(app.pm, "shequ_report_sections", kind=kind, period=period, ctx=ctx):
        if error is not None:
            warnings.append(f"警告：插件 {plugin} 的报告部分出错，已略过（{error}）")
            continue
        for sec in result or []:
            if isinstance(sec, ReportSection):
                sections.append(sec)
            else:
                warnings.append(f"警告：插件 {plugin} 返回了非 ReportSection 的内容，已略过")
    for title, order in NOTE_SECTIONS.get(kind, []):
        if any(s.title == title for s in sections):
            continue
        text = ctx.note(title)
        body = text.split("\n\n") if text else [f"（待填写：shequ report note set {kind} {period.label} {title} 文件）"]
        sections.append(ReportSection(title=title, order=order, paragraphs=[p.strip() for p in body if p.strip()]))
    sections.sort(key=lambda s: (s.order, s.title))
    unit = ctx.meta.get("name") or ""
    noun = KINDS[kind][1]
    title = f"{unit}{period.title}{noun}" if kind != "plan" else f"{unit}{period.title}{noun}"
    from shequ.store import now_iso

    return Report(title, unit, kind, period.label, period.title, sections, warnings, now_iso() if stamp else None)


def output_path(template: str, kind: str, period: Period) -> Path:
    """``reports/月报-{period}.docx`` → ``reports/月报-2025-03.docx``."""
    try:
        return Path(template.format(period=period.label, kind=kind))
    except (KeyError, IndexError, ValueError):
        raise UsageError(f"输出路径中只能用 {{period}} 和 {{kind}} 占位：{template}") from None


def to_json(report: Report) -> dict[str, Any]:
    return {
        "title": report.title, "unit": report.unit, "kind": report.kind, "period": report.period,
        "period_title": report.period_title, "stamp": report.stamp,
        "sections": [
            {"title": s.title, "order": s.order, "paragraphs": s.paragraphs, "figures": s.figures,
             "tables": [_table_json(t) for t in s.tables]}
            for s in report.sections
        ],
    }


def _table_json(t: Any) -> dict[str, Any]:
    if isinstance(t, Table):
        return {"title": t.title, "columns": t.columns, "rows": t.rows, "total": t.total}
    return dict(t)


def as_table(t: Any) -> Table:
    """Plugins may give tables as dicts ``{"title", "columns", "rows", "total"}``."""
    if isinstance(t, Table):
        return t
    return Table(t.get("title", ""), list(t.get("columns", [])), [list(r) for r in t.get("rows", [])],
                 t.get("total"), frozenset(t.get("text_columns", ())))


def year_to_date(period: Period) -> Period:
    y = year_period(period.start.year)
    return Period(y.start, period.end, f"{y.label}..{period.label}", "range")
