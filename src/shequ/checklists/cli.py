"""``shequ checklist …``: 创建 criteria and 台账 checks."""

from __future__ import annotations

from typing import Any

import click

from shequ.cli import completion as complete
from shequ.cli.options import app, output_options, say

STATUS_NAMES = {"done": "已完成", "open": "未完成", "not_started": "未开始"}


@click.group(name="checklist")
def checklist_group() -> None:
    """创建达标清单与台账检查：开始、打勾、佐证、自动评估、评分、检查记录、导出。"""


@checklist_group.group(name="template")
def template_group() -> None:
    """清单模板：插件自带的，和本社区从文件添加的（每年上级下发的新标准）。"""


@template_group.command(name="list")
@output_options
def template_list(out: Any) -> None:
    """列出清单模板。"""
    from shequ.checklists.templates import templates
    from shequ.common.output import Column

    a = app()
    with a.home.read() as session:
        all_t = templates(a.pm, session)
    rec = {"month": "每月", "quarter": "每季度", "half": "每半年", "year": "每年", None: "不定期"}
    rows = [{"id": t["id"], "title": t["title"], "domain": t.get("domain"), "items": len(t["items"]),
             "recurrence": rec.get(t.get("recurrence")), "total": t.get("total"), "plugin": t.get("plugin"),
             "source": t.get("source", "")} for t in sorted(all_t.values(), key=lambda t: t["id"])]
    out.rows(rows, [Column("id", "编号"), Column("title", "名称"), Column("recurrence", "周期"), Column("items", "项数"),
                    Column("total", "总分"), Column("plugin", "来源"), Column("source", "出处")])


@template_group.command(name="show")
@click.argument("template_id", metavar="TEMPLATE", shell_complete=complete.templates)
@output_options
def template_show(template_id: str, out: Any) -> None:
    """显示模板的各项内容、分值和自动规则。"""
    from shequ.checklists.templates import get_template, templates
    from shequ.common.output import Column

    a = app()
    with a.home.read() as session:
        t = get_template(templates(a.pm, session), template_id)
    if out.fmt in ("json", "jsonl"):
        out.record(t, [])
        return
    rows = [{"id": i["id"], "text": i["text"], "weight": i.get("weight"),
             "how": ("自动：" + _rule_text(i["rule"])) if i.get("rule") else ("人工，需佐证" if i.get("evidence") else "人工")}
            for i in t["items"]]
    say(f"{t['title']}（{t['id']}）" + (f"，总分 {t['total']}" if t.get("total") else "") + (f"，出处：{t['source']}" if t.get("source") else ""))
    out.rows(rows, [Column("id", "编号"), Column("text", "项目"), Column("weight", "分值"), Column("how", "评定方式")])


def _rule_text(rule: dict[str, Any]) -> str:
    (kind, spec), = rule.items()
    if kind == "duty":
        return f"职责 {spec}"
    if kind == "events":
        return f"活动（{spec.get('per', 'period')} ≥{spec.get('min', 1)}" + (f"，{spec['with']}" if spec.get("with") else "") + "）"
    if kind == "document":
        return f"登记{spec['kind']}（{spec['period']}）"
    return f"记录 {spec.get('type')}"


@template_group.command(name="add")
@click.argument("path", metavar="FILE")
def template_add(path: str) -> None:
    """从 YAML / JSON / TOML 文件添加模板（同编号则替换）。"""
    from shequ.checklists.runs import add_templates
    from shequ.checklists.templates import load_template_file

    a = app()
    items = load_template_file(path)
    with a.home.transaction(f"checklist template add {path}") as session:
        add_templates(session, items)
    say(f"已添加 {len(items)} 个清单模板：{'、'.join(t['id'] for t in items)}")


def _ctx(a: Any, session: Any) -> Any:
    from shequ.checklists.status import eval_context

    return eval_context(a.pm, a.registry, session, a.today, a.home.path)


@checklist_group.command(name="start")
@click.argument("template_id", metavar="TEMPLATE", shell_complete=complete.templates)
@click.option("--period", "-p", metavar="PERIOD", help="期间，如 2025-H1（按模板的周期）")
@click.option("--unit", default="", help="单位或条线，如 科普、第一网格（同一模板、期间、单位只有一份）")
def start_cmd(template_id: str, period: str | None, unit: str) -> None:
    """开始一份清单（重复运行返回已有的那份）。"""
    from shequ.checklists.templates import get_template, templates
    from shequ.checklists.runs import run_period, start_run

    a = app()
    with a.home.transaction(f"checklist start {template_id}") as session:
        t = get_template(templates(a.pm, session), template_id)
        span = run_period(t, period, a.today)
        rid, created = start_run(session, t, span, unit)
    click.echo(rid)
    say(("已开始" if created else "已存在") + f"清单 #{rid}：{t['title']}（{span.title}{'，' + unit if unit else ''}）")


