"""Ledger import (bank and 财务 exports, de-duplicated on re-import) and the 财务公开 workbook."""

from __future__ import annotations

import os
from decimal import Decimal
from pathlib import Path
from typing import Any, NamedTuple

from shequ.common.values import names
from shequ.errors import DataError, UsageError
from shequ.ledger.entries import AREA, Ctx, book, build_entry, entry_fields, entries, import_key, live, money
from shequ.ledger.queries import rollup
from shequ.store import now_iso

FIELDS = {"date", "amount", "direction", "account", "via", "fund", "payee", "voucher", "memo", "income", "expense"}
HEADERS = {
    "日期": "date", "交易日期": "date", "记账日期": "date", "金额": "amount", "发生额": "amount",
    "收支": "direction", "收支类型": "direction", "借贷": "direction", "科目": "account", "会计科目": "account",
    "账户": "via", "资金账户": "via", "资金": "fund", "资金来源": "fund", "经费来源": "fund",
    "收付款人": "payee", "对方户名": "payee", "对方名称": "payee", "凭证号": "voucher", "凭证编号": "voucher",
    "摘要": "memo", "备注": "memo", "用途": "memo", "收入": "income", "收入金额": "income", "贷方金额": "income",
    "支出": "expense", "支出金额": "expense", "借方金额": "expense",
}
DIRECTIONS = {"收入": "in", "收": "in", "in": "in", "贷": "in", "支出": "out", "支": "out", "out": "out", "借": "out"}
IGNORED = {"序号", "编号", "余额", "原因", "行号", "作废"}


class LedgerImport(NamedTuple):
    added: int
    duplicates: int
    rejected: list[tuple[int, dict[str, Any], str]]
    headers: list[str]


def read_mapping(path: str | os.PathLike[str]) -> dict[str, str | None]:
    import orjson

    p = Path(path)
    if not p.is_file():
        raise DataError(f"映射文件不存在：{p}")
    if p.suffix.lower() == ".json":
        try:
            data = orjson.loads(p.read_bytes())
        except orjson.JSONDecodeError as exc:
            raise DataError(f"映射文件 JSON 格式错误：{p.name}（{exc}）") from None
    else:
        from shequ.common.tabular import decode_text

        data = {}
        for line in decode_text(p.read_bytes(), p.name).splitlines():
            if line.strip():
                k, _, v = line.replace("，", ",").partition(",")
                data[k.strip()] = v.strip() or None
    bad = [v for v in data.values() if v and v not in FIELDS and v not in HEADERS]
    if bad:
        raise DataError(f"映射文件中有未知的字段：{'、'.join(bad)}（可用：{'、'.join(sorted(FIELDS))}）")
    return {k: (HEADERS.get(v, v) if v else None) for k, v in data.items()}


def import_entries(ctx: Ctx, path: str | os.PathLike[str], *, mapping: dict[str, str | None],
                   default_account: str | None, skip_invalid: bool) -> LedgerImport:
    from shequ.common.tabular import read_table

    table = read_table(path)
    cols: dict[str, str] = {}
    unknown = []
    declared = {key: f.name for f, _ in entry_fields(ctx.registry).values()
                for key in (f.name, f.label) if key}
    for h in table.headers:
        if h in declared:
            cols[h] = declared[h]
        elif h in mapping:
            if mapping[h]:
                cols[h] = mapping[h]  # type: ignore[assignment]
        elif h in HEADERS:
            cols[h] = HEADERS[h]
        elif h in FIELDS:
            cols[h] = h
        elif h not in IGNORED:
            unknown.append(h)
    if unknown:
        raise DataError(f"无法识别的列：{names(unknown)}（用 --mapping 指明对应字段，或映射为空以忽略）")
    if "date" not in cols.values():
        raise DataError("文件中没有“日期”列")
    seen = {e.get("import_key") or import_key(e) for e in entries(ctx.session).values() if not e.get("void")}
    # Rows are written as they pass, inside the transaction: a later row sees the earlier
    # ones (a fund's income before its spending, a voucher used twice in the file), and if
    # any row fails without --skip-invalid the exception discards them all.
    rejected, dupes, added = [], 0, 0
    stamp = now_iso()
    for lineno, values in table.rows:
        raw: dict[str, Any] = {}
        for h, v in values.items():
            if h in cols and str(v).strip():
                raw[cols[h]] = str(v).strip()
        problems = []
        inc, exp = raw.pop("income", None), raw.pop("expense", None)
        if inc and exp:
            problems.append("同一行既有收入又有支出")
        elif inc or exp:
            raw["amount"], raw["direction"] = (inc, "in") if inc else (exp, "out")
        elif raw.get("direction"):
            d = DIRECTIONS.get(raw["direction"])
            if d is None:
                problems.append(f"收支应为 收入 或 支出：{raw['direction']}")
            raw["direction"] = d or raw["direction"]
        elif raw.get("amount", "").startswith("-"):
            raw["amount"], raw["direction"] = raw["amount"][1:], "out"
        elif raw.get("amount"):
            raw["direction"] = "in"
        raw.setdefault("account", default_account)
        key = _raw_key(raw, ctx.today)
        if key is not None and key in seen and not problems:
            dupes += 1  # re-importing an export: recognised before its voucher or fund is "reused"
            continue
        e, more = build_entry(ctx, raw)
        problems += more
        if problems:
            rejected.append((lineno, values, "；".join(problems)))
            continue
        key = import_key(e)
        seen.add(key)
        e["import_key"] = key
        e["_created"] = e["_updated"] = stamp
        book(ctx, ctx.session.next_id(AREA), e)
        added += 1
    from shequ.records.records import refuse_rejected

    refuse_rejected(rejected, skip_invalid)
    return LedgerImport(added, dupes, rejected, table.headers)


