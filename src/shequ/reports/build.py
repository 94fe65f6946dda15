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
        #: ``--skip-broken``: a core section with a bug is left out (and noted), not the report.
        self.skip_broken = False
        self.skipped: list[SectionError] = []

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
        """Every duty's status over *span* (once per read session: the report's 职责 section
        and the 街道 bundle ask the same question)."""
        return self.session.memo(("report.duty_statuses", span.label, tuple(self.domains)),
                                 lambda: self._duty_statuses(span))

    def _duty_statuses(self, span: Period) -> list[Any]:
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
    #: What the reader must know about the report itself (a section left out with --skip-broken),
    #: shown under the title in every format — not only on stderr, which a cron job never shows.
    notes: tuple[str, ...] = ()


class SectionError(Exception):
    """A core section that raised: carries its title, so the report's error names the section."""

    def __init__(self, title: str, error: BaseException) -> None:
        super().__init__(title)
        self.title = title
        self.error = error


def section(title: str, make: Any, ctx: "ReportContext") -> Any:
    """``make()``, with an error raised inside it tied to the section *title*.

    With ``--skip-broken`` a bug (not a data error) leaves this one section out — noted in
    ``ctx.skipped`` — rather than every section of the plugin: the answer is then ``None``.
    """
    from shequ.errors import ShequError

    try:
        return make()
    except SectionError:
        raise
    except Exception as exc:
        if ctx.skip_broken and not isinstance(exc, ShequError):
            ctx.skipped.append(SectionError(title, exc))
            return None
        raise SectionError(title, exc) from exc


def build(app: Any, session: Session, kind: str, period: Period, domains: list[str], *, stamp: bool = False,
          skip_broken: bool = False) -> Report:
    """Gather every plugin's sections.

    A section that fails on the home's data (a :class:`shequ.errors.ShequError`: a damaged file,
    a bad record) stops the report: a 月报 with sections missing and the rest renumbered must
    not reach the 街道 from cron.  A section that raises anything else is a bug in its plugin:
    it stops the report too, unless *skip_broken*, when the report is made without it and says
    so in its ``notes``.
    """
    ctx = ReportContext(app, session, kind, period, domains)
    ctx.skip_broken = skip_broken
    noun = KINDS[kind][1]
    sections: list[ReportSection] = []
    notes: list[str] = []
    caller = app.pm.hook.shequ_report_sections
    for impl in caller.get_hookimpls():
        plugin = app.pm.get_name(impl.plugin) or impl.plugin_name
        args = {"kind": kind, "period": period, "ctx": ctx}
        try:
            result = [sec for sec in impl.function(**{n: args[n] for n in impl.argnames}) or [] if sec is not None]
            bad = [sec for sec in result if not isinstance(sec, ReportSection)]
            if bad:
                raise TypeError(f"返回了非 ReportSection 的内容（{type(bad[0]).__name__}）")
        except Exception as exc:
            notes.append(_note_or_raise(noun, plugin, impl.plugin, exc, skip_broken))
            continue
        finally:
            notes += [_note_or_raise(noun, plugin, impl.plugin, exc, True) for exc in ctx.skipped]
            ctx.skipped.clear()
        for sec in result:  # the 街道 roll-up tells 未安装 from 无数据 by who made a section
            sec.plugin = sec.plugin or plugin
        sections.extend(result)
    for title, order in NOTE_SECTIONS.get(kind, []):
        if any(s.title == title for s in sections):
            continue
        text = ctx.note(title)
        body = text.split("\n\n") if text else [f"（待填写：shequ report note set {kind} {period.label} {title} 文件）"]
        sections.append(ReportSection(title=title, order=order, paragraphs=[p.strip() for p in body if p.strip()]))
    sections.sort(key=lambda s: (s.order, s.title))
    unit = ctx.meta.get("name") or ""
    title = f"{unit}{period.title}{noun}"
    from shequ.store import now_iso

    return Report(title, unit, kind, period.label, period.title, sections, [f"警告：{n}" for n in notes],
                  now_iso() if stamp else None, tuple(notes))


def _note_or_raise(noun: str, plugin: str, obj: Any, exc: Exception, skip_broken: bool) -> str:
    """Why a plugin's sections are missing (with ``--skip-broken``), or the error that stops the report."""
    from shequ.errors import DataError, ShequError
    from shequ.plugin.manager import _describe

    inner = exc.error if isinstance(exc, SectionError) else exc
    where = f"“{exc.title}”部分" if isinstance(exc, SectionError) else f"插件 {plugin} 的报告部分"
    if isinstance(inner, ShequError):  # the home's data: no option makes such a report acceptable
        raise DataError(f"{noun}未生成：{where}出错：{inner.message}", details=inner.details) from None
    at = _location(inner, getattr(obj, "__name__", "") or "")
    why = f"{_describe(inner)}{f'，位于 {at}' if at else ''}"
    if not skip_broken:
        who = "请报告给 shequ 的维护者" if plugin.startswith("shequ.") else f"请报告给插件 {plugin} 的作者"
        raise DataError(f"{noun}未生成：{where}出错（{why}），这是程序缺陷，{who}；"
                        "加 --skip-broken 可生成不含该部分的报告（报告开头会注明）")
    return f"本报告不完整：{where}生成时出错（{why}），已按 --skip-broken 略过。"


def _location(exc: BaseException, module: str) -> str:
    """Where in *module* (the plugin's package) *exc* was raised: ``shequ_x.report._section 第 12 行``."""
    import traceback

    top = module.split(".")[0]
    if not top:
        return ""
    found = ""
    for frame, line in traceback.walk_tb(exc.__traceback__):
        name = frame.f_globals.get("__name__", "")
        if name == top or name.startswith(top + "."):
            found = f"{name}.{frame.f_code.co_name} 第 {line} 行"
    return found


def output_path(template: str, kind: str, period: Period) -> Path:
    """``reports/月报-{period}.docx`` → ``reports/月报-2025-03.docx``."""
    try:
        return Path(template.format(period=period.label, kind=kind))
    except (KeyError, IndexError, ValueError):
        raise UsageError(f"输出路径中只能用 {{period}} 和 {{kind}} 占位：{template}") from None


def to_json(report: Report) -> dict[str, Any]:
    return {
        "title": report.title, "unit": report.unit, "kind": report.kind, "period": report.period,
        "period_title": report.period_title, "stamp": report.stamp, "notes": list(report.notes),
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