def _evaluate(a: Any, session: Any, rid: int, run: dict[str, Any]) -> Any:
    from shequ.checklists.templates import get_template, templates
    from shequ.checklists.evaluate import evaluate_run

    t = get_template(templates(a.pm, session), run["template"])
    return evaluate_run(rid, run, t, _ctx(a, session))


def _result_json(r: Any) -> dict[str, Any]:
    d = r._asdict()
    d["items"] = [i._asdict() for i in r.items]
    return d


ITEM_COLUMNS = [("id", "编号"), ("text", "项目"), ("weight", "分值"), ("state", "状态"), ("why", "依据/原因"),
                ("evidence", "佐证"), ("note", "备注")]


@checklist_group.command(name="show")
@click.argument("run_id", metavar="RUN")
@output_options
def show_cmd(run_id: str, out: Any) -> None:
    """显示一份清单：每项的状态、自动评估的依据、佐证和得分。"""
    from shequ.checklists.templates import ITEM_STATES
    from shequ.checklists.runs import find_run
    from shequ.common.output import Column

    a = app()
    with a.home.read() as session:
        rid, run = find_run(session, run_id)
        r = _evaluate(a, session, rid, run)
    if out.fmt in ("json", "jsonl"):
        out.record(_result_json(r), [])
        return
    head = f"#{rid} {r.title}（{r.period}{'，' + r.unit if r.unit else ''}）：{STATUS_NAMES[r.status]}"
    if r.score is not None:
        head += f"，得分 {r.score:g}/{r.total:g}" + (f"，{r.level}" if r.level else "")
    say(head)
    rows = [{**i._asdict(), "weight": "" if i.weight is None else f"{i.weight:g}",
             "state": ITEM_STATES[i.state] + ("（自动）" if i.auto and i.state in ("met", "unmet", "pending") else "")}
            for i in r.items]
    out.rows(rows, [Column(k, h) for k, h in ITEM_COLUMNS])
    for ins in r.inspections:
        say(f"检查 {ins['date']}（{ins.get('inspector', '')}）：{ins.get('result', '')} {ins.get('findings', '')}".rstrip())


def _mark(run_id: str, item_id: str, action: str, change: Any) -> None:
    from shequ.checklists.runs import mark
    from shequ.checklists.templates import templates

    a = app()
    with a.home.transaction(f"checklist {action} {run_id} {item_id}") as session:
        rid, item = mark(session, templates(a.pm, session), run_id, item_id, change)
    say(f"清单 #{rid}：{item['text']} — {action}")


@checklist_group.command(name="tick")
@click.argument("run_id", metavar="RUN")
@click.argument("item_id", metavar="ITEM")
@click.option("--evidence", "-e", multiple=True, metavar="EVENT|FILE|TEXT", help="佐证：活动 #12、文件路径或文字，可多次")
@click.option("--note", help="备注")
@click.option("--override", is_flag=True, help="对自动评估的项目人工认定（须写明 --reason，记入修改日志）")
@click.option("--reason", help="人工认定或补充说明的理由")
def tick_cmd(run_id: str, item_id: str, evidence: tuple[str, ...], note: str | None, override: bool, reason: str | None) -> None:
    """把一项标记为已完成（可附佐证）。"""
    from shequ.checklists.runs import tick

    _mark(run_id, item_id, "已完成" if not override else "人工认定", tick(evidence, note, override, reason))


@checklist_group.command(name="untick")
@click.argument("run_id", metavar="RUN")
@click.argument("item_id", metavar="ITEM")
def untick_cmd(run_id: str, item_id: str) -> None:
    """撤销某项的完成、不适用或人工认定。"""
    _mark(run_id, item_id, "已撤销", lambda s, item, old: None)


@checklist_group.command(name="na")
@click.argument("run_id", metavar="RUN")
@click.argument("item_id", metavar="ITEM")
@click.option("--reason", required=True, help="不适用的理由")
def na_cmd(run_id: str, item_id: str, reason: str) -> None:
    """把一项标记为不适用（不计入得分）。"""
    _mark(run_id, item_id, "不适用", lambda s, item, old: {"state": "na", "reason": reason})


