"""The community ledger's entries: exact money, validated, never deleted, summed in cents.

Each entry is one movement of money: a date, an amount (``Decimal``, stored
as a string, at most 2 decimals, always positive), a direction (``in`` /
``out``), a category account (``支出:普法:宣传品``) and the asset account it
went through (``资产:银行`` by default), optionally a fund, a payee (a person
or text), an event, a voucher number and a memo.  Entries are never
deleted: ``void`` keeps them in the register, out of every sum.

Accounts and funds are :mod:`shequ.ledger.accounts`, budgets :mod:`shequ.ledger.budgets`,
disbursement schedules :mod:`shequ.ledger.schedules`.  Everything lives in the ``ledger`` area
(``ledger.json`` and its shards).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, Iterable, NamedTuple

from shequ.errors import DataError, NotFound, ValidationError
from shequ.models import Field, RecordType
from shequ.store import Session, now_iso
from shequ.common.values import AMOUNT_LIMIT, parse_decimal
from shequ.ledger.accounts import accounts, check_account, funds, under

AREA = "ledger"
ENTRIES, ACCOUNTS, FUNDS, BUDGETS, RULES, SCHEDULES = "entries", "accounts", "funds", "budgets", "rules", "schedules"
DEFAULT_VIA = "资产:银行"
CENT = Decimal("0.01")
#: A ledger entry, declared like any record type: its fields and their types.  Plugins add fields to
#: entries with ``kind="ledger"`` types of their own; a name taken here is refused (``registry``).
ENTRY = RecordType(
    id="core.entry", title="账目", kind="ledger", source="DESIGN §2 Ledger",
    description="一笔收入或支出：日期、金额、收支、科目、资金账户，可选资金、收付款人、活动、凭证号、摘要",
    fields=(
        Field("date", "date", label="日期", required=True),
        Field("amount", "str", label="金额", required=True, help="正数，最多两位小数"),
        Field("direction", "choice", label="收支", required=True, choices=("in", "out")),
        Field("account", "str", label="科目", required=True),
        Field("via", "str", label="账户", default=DEFAULT_VIA),
        Field("fund", "str", label="资金"),
        Field("payee", "str", label="收付款人", help="居民的编号或姓名，或单位名称"),
        Field("event", "event", label="活动"),
        Field("voucher", "str", label="凭证号"),
        Field("memo", "str", label="摘要"),
        # Kept by the ledger itself, never typed in:
        Field("payee_name", "str", label="收付款人姓名"),
        Field("void", "bool", label="作废"),
        Field("void_reason", "str", label="作废原因"),
        Field("import_key", "str", label="导入键"),
    ),
)
#: What an entry is given (the rest of ENTRY is the ledger's own bookkeeping).
INPUT_KEYS = ("date", "amount", "direction", "account", "via", "fund", "payee", "event", "voucher", "memo")
#: Every core entry field and its Chinese name.
CORE_ENTRY_FIELDS = {f.name: f.title for f in ENTRY.fields}


# -- amounts ------------------------------------------------------------------------------
def parse_amount(raw: Any) -> Decimal:
    """A positive amount with at most 2 decimals: ``1,234.50``, ``¥1234.5``, ``1234.50元``."""
    too_big = f"金额太大：{raw}（单笔不超过 {AMOUNT_LIMIT:,} 元）"
    try:
        value = parse_decimal(raw)
    except ValueError as exc:
        raise ValueError(too_big if str(exc).startswith("数字太大") else str(exc).replace("数字", "金额")) from None
    if value.as_tuple().exponent < -2:  # type: ignore[operator]
        raise ValueError(f"金额最多两位小数：{raw}")
    if value <= 0:
        raise ValueError(f"金额应为正数（收支方向用 --in / --out 表示）：{raw}")
    if value > AMOUNT_LIMIT:
        raise ValueError(too_big)
    return value


def money(value: Decimal) -> str:
    return str(value.quantize(CENT))


# -- entries ----------------------------------------------------------------------------------
class Ctx(NamedTuple):
    """What entry rules read: the session, the plugins, today, the chart, the funds, the registry
    (for plugins' entry fields) and the plugin context their validators receive."""

    session: Session
    pm: Any
    today: date
    accounts: dict[str, dict[str, Any]]
    funds: dict[str, dict[str, Any]]
    registry: Any
    plugin: Any
    #: Indexes over the entries (fund balances in cents, vouchers in use), built on first use and
    #: kept up to date by :func:`add_entry`: booking a thousand payments stays linear.
    cache: dict[str, Any]


def make_ctx(plugin: Any) -> Ctx:
    """The ledger's context inside the :class:`~shequ.context.PluginContext` *plugin*."""
    pm, session = plugin.pm, plugin.session
    return Ctx(session, pm, plugin.today, accounts(pm, session), funds(pm, session), plugin.registry, plugin, {})


def _balances(ctx: Ctx) -> dict[str, int]:
    if "balances" not in ctx.cache:
        ctx.cache["balances"] = dict(fund_balances(ctx.session))
    return ctx.cache["balances"]  # type: ignore[no-any-return]


def _vouchers(ctx: Ctx) -> dict[str, str]:
    """Voucher → the live entry using it."""
    if "vouchers" not in ctx.cache:
        ctx.cache["vouchers"] = {e["voucher"]: k for k, e in entries(ctx.session).items()
                                 if e.get("voucher") and not e.get("void")}
    return ctx.cache["vouchers"]  # type: ignore[no-any-return]


def entry_fields(registry: Any) -> dict[str, Any]:
    """The fields added to entries beyond :data:`ENTRY`'s (the plugins', and the core's
    disbursement fields): name → (Field, the ``kind="ledger"`` type declaring it)."""
    if registry is None:
        return {}
    return {k: v for k, v in registry.entry_fields.items() if v[1].id != ENTRY.id}


def _plugin_fields(ctx: Ctx, raw: dict[str, Any], e: dict[str, Any], self_id: str | None = None) -> list[str]:
    """Coerce the plugin-declared fields of *raw* into *e*; validate them (each field's
    validators, then every plugin's ``shequ_validate`` for the types involved)."""
    from shequ.records.records import coerce_field
    from shequ.common.values import is_blank

    declared = entry_fields(ctx.registry)
    by_label = {f.label: f.name for f, _ in declared.values() if f.label}
    problems: list[str] = []
    touched: dict[str, Any] = {}
    rctx = ctx.plugin
    for key, value in raw.items():
        if key in INPUT_KEYS:
            continue
        name = by_label.get(key, key)
        if name not in declared:
            known = "、".join(f"{f.name}（{f.title}）" for f, _ in declared.values()) or "无（没有插件为账目添加字段）"
            problems.append(f"未知的账目字段 {key}（插件添加的字段：{known}）")
            continue
        f, rt = declared[name]
        touched[rt.id] = rt
        if is_blank(value):
            e.pop(name, None)
            continue
        try:
            e[name] = coerce_field(f, value, rctx)
        except ValueError as exc:
            problems.append(f"{f.title}：{exc}")
    for f, rt in declared.values():
        if f.name in e and rt.id in touched and not problems:
            for check in f.validators:
                message = check(e[f.name], e)
                if message:
                    problems.append(f"{f.title}：{message}")
    if not problems:
        from shequ.records.records import editing

        with editing(rctx, int(self_id) if self_id else None):  # type: ignore[arg-type]
            for rt in touched.values():
                for found in ctx.pm.hook.shequ_validate(record=e, record_type=rt, ctx=rctx):
                    problems.extend(found or [])
    return problems


def entries(session: Session) -> dict[str, dict[str, Any]]:
    return session.view(AREA).get(ENTRIES, {})


def entry_columns(session: Session, fields: Iterable[str]) -> tuple[list[int], dict[str, list[Any]]]:
    """Every entry (void ones too) as columns: ``(ids, {field: values})``, ``None`` where an
    entry lacks the field.

    From the shards' columnar copies when the store has them, so a report's sums
    read a few fields of 20k entries instead of parsing 20k dicts; otherwise
    from the documents.  Either way the same answer.
    """
    from itertools import repeat

    copies = session.columns(AREA, ENTRIES)
    if copies is not None:
        ids, cols = copies
        return ids, {f: cols[f] if f in cols else [None] * len(ids) for f in fields}
    docs = entries(session)
    values = list(docs.values())
    return list(map(int, docs)), {f: list(map(dict.get, values, repeat(f))) for f in fields}


def live(session: Session) -> list[dict[str, Any]]:
    return [e for e in entries(session).values() if not e.get("void")]


def fund_balance(session: Session, name: str, *, exclude: str | None = None) -> Decimal:
    """The balance of fund *name* (leaving out entry *exclude*, which is being edited)."""
    if exclude is None:
        return from_cents(fund_balances(session).get(name, 0))
    total = 0
    for key, e in entries(session).items():
        if e.get("void") or e.get("fund") != name or key == exclude:
            continue
        total += cents(e["amount"]) if e["direction"] == "in" else -cents(e["amount"])
    return from_cents(total)


def fund_balances(session: Session) -> dict[str, int]:
    """Every fund's balance in cents, from one pass (once per read session: a report asks per fund)."""
    def compute() -> dict[str, int]:
        from itertools import compress

        _, c = entry_columns(session, ("fund", "void", "amount", "direction"))
        funds, voids, amounts, directions = c["fund"], c["void"], c["amount"], c["direction"]
        at = [i for i in compress(range(len(funds)), funds) if not voids[i]]
        out: dict[str, int] = {}
        for i, amount in zip(at, cents_of(map(amounts.__getitem__, at))):
            out[funds[i]] = out.get(funds[i], 0) + (amount if directions[i] == "in" else -amount)
        return out

    return session.memo("ledger.fund_balances", compute)


def _hint(f: Field) -> str:
    return "--in 或 --out" if f.name == "direction" else f"--{f.name}"


def build_entry(ctx: Ctx, raw: dict[str, Any], *, self_id: str | None = None, base: dict[str, Any] | None = None) -> tuple[dict[str, Any], list[str]]:
    """Validate an entry against :data:`ENTRY` and its cross-field checks, then the plugins'
    fields, then the earmark, balance and voucher rules; every problem at once."""
    from shequ.records.records import build_record

    given = {k: raw[k] for k in INPUT_KEYS if raw.get(k) is not None}
    if isinstance(given.get("account"), str):
        given["account"] = given["account"].replace("：", ":")
    if isinstance(given.get("via"), str):
        given["via"] = given["via"].replace("：", ":")
    e, p = build_record(ENTRY, {k: v for k, v in given.items() if k != "payee"}, ctx.plugin, base=base,
                        hint=_hint, validate=False)
    for check in CHECKS:
        p.extend(check(ctx, e, given))
    p.extend(_plugin_fields(ctx, raw, e, self_id))
    if e.get("fund") and not p:
        p.extend(_fund_rules(ctx, e, self_id))
    if e.get("voucher") and not p:
        p.extend(_voucher_unused(ctx, e, self_id))
    return e, p


def _amount(ctx: Ctx, e: dict[str, Any], given: dict[str, Any]) -> list[str]:
    """Positive, at most two decimals; a minus sign on income is a refund, booked as 支出."""
    if "amount" not in given:
        return []
    text = str(given["amount"]).strip()
    e.pop("amount", None)  # the text as typed: replaced by the amount, or left out with the problem
    if text.startswith("-") and e.get("direction") == "in":
        return [f"收入金额不能为负数：{text}（退款请记为支出）"]
    try:
        e["amount"] = money(parse_amount(text))
    except ValueError as exc:
        return [str(exc)]
    return []


def _accounts(ctx: Ctx, e: dict[str, Any], given: dict[str, Any]) -> list[str]:
    """The account exists and is of the entry's direction; the money went through an asset account."""
    out = []
    if e.get("account"):
        kinds = {"in": ("income",), "out": ("expense",)}.get(e.get("direction", ""), ("income", "expense"))
        try:
            check_account(ctx.accounts, e["account"], kinds)
        except ValueError as exc:
            out.append(str(exc))
    try:
        check_account(ctx.accounts, e.get("via") or DEFAULT_VIA, ("asset",))
    except ValueError as exc:
        out.append(f"资金账户：{exc}")
    return out


def _payee(ctx: Ctx, e: dict[str, Any], given: dict[str, Any]) -> list[str]:
    """A resident (by id or name) or, for anyone else, the name as written."""
    from shequ.records.records import resolve_ref

    text = str(given.get("payee") or "").strip()
    if not text:
        return []
    try:
        pid = resolve_ref(ctx.session, "person", text)
    except ValueError as exc:
        if "同名" in str(exc) or "身份证" in str(exc):  # a resident, but which one: never a guess
            return [f"收付款人：{exc}"]
        if text.lstrip("#").isdigit():
            return [f"收付款人：找不到编号为 {text} 的人员"]
        e.pop("payee", None)
        e["payee_name"] = text  # an organisation or someone not in the register
        return []
    e["payee"] = pid
    e["payee_name"] = (ctx.session.get("people", "people", str(pid)) or {}).get("name")
    return []


#: An entry's cross-field checks, in order; each returns its problems.
CHECKS = (_amount, _accounts, _payee)


def _voucher_unused(ctx: Ctx, e: dict[str, Any], self_id: str | None) -> list[str]:
    key = _vouchers(ctx).get(e["voucher"])
    if key is None or key == self_id:
        return []
    other = ctx.session.get(AREA, ENTRIES, key) or {}
    return [f"凭证号 {e['voucher']} 已用于 #{key}（{other['date']} {other['account']} {other['amount']}）"]


def _fund_rules(ctx: Ctx, e: dict[str, Any], self_id: str | None) -> list[str]:
    f = ctx.funds.get(e["fund"])
    if f is None:
        return [f"未知的资金：{e['fund']}（可用：{'、'.join(ctx.funds) or '无，先用 ledger fund add 添加'}）"]
    if e["direction"] != "out":
        return []
    if f.get("earmarked") and not any(under(e["account"], a) for a in f.get("accounts", [])):
        return [f"{e['fund']}专款专用，只能用于 {'、'.join(f['accounts'])}，不能支出到 {e['account']}"]
    before = fund_balance(ctx.session, e["fund"], exclude=self_id) if self_id else from_cents(_balances(ctx).get(e["fund"], 0))
    after = before - Decimal(e["amount"])
    if f.get("earmarked") and after < 0:
        return [f"{e['fund']}余额不足：支出后为 {money(after)} 元（专款不能透支）"]
    return []


def add_entry(ctx: Ctx, raw: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    e, problems = build_entry(ctx, raw)
    if problems:
        raise ValidationError(problems, subject="无法记账")
    e["_created"] = e["_updated"] = now_iso()
    eid = ctx.session.next_id(AREA)
    book(ctx, eid, e)
    return eid, e


def book(ctx: Ctx, eid: int, e: dict[str, Any]) -> None:
    """Write a validated entry, keeping the context's indexes (balances, vouchers) up to date."""
    ctx.session.put(AREA, ENTRIES, eid, e)
    if e.get("fund") and "balances" in ctx.cache:
        sign = 1 if e["direction"] == "in" else -1
        ctx.cache["balances"][e["fund"]] = ctx.cache["balances"].get(e["fund"], 0) + sign * cents(e["amount"])
    if e.get("voucher") and "vouchers" in ctx.cache:
        ctx.cache["vouchers"][e["voucher"]] = str(eid)


def find_entry(session: Session, key: str) -> tuple[int, dict[str, Any]]:
    text = str(key).strip().lstrip("#")
    e = entries(session).get(text)
    if e is None:
        raise NotFound(f"找不到账目：{key}")
    return int(text), e


def edit_entry(ctx: Ctx, key: str, raw: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    eid, old = find_entry(ctx.session, key)
    if old.get("void"):
        raise DataError(f"账目 #{eid} 已作废，不能修改")
    base = {k: v for k, v in old.items() if not k.startswith("_")}
    e, problems = build_entry(ctx, raw, self_id=str(eid), base=base)
    if problems:
        raise ValidationError(problems, subject=f"无法修改账目 #{eid}")
    e["_created"], e["_updated"] = old.get("_created"), now_iso()
    ctx.session.put(AREA, ENTRIES, eid, e)
    return eid, e


def void_entry(session: Session, key: str, reason: str) -> tuple[int, dict[str, Any]]:
    eid, old = find_entry(session, key)
    if old.get("void"):
        raise DataError(f"账目 #{eid} 已经作废")
    new = {**old, "void": True, "void_reason": reason, "_updated": now_iso()}
    session.put(AREA, ENTRIES, eid, new)
    return eid, new


# -- balances -------------------------------------------------------------------------------
def cents(amount: str) -> int:
    """Stored amounts always have two decimals (``money``), so integer cents are exact and fast."""
    whole, _, frac = amount.partition(".")
    if len(frac) == 2 and whole.lstrip("-").isdigit() and frac.isdigit():
        return int(whole + frac) if not whole.startswith("-") else -int(whole[1:] + frac)
    return int((Decimal(amount) * 100).to_integral_value())


#: An amount as shequ writes it (``money``), then the next one's comma or the end: the
#: integer cents of such an amount are its digits without the point.
_PLAIN_AMOUNT = r"-?[0-9]+\.[0-9]{2}(?:,|\Z)"


def cents_of(amounts: Iterable[str]) -> list[int]:
    """:func:`cents` of many amounts.  When every one is plain (as stored), two patterns check
    them all joined by commas — the first amount, then what follows each comma: no pattern
    repeated over 50,000 amounts, which keeps a backtracking stack of ~10 MB — and their digits
    without the point are read in C.  A Python call per amount was most of a report's sums over
    200k entries.  Anything else (a comma inside an amount shows as one piece too many) takes
    :func:`cents` one by one."""
    import re

    given = list(amounts)
    try:
        text = ",".join(given)
    except TypeError:  # not a string: cents() says what is wrong
        return list(map(cents, given))
    if re.match(_PLAIN_AMOUNT, text) and not re.search(f",(?!{_PLAIN_AMOUNT})", text):
        found = list(map(int, text.replace(".", "").split(",")))
        if len(found) == len(given):
            return found
    return list(map(cents, given))


def from_cents(value: int) -> Decimal:
    return Decimal(value).scaleb(-2)


def import_key(e: dict[str, Any]) -> str:
    import hashlib

    basis = "|".join(str(e.get(k, "")) for k in ("date", "amount", "direction", "account", "voucher", "memo", "payee_name"))
    return hashlib.sha1(basis.encode("utf-8")).hexdigest()[:16]
