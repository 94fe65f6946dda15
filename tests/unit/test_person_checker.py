"""The roster import's prepared checker (``PersonChecker``) against the generic ``check_person``.

An import checks each row with fields, coercers and ``shequ_validate`` implementations looked
up once; it must give exactly the people and the problems the generic path gives, row by row
and for a whole file (duplicates in the file and in the home, line numbers included).
"""

from __future__ import annotations

import contextlib
import csv
import itertools
import tempfile
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shequ import hookimpl
from shequ.context import PluginContext
from shequ.people import model
from shequ.people.idcard import check_char
from shequ.people.io import import_people
from shequ.people.model import PersonChecker, add_person, check_person
from shequ.plugin.manager import get_plugin_manager, hook_calls
from shequ.plugin.registry import build_registry
from shequ.store import Home


class PeopleRule:
    """A plugin with a rule on residents, so that ``shequ_validate`` has something to say."""

    __name__ = "people_rule"

    @hookimpl
    def shequ_validate(self, record: dict, record_type: Any, ctx: Any) -> list[str]:
        if record_type.id == "core.person" and "坏" in str(record.get("note", "")):
            return [f"备注不能写“坏”（{record.get('name')}）"]
        return []


def _id(prefix: str, birth: str, seq: int) -> str:
    body = f"{prefix}{birth}{seq:03d}"
    return body + check_char(body)


GOOD_IDS = [_id("330106", "19350321", 841), _id("330106", "19380802", 374), _id("512501", "19900102", 12),
            _id("110101", "20250101", 5), _id("910101", "19800101", 1)]
IDS = GOOD_IDS + [
    GOOD_IDS[0].translate(str.maketrans("0123456789X", "０１２３４５６７８９Ｘ")),  # full-width: the same person
    GOOD_IDS[0].lower(), f" {GOOD_IDS[1]} ", GOOD_IDS[2][:-1] + ("0" if GOOD_IDS[2][-1] != "0" else "1"),  # bad check
    "000101193503218410", "33010619350231841X", "3301061935032184", "330106350321841", "330106******8418",
    "33010619350321841Y", _id("330106", "20990101", 1), "",
]
VALUES: dict[str, list[Any]] = {
    "name": ["曾国藩", "欧阳秀英", " 王五 ", "Anna李", "单田芳", "", "李\x1b四", "张" * 60, "司马", "x"],
    "gender": ["男", "女", "男性", "女性", "female", "M", "未知", " 女 ", ""],
    "birth": ["1935-03-21", "1938-08-02", "1990-1-2", "2099-01-01", "1990-02-30", "2025-13-01", "0000-01-01",
              " 1990-01-02 ", "２０００-０１-０１", "abc", "1980年1月1日", ""],
    "id_card": IDS,
    "phone": ["13812345678", "+86 138 1234 5678", "0571-88001234", "057188001234", "12345", "１３８１２３４５６７８",
              "138****5678", ""],
    "address": ["幸福小区/6幢/1单元/403", "", "新村\x07"],
    "grid": ["第二网格", ""],
    "household": ["H0001", ""],
    "relation": ["户主", "妻", "长子", "其他", "老板", ""],
    "hukou": ["户籍", "户籍人口", "流动", "外来", "未知", ""],
    "tags": ["五老、党员", "低保,残疾", ""],
    "children_in_city": ["是", "否", "maybe", ""],
    "lives_alone": ["1", "无", ""],
    "note": ["", "普通", "坏"],
}
HEADERS = {f.name: f.label for f in model.PERSON.fields}

row = st.fixed_dictionaries({}, optional={k: st.sampled_from(v) for k, v in VALUES.items()})
some_key_as_label = st.sampled_from([None, "gender", "birth", "hukou"])


@pytest.fixture(scope="module")
def ctx(tmp_path_factory: pytest.TempPathFactory) -> Any:
    from click.testing import CliRunner

    from shequ.cli import build_cli

    pm = get_plugin_manager(entrypoints=True, plugins=(PeopleRule(),))  # every installed plugin too
    path = tmp_path_factory.mktemp("checker") / "home"
    result = CliRunner().invoke(build_cli(pm), ["--home", str(path), "init", "--name", "测试社区"], env={"SHEQU_TODAY": "2025-06-30"})
    assert result.exit_code == 0, result.output
    home = Home(path)
    from datetime import date

    registry = build_registry(pm)
    with home.transaction("setup") as session:  # people already in the home: the import's "already registered"
        c = PluginContext(session, pm, registry, date(2025, 6, 30))
        add_person(c, {"name": "曾国藩", "id_card": GOOD_IDS[0], "phone": "13812345678"})
        add_person(c, {"name": "王五", "birth": "1990-01-02", "note": "普通"})
    with home.read() as session:
        yield PluginContext(session, pm, registry, date(2025, 6, 30))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=row, label=some_key_as_label)