@checklist_group.command(name="inspect")
@click.argument("run_id", metavar="RUN")
@click.option("--date", "day", required=True, metavar="DATE", help="检查日期")
@click.option("--inspector", required=True, help="检查人或单位")
@click.option("--result", type=click.Choice(["合格", "基本合格", "不合格"]), required=True, help="结论")
@click.option("--findings", help="发现的问题和整改要求")
def inspect_cmd(run_id: str, day: str, inspector: str, result: str, findings: str | None) -> None:
    """登记一次检查（“一年不少于2次检查”可作为职责：match {"inspection": 模板编号}）。"""
    from shequ.checklists.runs import inspect
    from shequ.periods import parse_date

    a = app()
    d = parse_date(day, today=a.today)
    with a.home.transaction(f"checklist inspect {run_id}") as session:
        rid, _ = inspect(session, run_id, d, inspector, result, findings)
    say(f"已登记清单 #{rid} 的检查：{d.isoformat()} {inspector} {result}")


def _all_results(a: Any, session: Any, span: Any) -> list[Any]:
    from shequ.checklists.status import all_results

    return all_results(a.pm, a.registry, session, span, a.today, a.home.path)


@checklist_group.command(name="list")
@click.option("--period", "-p", metavar="PERIOD", help="期间（默认本年）")
@click.option("--status", type=click.Choice(["open", "done"]), help="只看未完成 / 已完成")
@output_options
def list_cmd(period: str | None, status: str | None, out: Any) -> None:
    """列出清单（含按周期应做但尚未开始的）。"""
    _listing(period, status, out, strict=False)


@checklist_group.command(name="status")
@click.option("--period", "-p", metavar="PERIOD", help="期间（默认本年）")
@click.option("--strict", is_flag=True, help="有到期未完成的清单时以退出码 3 结束（供 cron 使用）")
@output_options
def status_cmd(period: str | None, strict: bool, out: Any) -> None:
    """清单完成情况；到期（期间已结束）而未完成的会标出。"""
    _listing(period, None, out, strict=strict)


def _listing(period: str | None, status: str | None, out: Any, *, strict: bool) -> None:
    from shequ.checklists.evaluate import progress, progress_text
    from shequ.common.output import Column
    from shequ.periods import parse_period

    a = app()
    span = parse_period(period or "this-year", today=a.today)
    with a.home.read() as session:
        results = _all_results(a, session, span)
    if status == "done":
        results = [r for r in results if r.status == "done"]
    elif status == "open":
        results = [r for r in results if r.status != "done"]
    rows = []
    for r in results:
        done, applicable, na = progress(r.items)
        missing = [i.text for i in r.items if i.state in ("unmet", "open")]
        rows.append({"id": r.id, "template": r.template, "title": r.title, "period": r.period, "unit": r.unit,
                     "status": r.status, "due": r.due, "progress": progress_text(r.items),
                     "done": done, "applicable": applicable, "na": na,
                     "score": r.score, "level": r.level, "missing": missing})
    if out.fmt in ("table", "md", "csv"):
        for row in rows:
            row["status"] = STATUS_NAMES[row["status"]] + ("（已到期）" if row["due"] and row["status"] != "done" else "")
            row["score"] = "" if row["score"] is None else f"{row['score']:g}" + (f" {row['level']}" if row["level"] else "")
            short = [m.split("：")[0] for m in row["missing"]]  # 五好 items quote whole definitions
            row["missing"] = short[:3] + [f"等{len(short)}项"] if len(short) > 3 else short
    out.rows(rows, [Column("id", "编号"), Column("title", "清单"), Column("period", "期间"), Column("unit", "单位"),
                    Column("status", "状态"), Column("progress", "完成项"), Column("score", "得分"),
                    Column("missing", "未完成")])
    if strict and any(r.due and r.status != "done" for r in results):
        raise SystemExit(3)


@checklist_group.command(name="export")
@click.argument("run_id", metavar="RUN")
@click.argument("path", metavar="FILE")
def export_cmd(run_id: str, path: str) -> None:
    """导出上交用的清单表（.xlsx 或 .docx）：标准、状态、佐证、得分。"""
    from shequ.checklists.runs import find_run
    from shequ.checklists.export import export_run

    a = app()
    with a.home.read() as session:
        rid, run = find_run(session, run_id)
        r = _evaluate(a, session, rid, run)
        meta = session.view("meta").get("meta", {}).get("1", {})
    export_run(path, r, unit_name=meta.get("name") or "")
    say(f"已导出清单 #{rid} 到 {path}")
