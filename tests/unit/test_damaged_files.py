"""A damaged data file is one error naming the file, never a traceback nor silently fewer records
(hardening #15, item 4; the same commands in real processes: tests/subprocess/test_corrupt_shard.py)."""

from __future__ import annotations

import pytest

from shequ.errors import StoreError
from shequ.store import Home, init_home

SHARD = "records/t.000.json"


@pytest.fixture
def h(tmp_path) -> Home:
    home = Home(tmp_path / "h")
    init_home(home, name="测试", level="社区")
    with home.transaction("put") as s:
        s.put("records", "t", "1", {"a": 1})
        s.put("records", "t", "2", {"a": 2})
    return home


@pytest.mark.parametrize("content, why", [
    (b'{"t": {"1": {"a": 1}, "2": 5}}', "表 t 中编号 2 的记录应为 JSON 对象，实为数字"),
    (b'{"t": {"1": [1]}}', "表 t 中编号 1 的记录应为 JSON 对象，实为数组"),
    (b'{"t": {"1": {"a": 1}, "x": {"a": 2}}}', "表 t 中的编号 x 不是数字"),
    (b"", "文件是空的，其中的记录已丢失"),
    (b"  \n", "文件是空的，其中的记录已丢失"),
])
def test_a_damaged_shard_is_one_error_naming_the_file(h, content, why):
    (h.path / SHARD).write_bytes(content)
    for read in (lambda s: s.view("records"), lambda s: s.table_view("records", "t"), lambda s: s.get("records", "t", "1")):
        with pytest.raises(StoreError) as caught:
            with h.read() as s:
                read(s)
        assert caught.value.message == f"数据文件已损坏：{SHARD}（{why}）；请从 backups/ 或版本库恢复"


def test_a_shard_that_is_absent_is_no_error_and_head_tables_may_have_named_ids(h):
    with h.transaction("own ids") as s:
        s.put("records", "t", "1", {"a": 1})
        s.put("meta", "notes", "monthly|2025-03|总结", {"text": "x"})  # the head keeps named ids
    with h.read() as s:
        assert s.get("records", "t", "5000") is None  # its shard does not exist: nothing to read
        assert s.view("meta")["notes"]["monthly|2025-03|总结"] == {"text": "x"}