def test_each_row_as_check_person(ctx: Any, raw: dict[str, Any], label: str | None) -> None:
    if label in raw:  # a column named by its label (the generic builder accepts both)
        raw = {(HEADERS[k] if k == label else k): v for k, v in raw.items()}
    checker = PersonChecker(ctx)
    fast = checker.check(dict(raw))
    slow = check_person(ctx, dict(raw), others={})
    assert list(fast[0].items()) == list(slow[0].items())  # the same fields, values and order
    assert fast[1] == slow[1]


def test_an_unknown_column_is_named_as_before(ctx: Any) -> None:
    raw = {"name": "张三", "shoe": "42"}
    assert PersonChecker(ctx).check(dict(raw)) == check_person(ctx, dict(raw), others={})


def test_the_plugins_rule_runs(ctx: Any) -> None:
    """A check the prepared path dropped would show here (and in the comparisons above)."""
    _, problems = PersonChecker(ctx).check({"name": "张三", "note": "坏"})
    assert problems == ["备注不能写“坏”（张三）"]


def _write(rows: list[dict[str, Any]], path: Path) -> None:
    keys = ["name"] + [k for k in VALUES if k != "name" and any(k in r for r in rows)]
    if path.suffix == ".xlsx":
        from shequ.common.xlsx import Sheet, write_xlsx

        path.write_bytes(write_xlsx([Sheet("花名册", [HEADERS[k] for k in keys], [[r.get(k, "") for k in keys] for r in rows])]))
        return
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerow([HEADERS[k] for k in keys])
        for r in rows:
            w.writerow([r.get(k, "") for k in keys])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(row, min_size=1, max_size=25), on_duplicate=st.sampled_from(["error", "skip", "update"]))
def test_a_whole_file_as_before(ctx: Any, rows: list[dict[str, Any]], on_duplicate: str) -> None:
    generic = lambda self, raw: check_person(self.ctx, raw, others={})  # noqa: E731
    fast, slow = _outcomes(ctx, rows, on_duplicate, contextlib.nullcontext,
                           lambda: mock.patch.object(PersonChecker, "check", generic))
    assert fast == slow


def _outcomes(ctx: Any, rows: list[dict[str, Any]], on_duplicate: str, *ways: Any, suffix: str = ".csv") -> list[Any]:
    """The dry-run import of *rows* as a CSV (or xlsx) file, once inside each of *ways* (context managers)."""
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"roster{suffix}"
        _write(rows, path)
        for way in ways:
            with way():
                out.append(_outcome(ctx, path, on_duplicate))
    return out


def _outcome(ctx: Any, path: Path, on_duplicate: str) -> Any:
    from shequ.errors import DataError

    try:
        return import_people(ctx, path, on_duplicate=on_duplicate, skip_invalid=True, dry_run=True)
    except DataError as exc:  # a file of blank rows only
        return str(exc)


def test_hook_calls_as_pluggy(ctx: Any) -> None:
    """The same results in the same order as ``pm.hook.shequ_validate``; a wrapper goes through pluggy."""
    record = {"name": "张三", "note": "坏"}
    direct = hook_calls(ctx.pm, "shequ_validate")(record=record, record_type=model.PERSON, ctx=ctx)
    assert direct == ctx.pm.hook.shequ_validate(record=record, record_type=model.PERSON, ctx=ctx)
    assert ["备注不能写“坏”（张三）"] in direct

    class Wrapper:
        __name__ = "wrapper"

        @hookimpl(wrapper=True)
        def shequ_validate(self, record: dict, record_type: Any, ctx: Any) -> Any:
            found = yield
            return found + [["包装"]]

    pm = get_plugin_manager(entrypoints=False, plugins=(PeopleRule(), Wrapper()))
    assert hook_calls(pm, "shequ_validate")(record=record, record_type=model.PERSON, ctx=ctx)[-1] == ["包装"]


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(row, min_size=20, max_size=80), on_duplicate=st.sampled_from(["error", "skip", "update"]),
       suffix=st.sampled_from([".csv", ".xlsx"]))
def test_a_whole_file_as_before_with_a_worker(ctx: Any, rows: list[dict[str, Any]], on_duplicate: str, suffix: str) -> None:
    """Rows read on and partly checked by a forked worker (common/forked.py), from a CSV or a
    sheet: the same outcome, line by line."""
    from shequ.common import forked

    def with_worker() -> Any:  # on from the third row, three rows a chunk
        stack = contextlib.ExitStack()
        stack.enter_context(mock.patch.object(forked, "workers_wanted", lambda: True))
        stack.enter_context(mock.patch.multiple(forked, START_AFTER=2, CHUNK=3))
        turns = itertools.cycle([True, False])  # the worker checks every other chunk, and hands over the others
        stack.enter_context(mock.patch.object(forked._Queue, "busy", lambda self: next(turns)))
        return stack

    alone, shared = _outcomes(ctx, rows, on_duplicate, lambda: mock.patch.object(forked, "workers_wanted", lambda: False),
                              with_worker, suffix=suffix)
    assert shared == alone