def _raw_key(raw: dict[str, Any], today: Any) -> str | None:
    """The import key of a row before validation (None when it cannot even be normalised)."""
    from shequ.ledger.entries import parse_amount
    from shequ.periods import parse_date

    try:
        norm = {"date": parse_date(str(raw.get("date", "")), today=today).isoformat(),
                "amount": money(parse_amount(raw.get("amount", ""))), "direction": raw.get("direction", ""),
                "account": str(raw.get("account") or "").replace("：", ":"), "voucher": raw.get("voucher", ""),
                "memo": raw.get("memo", ""), "payee_name": raw.get("payee", "")}
    except (UsageError, ValueError):
        return None
    return import_key(norm)


def export_ledger(a: Any, session: Any, path: str | os.PathLike[str], span: Any, *, depth: int, unit: str,
                  reveal: bool = False) -> None:
    from shequ.common.output import Column, format_for, write_stream
    from shequ.common.xlsx import Sheet, stream_xlsx
    from shequ.ledger.accounts import accounts, sensitive

    ext = Path(path).suffix.lower()
    register = [(k, e) for k, e in sorted(entries(session).items(), key=lambda kv: (kv[1]["date"], int(kv[0])))
                if span.start.isoformat() <= e["date"] <= span.end.isoformat()]
    # Fields plugins added to these entries (党费所属月份 …) go out with them, after the core's.
    extra = [(name, f.title) for name, (f, _) in entry_fields(a.registry).items() if any(name in e for _, e in register)]
    acc = accounts(a.pm, session)

    def payee(e: dict[str, Any]) -> str:  # sensitive accounts' payees stay hidden unless --reveal
        return e.get("payee_name", "") if reveal or not sensitive(acc, e["account"]) else ("（已隐去）" if e.get("payee_name") else "")

    if ext != ".xlsx":
        from shequ.common.exporting import EXPORT_FORMATS, export_rows

        format_for(path, None, allowed=EXPORT_FORMATS)
        keys = ["n", "id", "date", "direction", "amount", "account", "fund", "payee", "voucher", "memo", "void", *(k for k, _ in extra)]
        heads = ["序号", "编号", "日期", "收支", "金额", "科目", "资金", "收付款人", "凭证号", "摘要", "作废", *(h for _, h in extra)]
        export_rows(path, [dict(zip(keys, [n, k, e["date"], "收入" if e["direction"] == "in" else "支出", money(Decimal(e["amount"])),
                                           e["account"], e.get("fund", ""), payee(e), e.get("voucher", ""), e.get("memo", ""),
                                           "作废：" + e.get("void_reason", "") if e.get("void") else "",
                                           *(e.get(x, "") for x, _ in extra)]))
                           for n, (k, e) in enumerate(register, start=1)],
                    [Column(k, h) for k, h in zip(keys, heads)], title=f"{unit}收支明细（{span.title}）")
        return
    from shequ.ledger.book import register_sheet

    inc: dict[str, Decimal] = {}
    exp: dict[str, Decimal] = {}
    for e in live(session):
        if span.start.isoformat() <= e["date"] <= span.end.isoformat():
            target = inc if e["direction"] == "in" else exp
            key = rollup(e["account"], depth)
            target[key] = target.get(key, Decimal(0)) + Decimal(e["amount"])
    rows: list[list[Any]] = []
    n = 0
    for label, bucket in (("收入", inc), ("支出", exp)):
        for account in sorted(bucket):
            n += 1
            rows.append([n, label, account, Decimal(money(bucket[account]))])
        rows.append(["", f"{label}合计", "", Decimal(money(sum(bucket.values(), Decimal(0))))])
    total_in, total_out = sum(inc.values(), Decimal(0)), sum(exp.values(), Decimal(0))
    rows.append(["", "结余", "", Decimal(money(total_in - total_out))])  # numbers shown #,##0.00
    sheets = [
        Sheet("财务公开", ["序号", "类别", "项目", "金额（元）"], rows, title=f"{unit}财务公开（{span.title}）", widths=(6, 12, 30, 14)),
        register_sheet(register, payee, f"{unit}收支明细（{span.title}）", extra),
    ]
    write_stream(path, lambda out: stream_xlsx(out, sheets))
    if not register:
        raise UsageError(f"{span.title}没有账目（文件已写出，为空表）")
