"""The chart of accounts and the funds: the core's, the plugins' (``shequ_ledger_accounts``) and
the home's own; a fund bound to accounts (专款专用) refuses an expense outside them."""

from __future__ import annotations

from typing import Any, Iterable

from shequ.store import Session

AREA = "ledger"
ACCOUNTS, FUNDS = "accounts", "funds"
KINDS = {"income": "收入", "expense": "支出", "asset": "资产"}
DEFAULT_CHART = [
    ("收入:上级拨款", "income"), ("收入:捐赠", "income"), ("收入:党费", "income"), ("收入:其他", "income"),
    ("支出:办公", "expense"), ("支出:活动", "expense"), ("支出:慰问", "expense"), ("支出:其他", "expense"),
    ("资产:银行", "asset"), ("资产:现金", "asset"),
]


# -- accounts and funds ----------------------------------------------------------------------
def accounts(pm: Any, session: Session) -> dict[str, dict[str, Any]]:
    """path → {kind, source, sensitive}; parents of declared accounts are declared too.

    ``sensitive`` (a plugin's ``{"path", "kind", "sensitive": True}``, or ``ledger accounts add
    --sensitive``) marks money whose payee is 敏感个人信息 — 低保, 孤儿生活费, 救助 …: the payee
    is masked in every ledger output unless ``--reveal``, for the account and its sub-accounts.
    """
    from shequ.plugin.manager import call_each

    out: dict[str, dict[str, Any]] = {}

    def declare(path: str, kind: str, source: str, sensitive: bool = False) -> None:
        parts = path.split(":")
        for i in range(1, len(parts) + 1):
            out.setdefault(":".join(parts[:i]), {"kind": kind, "source": source, "sensitive": False})
        if sensitive:
            out[path]["sensitive"] = True

    for path, kind in DEFAULT_CHART:
        declare(path, kind, "shequ")
    for plugin, declared in call_each(pm, "shequ_ledger_accounts"):
        for acc in declared or []:
            declare(acc["path"], acc["kind"], plugin, bool(acc.get("sensitive")))
    for path, acc in session.table_view(AREA, ACCOUNTS).items():
        declare(path, acc["kind"], "（本社区）", bool(acc.get("sensitive")))
    return out


def sensitive(all_acc: dict[str, dict[str, Any]], path: str | None) -> bool:
    """Whether money booked to *path* names a payee whose data is sensitive (the account or a parent is marked)."""
    if not path:
        return False
    parts = path.split(":")
    return any(all_acc.get(":".join(parts[:i]), {}).get("sensitive") for i in range(1, len(parts) + 1))


def plugin_funds(pm: Any) -> dict[str, dict[str, Any]]:
    from shequ.plugin.manager import call_each

    out = {}
    for plugin, declared in call_each(pm, "shequ_ledger_accounts"):
        for acc in declared or []:
            fund = acc.get("fund")
            if fund:
                out[fund["name"]] = {"accounts": list(fund.get("accounts", [])), "earmarked": fund.get("earmarked", True),
                                     "source": plugin}
    return out


def funds(pm: Any, session: Session) -> dict[str, dict[str, Any]]:
    out = plugin_funds(pm)
    for name, f in session.table_view(AREA, FUNDS).items():
        out[name] = {**f, "source": "（本社区）"}
    return out


def check_account(all_acc: dict[str, dict[str, Any]], path: str, kinds: Iterable[str] = ()) -> dict[str, Any]:
    path = path.strip().replace("：", ":")
    if path not in all_acc:
        import difflib

        close = difflib.get_close_matches(path, list(all_acc), n=3, cutoff=0.4)
        hint = f"（是不是：{'、'.join(close)}？）" if close else "（用 shequ ledger accounts 查看，或 ledger accounts add 添加）"
        raise ValueError(f"未知的科目：{path}{hint}")
    kinds = tuple(kinds)
    if kinds and all_acc[path]["kind"] not in kinds:
        want = "、".join(KINDS[k] for k in kinds)
        raise ValueError(f"科目 {path} 是{KINDS[all_acc[path]['kind']]}类，这里需要{want}类科目")
    return all_acc[path]


def under(path: str, prefix: str) -> bool:
    return path == prefix or path.startswith(prefix + ":")


def add_account(pm: Any, session: Session, path: str, kind: str, *, is_sensitive: bool = False) -> str:
    """Add the home's own account *path* (``经费:普法:宣传品``) of *kind*; a sub-account keeps its
    parent's kind.  Returns the path as stored."""
    from shequ.errors import DataError, UsageError

    path = path.strip().replace("：", ":")
    if not path or "::" in path or path.startswith(":") or path.endswith(":"):
        raise UsageError(f"科目路径不合法：{path}（用冒号分级，如 经费:普法:宣传品）")
    if kind not in KINDS:
        raise UsageError(f"科目类别应为 {'、'.join(KINDS)}：{kind}")
    acc = accounts(pm, session)
    parts = path.split(":")
    for i in range(1, len(parts) + 1):
        parent = ":".join(parts[:i])
        if parent in acc and acc[parent]["kind"] != kind:
            raise DataError(f"{parent} 已是{KINDS[acc[parent]['kind']]}类科目，不能在其下添加{KINDS[kind]}类科目")
    session.put(AREA, ACCOUNTS, path, {"kind": kind, **({"sensitive": True} if is_sensitive else {})})
    return path


def add_fund(pm: Any, session: Session, name: str, paths: list[str], earmarked: bool) -> list[str]:
    """Add the home's fund *name*, usable for the expense accounts *paths* (and their
    sub-accounts); ``earmarked`` (专款专用) refuses other accounts and overdrafts."""
    from shequ.errors import ValidationError

    name = name.strip()
    paths = [p.strip().replace("：", ":") for p in paths if p.strip()]
    acc = accounts(pm, session)
    problems = [] if name else ["资金名称不能为空"]
    problems += [] if paths else ["至少给出一个可用科目（--accounts）"]
    for p in paths:
        try:
            check_account(acc, p, ("expense",))
        except ValueError as exc:
            problems.append(str(exc))
    if problems:
        raise ValidationError(problems, subject=f"无法添加资金 {name}")
    session.put(AREA, FUNDS, name, {"accounts": paths, "earmarked": earmarked})
    return paths
