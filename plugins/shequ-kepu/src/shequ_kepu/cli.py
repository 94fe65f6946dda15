"""``shequ kepu …`` (alias ``shequ 科普``): thin callbacks over ``service``, through the public API only."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import click
from shequ.api import date_option, group, listing, open_context, period_option, say

from . import AUDIENCES, BOARD_ITEMS, EVIDENCE_KINDS, FORMS, MATERIALS, SUMMARY_SOURCES


@group("kepu")
def kepu() -> None:
    """科普：每月有活动、有小结、有记录，活动与记录、月小结、宣传载体更新、志愿者队伍。"""


# -- the monthly triple -------------------------------------------------------------------------------
@kepu.command(name="months")
@click.option("--year", type=int, help="年度（默认为上个月所在的年度：一月里看的是去年）")
@click.option("--strict", is_flag=True, help="上个月没有做到有活动、有小结、有记录时以退出码 3 结束（供 cron 使用）")
@listing
def months_cmd(year: int | None, strict: bool, out: Any) -> None:
    """全年12个月的“有活动、有小结、有记录”（篇7 L151），缺哪一项、为什么。

    \b
    cron 示例（每月2日检查上个月）：
      0 8 2 * * shequ kepu months --strict >/dev/null || mail -s 科普台账不全 科普专干 < /dev/null
    """
    from .service import last_month, month_marks, year_marks

    with open_context() as ctx:
        marks = year_marks(ctx, year or last_month(ctx.today).start.year)
        last = month_marks(ctx, last_month(ctx.today)) if strict else None
    out.rows([m.row(out.human) for m in marks],
             [("month", "月份"), ("activities", "活动次数"), ("activity", "有活动"), ("summary", "有小结"),
              ("record", "有记录"), ("why", "说明")])
    if last is not None and not last.complete:
        say(f"上月（{last.month}）未做到有活动、有小结、有记录：缺{'、'.join(last.missing)}；" + "；".join(last.why))
        raise SystemExit(3)


# -- activities and 记录 ----------------------------------------------------------------------------------
@kepu.group(name="activity")
def activity() -> None:
    """科普活动（已开展的活动连同签到表、照片等记录一起登记）。"""


@activity.command(name="log")
@click.argument("title")
@date_option("--date", "day", help="活动日期（默认今天）")
@click.option("--form", type=click.Choice(FORMS), required=True, help="形式（篇7 L146–L153）")
@click.option("--theme", help="主题")
@click.option("--on-theme", is_flag=True, help="使用年度主题（设置 kepu.theme）")
@click.option("--festival", help="结合的节日或活动，如 科技活动周、全国科普日")
@click.option("--audience", "audiences", multiple=True, type=click.Choice(AUDIENCES), help="对象，可多次")
@click.option("--material", "materials", multiple=True, type=click.Choice(MATERIALS), help="载体，如 远程教育课件、碟片，可多次")
@click.option("--copies", type=int, help="发放资料份数")
@click.option("--households", type=int, help="入户户数")
@click.option("--volunteer", "volunteers", multiple=True, help="参加服务的科普志愿者，可多次")
@click.option("--attendee", "attendees", multiple=True, help="签到人员（姓名或编号），可多次")
@click.option("--count", help="参与人次")
@click.option("--place", help="地点")
@click.option("--time", "time_", metavar="HH:MM", help="开始时间")
@click.option("--summary", help="活动小结（活动本身的几句话；月小结用 shequ kepu summary write）")
@click.option("--signin", "signins", multiple=True, metavar="文件|说明", help="签到表（扫描件或照片；纸质的写明存放处），可多次")
@click.option("--photo", "photos", multiple=True, metavar="文件", help="活动照片，可多次")
@click.option("--file", "files", multiple=True, metavar="文件", help="其他文件（课件、方案……），可多次")
def activity_log(title: str, day: date, form: str, theme: str | None, on_theme: bool, festival: str | None,
                 audiences: tuple[str, ...], materials: tuple[str, ...], copies: int | None, households: int | None,
                 volunteers: tuple[str, ...], attendees: tuple[str, ...], count: str | None, place: str | None,
                 time_: str | None, summary: str | None, signins: tuple[str, ...], photos: tuple[str, ...],
                 files: tuple[str, ...]) -> None:
    """登记一次已开展的科普活动及其记录（输出活动编号）。

    \b
    例：shequ kepu activity log 科普讲座：夏季食品安全 --date 2025-06-12 --form 科普培训 \\
          --material 远程教育课件 --count 42 --signin 签到表-0612.jpg --photo 现场-0612.jpg
    """
    from .service import log_activity

    if theme and on_theme:
        raise click.UsageError("--theme 与 --on-theme 只能选一个")
    raw = {"title": title, "date": day.isoformat(), "time": time_, "place": place, "summary": summary, "count": count,
           "attendees": list(attendees), "on_theme": on_theme,
           "fields": {"form": form, "theme": theme, "festival": festival, "audience": list(audiences),
                      "materials": list(materials), "copies": copies, "households": households,
                      "volunteers": list(volunteers)}}
    records = [("签到表", v) for v in signins] + [("照片", v) for v in photos] + [("文件", v) for v in files]
    with open_context(write=True, action=f"kepu activity log {title}") as ctx:
        eid, rids = log_activity(ctx, raw, records)
    click.echo(eid)
    say(f"已登记科普活动“{title}”（#{eid}）" + (f"，附记录{len(rids)}份" if rids else "，尚无签到表、照片等记录"))


@activity.command(name="list")
@period_option()
@listing
def activity_list(period: Any, out: Any) -> None:
    """已开展的科普活动，及各自的人次和记录份数。"""
    from .service import evidence_by_event, held

    with open_context() as ctx:
        evidence = evidence_by_event(ctx)
        rows = [{"id": eid, "date": e["date"], "title": e.get("title"), "form": (e.get("fields") or {}).get("form") or "",
                 "festival": (e.get("fields") or {}).get("festival") or "",
                 "count": int(e.get("count") or len(e.get("attendees") or [])), "records": len(evidence.get(eid, []))}
                for eid, e in held(ctx, period)]
    out.rows(rows, [("id", "编号"), ("date", "日期"), ("title", "活动"), ("form", "形式"), ("festival", "节日"),
                    ("count", "人次"), ("records", "记录份数")])


@kepu.group(name="evidence")
def evidence() -> None:
    """活动记录：签到表、照片、文件（每月有记录）。"""


@evidence.command(name="add")
@click.argument("event")
@click.option("--kind", type=click.Choice(EVIDENCE_KINDS), required=True, help="类别")
@click.option("--file", "files", multiple=True, metavar="文件", help="文件（须存在），可多次")
@click.option("--note", help="说明（无电子文件时写明存放处）")
def evidence_add(event: str, kind: str, files: tuple[str, ...], note: str | None) -> None:
    """给已开展的科普活动附记录（输出记录编号）。

    \b
    例：shequ kepu evidence add 12 --kind 签到表 --file 签到表-0315.jpg
        shequ kepu evidence add 12 --kind 签到表 --note 纸质签到表存第3号档案盒
    """
    from .service import add_evidence, classify

    if not files and not note:
        raise click.UsageError("请给出 --file 或 --note")
    for f in files:
        if classify(f)[0] is None:
            from shequ import DataError

            raise DataError(f"记录文件不存在：{f}")
    with open_context(write=True, action=f"kepu evidence add {event}") as ctx:
        ids = [add_evidence(ctx, event, kind, f) for f in files]
        if note:
            ids.append(add_evidence(ctx, event, kind, note))
    for rid in ids:
        click.echo(rid)
    say(f"已给活动 {event} 附{kind}{len(ids)}份")


@evidence.command(name="list")
@period_option()
@listing
def evidence_list(period: Any, out: Any) -> None:
    """某期间科普活动的记录。"""
    from .service import evidence_by_event, held

    with open_context() as ctx:
        by_event = evidence_by_event(ctx)
        rows = [{"id": rid, "event": eid, "date": e["date"], "title": e.get("title"), "kind": r["kind"],
                 "file": (Path(r["file"]).name if out.human else r["file"]) if r.get("file") else "",
                 "note": r.get("note") or ""}
                for eid, e in held(ctx, period) for rid, r in by_event.get(eid, [])]
    out.rows(rows, [("id", "编号"), ("event", "活动编号"), ("date", "日期"), ("title", "活动"), ("kind", "类别"),
                    ("file", "文件"), ("note", "说明")])


# -- the month's 小结 ---------------------------------------------------------------------------------------
@kepu.group(name="summary")
def summary() -> None:
    """每月小结：由本月活动生成初稿，修改后保存（每月有小结）。"""


@summary.command(name="draft")
@click.argument("month")
@listing
def summary_draft(month: str, out: Any) -> None:
    """由本月活动生成小结初稿（只显示，不保存；可重定向到文件修改后用 write --file 保存）。"""
    from .service import draft, parse_month

    with open_context() as ctx:
        span = parse_month(ctx, month)
        text = draft(ctx, span)
    out.answer({"month": span.label, "text": text}, text)


@summary.command(name="write")
@click.argument("month")
@click.option("--text", help="小结内容")
@click.option("--file", "path", metavar="文件", help="从文件读入小结（UTF-8 或 GB18030 文本）")
@click.option("--generate", is_flag=True, help="由本月活动生成")
@click.option("--edit", is_flag=True, help="保存前用编辑器修改（环境变量 EDITOR）")
@click.option("--origin", type=click.Choice(SUMMARY_SOURCES), help="来源（默认：--generate 为“由活动生成”，否则“手写”）")
@click.option("--author", help="撰写人")
@date_option("--date", "written", help="撰写日期（默认今天）")
@click.option("--replace", is_flag=True, help="覆盖本月已有的小结")
def summary_write(month: str, text: str | None, path: str | None, generate: bool, edit: bool, origin: str | None,
                  author: str | None, written: date, replace: bool) -> None:
    """保存某月的科普小结（输出小结编号）。

    \b
    例：shequ kepu summary write 2025-03 --generate --edit
        shequ kepu summary draft 2025-03 > 三月小结.txt   # 修改后：
        shequ kepu summary write 2025-03 --file 三月小结.txt --origin 由活动生成后修改
    """
    from .service import draft, parse_month, write_summary

    if sum(bool(x) for x in (text, path, generate)) != 1:
        raise click.UsageError("请给出 --text、--file、--generate 之一")
    content = text or ""
    if path:
        content = _read_text(path)
    how = origin or "手写"
    if generate:
        with open_context() as ctx:
            content = draft(ctx, parse_month(ctx, month))
        how = origin or "由活动生成"
    if edit:  # outside any transaction: the home is not locked while the editor is open
        edited = click.edit(content, extension=".txt")
        if edited is not None and edited.strip() != content.strip():
            content = edited
            how = origin or ("由活动生成后修改" if generate else "手写")
    with open_context(write=True, action=f"kepu summary write {month}") as ctx:
        span = parse_month(ctx, month)
        rid, replaced = write_summary(ctx, span, content, origin=how, author=author, replace=replace, written=written)
    click.echo(rid)
    say(f"{'已覆盖' if replaced else '已保存'}{span.title}科普小结 #{rid}（{how}，{len(content.strip())}字）")


def _read_text(path: str) -> str:
    from shequ import DataError

    p = Path(path).expanduser()
    if not p.is_file():
        raise DataError(f"文件不存在：{path}")
    raw = p.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise DataError(f"无法读取文件（应为 UTF-8 或 GB18030 文本）：{path}")


@summary.command(name="show")
@click.argument("month")
@listing
def summary_show(month: str, out: Any) -> None:
    """显示某月的科普小结。"""
    from .service import parse_month, summary_text

    with open_context() as ctx:
        span = parse_month(ctx, month)
        rid, rec = summary_text(ctx, span)
    out.answer({"id": rid, "month": span.label, **{k: rec.get(k) for k in ("text", "origin", "written", "author")}},
               rec["text"])


@summary.command(name="list")
@click.option("--year", type=int, help="年度（默认今年）")
@listing
def summary_list(year: int | None, out: Any) -> None:
    """某年各月小结的撰写情况。"""
    from .service import FUTURE, summaries, year_marks

    with open_context() as ctx:
        y = year or ctx.today.year
        found = summaries(ctx)
        rows = []
        for m in year_marks(ctx, y):
            recs = found.get(m.month, [])
            rid, rec = recs[-1] if recs else (None, {})
            state = "已写" if recs else ("未到" if m.summary == FUTURE else "缺")
            rows.append({"month": m.month, "state": state, "id": rid, "origin": rec.get("origin") or "",
                         "written": rec.get("written") or "", "author": rec.get("author") or "",
                         "chars": len(rec["text"]) if recs else None})
    out.rows(rows, [("month", "月份"), ("state", "小结"), ("id", "编号"), ("origin", "来源"), ("written", "撰写日期"),
                    ("author", "撰写人"), ("chars", "字数")])


# -- 宣传载体 -----------------------------------------------------------------------------------------------
@kepu.group(name="board")
def board() -> None:
    """宣传载体（科普宣传栏、文化画廊、院落张贴栏、基层信息公开平台）及其更新记录。"""


@board.command(name="update")
@click.argument("board_name", metavar="载体")
@click.option("--item", type=click.Choice(BOARD_ITEMS), required=True, help="内容：海报、横幅、活动信息")
@click.option("--topic", required=True, help="主题")
@date_option("--date", "day", help="日期（默认今天）")
@click.option("--note", help="备注")
def board_update(board_name: str, item: str, topic: str, day: date, note: str | None) -> None:
    """登记一次宣传载体更新（输出编号）。载体须已登记：shequ record add kepu.board …"""
    from .service import update_board

    with open_context(write=True, action=f"kepu board update {board_name}") as ctx:
        rid = update_board(ctx, board_name, day, item, topic, note)
    click.echo(rid)
    say(f"已登记“{board_name}”更新：{item}《{topic}》（#{rid}）")


@board.command(name="log")
@period_option()
@click.option("--board", "board_name", help="只看某个载体")
@listing
def board_log(period: Any, board_name: str | None, out: Any) -> None:
    """宣传载体更新记录。"""
    from .service import board, board_updates

    with open_context() as ctx:
        name = board(ctx, board_name)[1]["name"] if board_name else None
        rows = [{"id": rid, **{k: u.get(k) or "" for k in ("date", "board", "item", "topic", "note")}}
                for rid, u in board_updates(ctx, period) if name is None or u["board"] == name]
    out.rows(rows, [("id", "编号"), ("date", "日期"), ("board", "宣传载体"), ("item", "内容"), ("topic", "主题"),
                    ("note", "备注")])


@board.command(name="list")
@period_option()
@listing
def board_list(period: Any, out: Any) -> None:
    """宣传载体，及某期间的更新次数和最近一次更新。"""
    from .service import board_updates

    with open_context() as ctx:
        updates = board_updates(ctx, period)
        last_ever: dict[str, str] = {}
        for _, u in ctx.records.list("kepu.board_update"):
            last_ever[u["board"]] = max(last_ever.get(u["board"], ""), u["date"])
        rows = []
        for rid, b in ctx.records.list("kepu.board"):
            mine = [u for _, u in updates if u["board"] == b["name"]]
            rows.append({"id": rid, "name": b["name"], "kind": b["kind"], "place": b.get("place") or "",
                         "updates": len(mine), "last": last_ever.get(b["name"], "")})
    out.rows(rows, [("id", "编号"), ("name", "名称"), ("kind", "类别"), ("place", "位置"), ("updates", "期间更新次数"),
                    ("last", "最近更新")])


# -- 科普志愿者 ---------------------------------------------------------------------------------------------
@kepu.group(name="volunteer")
def volunteer() -> None:
    """科普志愿者服务队伍。"""


@volunteer.command(name="add")
@click.argument("person")
@date_option("--joined", "joined", help="加入日期（默认今天）")
@click.option("--skill", help="特长")
def volunteer_add(person: str, joined: date, skill: str | None) -> None:
    """登记科普志愿者（输出编号）。"""
    from .service import add_volunteer

    with open_context(write=True, action=f"kepu volunteer add {person}") as ctx:
        rid = add_volunteer(ctx, person, joined, skill)
    click.echo(rid)
    say(f"已登记科普志愿者 {person}（#{rid}）")


@volunteer.command(name="list")
@period_option(help="统计服务次数的期间（默认今年）")
@click.option("--all", "show_all", is_flag=True, help="也列出已退出的队员")
@listing(reveal=True)
def volunteer_list(period: Any, show_all: bool, out: Any) -> None:
    """科普志愿者花名册及期间内服务次数；未满14周岁的队员姓名默认隐去（--reveal 显示，记入修改日志）。"""
    from shequ.api import Column

    from .service import age_on, volunteer_activity

    with open_context() as ctx:
        served = volunteer_activity(ctx, period)
        on = min(ctx.today, period.end)
        rows, minors = [], False
        for rid, rec in ctx.records.list("kepu.volunteer"):
            active = rec["joined"] <= on.isoformat() and (not rec.get("left") or rec["left"] >= on.isoformat())
            if not active and not show_all:
                continue
            person = ctx.people.get(rec["person"])
            minor = (age_on(person, on) if age_on(person, on) is not None else 99) < 14
            minors = minors or minor
            name = person["name"] if (out.reveal or not minor) else "（未满14周岁，已隐去）"
            rows.append({"id": rid, "name": name, "joined": rec["joined"], "left": rec.get("left") or "",
                         "skill": rec.get("skill") or "", "served": served.get(rec["person"], 0),
                         "status": "在队" if active else "已退出"})
    name_col = Column("name", "姓名", mask="name") if (out.reveal and minors) else ("name", "姓名")
    out.rows(rows, [("id", "编号"), name_col, ("joined", "加入日期"), ("left", "退出日期"), ("skill", "特长"),
                    ("served", "服务次数"), ("status", "状态")])
