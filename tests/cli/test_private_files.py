"""Files shequ writes that can hold personal data are owner-only (0600, folders 0700), whatever
the umask and whatever was there before; a failed write leaves no temp file behind."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from shequ.store import Home, init_home

ROSTER = Path(__file__).resolve().parents[2] / "examples" / "roster.csv"


def mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture(params=[0o022, 0o000], ids=["umask022", "umask000"])
def umask(request):
    old = os.umask(request.param)
    try:
        yield request.param
    finally:
        os.umask(old)


@pytest.fixture
def roster(run, monkeypatch):
    monkeypatch.setenv("SHEQU_TODAY", "2025-12-31")
    run("people", "import", str(ROSTER))
    return run


def test_a_new_home_is_owner_only(tmp_path, umask):
    home = Home(tmp_path / "deep" / "home")
    init_home(home, name="测试", level="社区")
    assert mode(home.path) == 0o700
    for p in home.path.rglob("*"):
        assert mode(p) == (0o700 if p.is_dir() else 0o600), p


def test_backups_are_owner_only(tmp_path, umask):
    home = Home(tmp_path / "home")
    init_home(home, name="测试", level="社区")
    with home.transaction("put") as s:
        s.put("records", "t", 1, {"name": "张三"})
    os.chmod(home.path / "records.json", 0o644)  # as an older shequ, or a hand edit, left it
    meta = json.loads((home.path / "meta.json").read_text())
    meta["meta"]["1"]["schema_version"] = 0
    (home.path / "meta.json").write_text(json.dumps(meta))
    with home.transaction("migrate"):
        pass
    backups = home.path / "backups"
    assert mode(backups) == 0o700
    (folder,) = backups.iterdir()
    copies = list(folder.rglob("*"))
    assert any(p.name == "records.json" for p in copies)
    for p in [folder, *copies]:
        assert mode(p) == (0o700 if p.is_dir() else 0o600), p


@pytest.mark.parametrize("name", ["名单.csv", "名单.xlsx"])
def test_reveal_export_onto_a_folder_fails_and_leaves_no_temp_file(roster, tmp_path, name):
    out = tmp_path / "out"
    out.mkdir()
    (out / name).mkdir()
    err = roster("people", "export", str(out / name), "--reveal", code=1).stderr
    assert err.startswith("错误：") and "这是一个目录" in err
    assert [p.name for p in out.iterdir()] == [name]  # no .名单.csv.tmp-… holding the roster
    assert list((out / name).iterdir()) == []


def test_export_over_a_world_readable_file_makes_it_private(roster, tmp_path, umask):
    target = tmp_path / "名单.csv"
    target.write_text("旧的")
    os.chmod(target, 0o666)
    roster("people", "export", str(target), "--reveal")
    assert mode(target) == 0o600 and "姓名" in target.read_text("utf-8-sig")
    fresh = tmp_path / "新名单.xlsx"
    roster("people", "export", str(fresh))
    assert mode(fresh) == 0o600
    assert not [p for p in tmp_path.iterdir() if ".tmp-" in p.name]


def test_listings_reports_and_rejected_rows_are_private(roster, tmp_path, umask):
    listing = tmp_path / "list.csv"
    listing.write_text("x")
    os.chmod(listing, 0o644)
    roster("people", "list", "-o", str(listing), "--reveal")
    assert mode(listing) == 0o600
    report = tmp_path / "reports" / "2025" / "月报.md"
    roster("report", "monthly", "--period", "2025-03", "-o", str(report))
    assert mode(report) == 0o600
    assert mode(report.parent) == mode(report.parent.parent) == 0o700  # folders shequ made for it
    bad = tmp_path / "bad.csv"
    bad.write_text("姓名,身份证号\n甲,110105194912310021\n", "utf-8")
    roster("people", "import", str(bad), "--skip-invalid")
    assert mode(tmp_path / "bad.csv.rejected.csv") == 0o600


def test_rewriting_the_home_tightens_a_loosened_file(run):
    run("people", "add", "甲")
    shard = run.home / "people" / "people.000.json"
    os.chmod(shard, 0o644)
    run("people", "add", "乙")
    assert mode(shard) == 0o600
