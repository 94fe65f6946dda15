"""The 街道 report across the communities' bundles, as a :class:`shequ.reports.build.Report`,
so every format the core renders (terminal, md, html, json, docx, xlsx) renders it too.

Each section of the communities' reports becomes a table with one column per community and
a 合计 (see :func:`shequ.rollup.figures.total` for what adds up and what is recomputed);
a community without the plugin that makes a section shows 未安装 there, one with the
plugin but without the figure shows —.  The core's sections add what the 街道 asks for:
activities per 条线 per community, who is behind on which duty, checklists side by side and
money by account and community — with charts beside their tables.  Wide tables are cut
into parts of :data:`PER_TABLE` communities, so a 17-村 roll-up still fits an A4 page.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Callable

from shequ.models import Chart, ReportSection, Table
from shequ.rollup import figures as fg
from shequ.rollup.bundle import CORE_PLUGIN
from shequ.rollup.load import Bundle

PER_TABLE = 8
NOT_INSTALLED = "未安装"
MISSING = "—"
TOTAL = "合计"
STATUS = {"met": "已完成", "pending": "进行中", "behind": "落后", "overdue": "逾期", "over": "超出上限", "na": "不适用"}


def wide(title: str, rows: list[str], names: list[str], cell: Callable[[str, str], Any],
         total: Callable[[str], Any] | None = None, row_head: str = "项目") -> list[Table]:
    """One table of *rows* × communities (*names*) + 合计, cut into parts of :data:`PER_TABLE` columns."""
    chunks = [names[i:i + PER_TABLE] for i in range(0, len(names), PER_TABLE)] or [[]]
    out = []
    for n, chunk in enumerate(chunks, start=1):
        last = n == len(chunks)
        cols = [row_head, *chunk, *([TOTAL] if last and total else [])]
        body = [[r, *(cell(r, c) for c in chunk), *([total(r)] if last and total else [])] for r in rows]
        name = title if len(chunks) == 1 else f"{title}（{n}/{len(chunks)}）"
        out.append(Table(name, cols, body))
    return out


class Rollup:
    """The bundles of one period and what the sections ask of them."""

    def __init__(self, bundles: list[Bundle], expected: list[str]) -> None:
        order = {name: i for i, name in enumerate(expected)}
        self.bundles = sorted(bundles, key=lambda b: (order.get(b.community, len(order)), b.community))
        self.names = [b.community for b in self.bundles]
        self.by_name = {b.community: b for b in self.bundles}

    def sections(self) -> list[tuple[str, int, str]]:
        """``(title, order, plugin)`` of every section any bundle has, in report order."""
        seen: dict[str, tuple[str, int, str]] = {}
        for b in self.bundles:
            for s in b.data["sections"]:
                seen.setdefault(s["title"], (s["title"], int(s.get("order", 100)), s.get("plugin", "")))
        return sorted(seen.values(), key=lambda x: (x[1], x[0]))

    def section_of(self, name: str, title: str) -> dict[str, Any] | None:
        return next((s for s in self.by_name[name].data["sections"] if s["title"] == title), None)

    def installed(self, name: str, plugin: str) -> bool:
        return not plugin or plugin.startswith("shequ.") or plugin in self.by_name[name].plugins()


def _figure_section(r: Rollup, title: str, order: int, plugin: str, *, skip: tuple[str, ...] = (),
                    counts: bool = True) -> ReportSection:
    """The section *title* across the communities: its figures (less those under *skip*) and,
    with *counts*, its tables of counts."""
    per = {n: r.section_of(n, title) for n in r.names}
    flat = {n: {k: v for k, v in fg.flatten(s["figures"]).items() if k.split(".")[0] not in skip} if s else {}
            for n, s in per.items()}
    keys: list[str] = []
    labels: dict[str, str] = {}
    rates: dict[str, tuple[str, str]] = {}
    for n in r.names:
        keys += [k for k in flat[n] if k not in keys]
        if per[n]:
            labels.update(per[n].get("labels", {}))
            rates.update({k: tuple(v) for k, v in per[n].get("rates", {}).items()})

    def cell(key: str, name: str) -> Any:
        if per[name] is None:
            return MISSING if r.installed(name, plugin) else NOT_INSTALLED
        value = flat[name].get(key)
        return MISSING if value is None else value

    def total(key: str) -> Any:
        values = [flat[n].get(key) for n in r.names]
        parts = rates.get(key)
        if parts is not None:
            sums = [fg.total(p, [flat[n].get(p) for n in r.names]) for p in parts]
            return fg.total(key, values, (sums[0], sums[1]))
        return fg.total(key, values)

    keyed: dict[str, str] = {}
    for k in keys:
        name = fg.label(k, labels)
        keyed[name if name not in keyed else f"{name}（{k}）"] = k
    tables = wide(f"{title}（主要数字）", list(keyed), r.names, lambda lab, n: cell(keyed[lab], n),
                  lambda lab: total(keyed[lab])) if keys else []
    tables += _count_tables(r, title, per, plugin) if counts else []
    missing = [n for n in r.names if per[n] is None and not r.installed(n, plugin)]
    paras = [f"未安装此项工作插件的单位：{'、'.join(missing)}。"] if missing else []
    return ReportSection(title, order=order, paragraphs=paras, tables=tables)


def _count_tables(r: Rollup, title: str, per: dict[str, Any], plugin: str) -> list[Table]:
    """The sections' tables of counts, one roll-up table per counted column (matched by the
    column's name: two communities' 条线 differ)."""
    found: dict[str, list[str]] = {}
    cells: dict[str, dict[str, dict[str, dict[str, Any]]]] = {}
    for n in r.names:
        for t in (per[n] or {}).get("tables", []):
            cols = found.setdefault(t["title"], [t["columns"][0]])
            cols += [c for c in t["columns"][1:] if c not in cols]
            cells.setdefault(t["title"], {})[n] = {row[0]: dict(zip(t["columns"][1:], row[1:])) for row in t["rows"]}
    out = []
    for name, columns in found.items():
        rows_by = {n: cells[name].get(n, {}) for n in r.names}
        labels = list(dict.fromkeys(lab for n in r.names for lab in rows_by[n]))
        for _, col in _counted(columns):
            def value(lab: str, n: str, col: str = col) -> Any:
                v = rows_by[n].get(lab, {}).get(col)
                return None if v in (None, "") else v

            def cell(lab: str, n: str) -> Any:
                if per[n] is None:
                    return MISSING if r.installed(n, plugin) else NOT_INSTALLED
                v = value(lab, n)
                return MISSING if v is None else v

            def total(lab: str, col: str = col) -> Any:
                return fg.total("rate" if "率" in col or "%" in col else col, [value(lab, n) for n in r.names])

            head = name if len(columns) == 2 else f"{name}·{col}"
            out += wide(head, labels, r.names, cell, total, row_head=columns[0])
    return out


def _counted(columns: list[str]) -> list[tuple[int, str]]:
    """The columns of a table of counts the roll-up shows: each of up to three, else its 合计
    (a month-by-条线 table would give a table per 条线)."""
    cols = list(enumerate(columns))[1:]
    if len(cols) <= 3:
        return cols
    return [c for c in cols if c[1] == TOTAL] or cols[:1]


def _overview(r: Rollup, s: ReportSection) -> ReportSection:
    from shequ.calendar.events import domain_label

    by = {n: (r.section_of(n, "总体情况") or {}).get("figures", {}) for n in r.names}
    domains = sorted({d for f in by.values() for d in f.get("by_domain", {})})
    heads = [domain_label(d) or "综合" for d in domains]
    rows = [[n, *(by[n].get("by_domain", {}).get(d, 0) for d in domains), by[n].get("events", 0), by[n].get("person_times", 0)]
            for n in r.names]
    tot = [TOTAL, *(sum(row[i + 1] for row in rows) for i in range(len(domains) + 2))]
    table = Table("各单位各条线活动次数", ["单位", *heads, "活动合计", "参与人次"], rows, tot)
    events, times = tot[-2], tot[-1]
    s.paragraphs.insert(0, f"{len(r.names)}个单位共开展各类活动{events}次，参与居民{times}人次。")
    s.tables.insert(0, table)
    s.charts.append(Chart("各单位各条线活动次数", r.names, heads, [[float(v) for v in row[1:len(domains) + 1]] for row in rows],
                          table=table.title, unit="次"))
    return s


def _duties(r: Rollup, s: ReportSection) -> ReportSection:
    keys = ("met", "pending", "behind", "overdue", "over", "na")
    counts = {n: {k: sum(1 for d in r.by_name[n].data["duties"] if d["status"] == k) for k in keys} for n in r.names}
    rows = [[n, *(counts[n][k] for k in keys), sum(counts[n].values())] for n in r.names]
    tot = [TOTAL, *(sum(row[i + 1] for row in rows) for i in range(len(keys) + 1))]
    table = Table("各单位职责完成情况", ["单位", *(STATUS[k] for k in keys), "合计"], rows, tot)
    shown = ("met", "pending", "behind", "overdue")
    chart = Chart("各单位职责完成情况", r.names, [STATUS[k] for k in shown],
                  [[float(counts[n][k]) for k in shown] for n in r.names], table=table.title, unit="项")
    late: dict[tuple[str, str], dict[str, str]] = {}
    for n in r.names:
        for d in r.by_name[n].data["duties"]:
            if d["status"] in ("behind", "overdue"):
                late.setdefault((d["title"], d.get("domain", "")), {})[n] = f"{STATUS[d['status']]}：{d.get('progress', '')}"
    paras = []
    for n in r.names:
        mine = [f"{t}（{v}）" for (t, _), who in late.items() for m, v in who.items() if m == n]
        if mine:
            paras.append(f"{n}：{'；'.join(mine)}。")
    if paras:
        paras.insert(0, "落后或逾期的职责：")
    else:
        paras.append("各单位均无落后或逾期的职责。")
    s.paragraphs[:0] = paras
    s.tables.insert(0, table)
    if late:
        from shequ.calendar.events import domain_label

        keys_late = sorted(late)
        labels = [f"{t}（{domain_label(d) or '综合'}）" for t, d in keys_late]
        lookup = dict(zip(labels, keys_late))
        s.tables[1:1] = wide("落后与逾期的职责", labels, r.names, lambda lab, n: late[lookup[lab]].get(n, ""), row_head="职责")
    s.charts.append(chart)
    return s


def _checklists(r: Rollup, s: ReportSection) -> ReportSection:
    got: dict[str, dict[str, dict[str, Any]]] = {}
    for n in r.names:
        for c in r.by_name[n].data["checklists"]:
            got.setdefault(f"{c['title']}（{c['period']}{('·' + c['unit']) if c.get('unit') else ''}）", {})[n] = c

    owners = {lab: next(iter(cs.values())).get("plugin", "") for lab, cs in got.items()}
    plugins = set().union(*(b.plugins() for b in r.bundles))

    def cell(lab: str, n: str) -> str:
        c = got[lab].get(n)
        if c is None:
            return NOT_INSTALLED if owners[lab] in plugins and owners[lab] not in r.by_name[n].plugins() else MISSING
        if c.get("score") is not None and c.get("total"):
            return f"{c['score']:g}/{c['total']:g}" + (f" {c['level']}" if c.get("level") else "")
        return f"{c['done']}/{c['applicable']}"

    def total(lab: str) -> str:
        cs = list(got[lab].values())
        return f"{sum(c['done'] for c in cs)}/{sum(c['applicable'] for c in cs)}项"

    if got:
        s.tables[0:0] = wide("清单得分与完成项", list(got), r.names, cell, total, row_head="清单")
        s.paragraphs.insert(0, "各单位清单并列：有评分的清单为“得分/满分 等级”，其余为“已完成项/应完成项”；合计为已完成项/应完成项。")
    return s


def _money(r: Rollup, s: ReportSection) -> ReportSection:
    led = {n: r.by_name[n].data["ledger"] for n in r.names}

    def money_table(title: str, rows_of: Callable[[str], dict[str, str]], head: str) -> list[Table]:
        per = {n: rows_of(n) for n in r.names}
        labels = list(dict.fromkeys(k for n in r.names for k in per[n]))
        return wide(title, labels, r.names, lambda lab, n: per[n].get(lab, MISSING),
                    lambda lab: fg.total("amount", [per[n].get(lab) for n in r.names]), row_head=head)

    tables = money_table("收支分类（元）", lambda n: {a["account"]: a["amount"] for a in led[n].get("accounts", [])}, "科目")
    budgets = {n: {b["account"]: b for b in led[n].get("budgets", [])} for n in r.names}
    accounts = list(dict.fromkeys(a for n in r.names for a in budgets[n]))

    def rate_of(bs: list[dict[str, Any]]) -> str:
        return fg.ratio(sum((Decimal(b["actual"]) for b in bs), Decimal(0)), sum((Decimal(b["budget"]) for b in bs), Decimal(0)))

    if accounts:
        tables += wide("预算执行率（年初至期末）", accounts, r.names,
                       lambda a, n: rate_of([budgets[n][a]]) if a in budgets[n] else MISSING,
                       lambda a: rate_of([budgets[n][a] for n in r.names if a in budgets[n]]), row_head="科目")
        rows = []
        for n in r.names:
            bs = list(budgets[n].values())
            rows.append([n, f"{sum((Decimal(b['budget']) for b in bs), Decimal(0)):.2f}",
                         f"{sum((Decimal(b['actual']) for b in bs), Decimal(0)):.2f}", rate_of(bs) if bs else MISSING])
        every = [b for n in r.names for b in budgets[n].values()]
        table = Table("各单位预算执行", ["单位", "预算（元）", "实际（元）", "执行率"], rows,
                      [TOTAL, f"{sum(Decimal(b['budget']) for b in every):.2f}", f"{sum(Decimal(b['actual']) for b in every):.2f}",
                       rate_of(every)])
        tables.append(table)
        s.charts.append(Chart("各单位预算执行率", r.names, ["执行率"],
                              [[fg.number(row[3]) if row[3] != MISSING else 0.0] for row in rows],
                              table=table.title, unit="%", mark=100.0))
    tables += money_table("资金余额（元）", lambda n: {f["name"]: f["balance"] for f in led[n].get("funds", [])}, "资金")
    s.tables[0:0] = tables
    return s


SPECIAL = {"总体情况": _overview, "工作职责完成情况": _duties, "台账与创建工作": _checklists, "经费收支": _money}


def _handed_in(r: Rollup, expected: list[str]) -> ReportSection:
    missing = [n for n in expected if n not in r.by_name]
    paras = [f"应报送{len(expected)}个单位，已报送{sum(1 for n in expected if n in r.by_name)}个" if expected
             else f"共收到{len(r.names)}个单位的报送"]
    paras[0] += f"；未报送：{'、'.join(missing)}。" if missing else "。"
    if missing:
        paras.append("未报送单位不计入本报告的合计。")
    rows = [[n, b.manifest.get("level", ""), b.manifest.get("created_by", ""), b.manifest.get("shequ", ""),
             "、".join(sorted(b.plugins())) or "（无）", b.path.name] for n, b in r.by_name.items()]
    rows += [[n, "", "", "", "未报送", ""] for n in missing]
    return ReportSection("报送情况", order=1, paragraphs=paras,
                         tables=[Table("报送情况", ["单位", "层级", "报送人", "shequ 版本", "已装插件", "文件"], rows)])


def build_rollup(bundles: list[Bundle], kind: str, span: Any, unit: str, expected: list[str]) -> Any:
    """The 街道 report of *kind* over *span* from *bundles* (already checked by :func:`shequ.rollup.load.load`)."""
    from shequ.reports.build import KINDS, Report

    r = Rollup(bundles, expected)
    sections = [_handed_in(r, expected)]
    for title, order, plugin in r.sections():
        core = plugin == CORE_PLUGIN and title in SPECIAL
        # The core's sections show by_domain, duties and budgets in their own tables (SPECIAL).
        s = _figure_section(r, title, order, plugin, skip=("by_domain",) if core else (),
                            counts=not (core and title in ("经费收支", "工作职责完成情况")))
        if core:
            s = SPECIAL[title](r, s)
        if s.tables or s.paragraphs:
            sections.append(s)
    noun = KINDS[kind][1]
    title = f"{unit}{span.title}{noun}（{len(r.names)}个单位汇总）"
    return Report(title, unit, kind, span.label, span.title, sections, [], None, ())
