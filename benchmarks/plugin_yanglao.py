"""Time the 养老 plugin's questions over everyone on a 20,000-resident home, beside the people list.

    python benchmarks/plugin_yanglao.py                  # N=20000, 10 rounds
    python benchmarks/plugin_yanglao.py --n 2000 --repeat 5

The home is the one ``benchmarks/run.py`` reports on (the same generators): a 20,000-row
roster (``examples/make_roster.py``, seed 7) imported with ``shequ people import``, the 5,000
events and 20,000 ledger entries of ``benchmarks/generate.py``, and then a generated 养老 year
loaded through the ordinary commands: 养老档案 for about two thirds of the elders, three service
visits each, 平安保险 for half of them, a few manual tier adjustments, and a weekly contact round
of every 空巢/独居 elder (52 contact events).

The budget (DESIGN §6) is the filtered people list: ``shequ yanglao tiers`` (every elder's tier
and why) and ``shequ yanglao contact round`` must stay within ``shequ people list -c 高龄 --json``
on the same home.  The three run *alternately*, one after the other for ``--repeat`` rounds after
a warm-up (a shared VM's speed drifts within a minute), each a whole process, with only this
plugin loaded (``SHEQU_LOAD_PLUGINS=yanglao``); the core-only people list is shown too, for what
this plugin's person categories add to it.  Medians and bests in milliseconds.  A measurement,
not a test.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import shutil
import statistics
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BIN = Path(sys.executable).parent
TODAY = date(2025, 12, 31)
ITEMS = (("助餐", "生活照料"), ("助洁", "生活照料"), ("助浴", "生活照料"), ("助医", "医疗保健"), ("聊天", "精神慰藉"),
         ("代购代办", "生活照料"), ("文化娱乐", "文化娱乐"), ("法律维权", "法律维权"))
PROVIDERS = ("社区助老服务员", "家政服务公司", "社会组织", "志愿者")


def write_csv(path: Path, rows: list[dict[str, object]]) -> None:
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)


def shequ(env: dict[str, str], *args: str) -> None:
    done = subprocess.run([str(BIN / "shequ"), *args], env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"shequ {' '.join(args)} 失败：{done.stderr[-2000:]}")


def build(n: int, data: Path) -> Path:
    """The home: roster, the events and ledger of generate.py, and a generated 养老 year."""
    subprocess.run([sys.executable, str(HERE / "generate.py"), "--n", str(n), "--out", str(data)], check=True)
    sys.path.insert(0, str(ROOT / "examples"))
    from make_roster import generate

    roster = generate(n, seed=7)
    write_csv(data / "roster.csv", roster)
    home = data / "yanglao-home"
    env = dict(os.environ, SHEQU_HOME=str(home), SHEQU_TODAY=TODAY.isoformat(), SHEQU_LOAD_PLUGINS="yanglao")
    shequ(env, "init", "--name", "基准社区")
    t0 = time.perf_counter()
    shequ(env, "people", "import", str(data / "roster.csv"))
    print(f"imported {n} residents in {time.perf_counter() - t0:.1f} s")
    for area, src in (("events", "events-home"), ("ledger", "ledger-home")):  # as benchmarks/run.py's full home
        shutil.copy2(data / src / f"{area}.json", home / f"{area}.json")
        shutil.rmtree(home / area, ignore_errors=True)
        if (data / src / area).is_dir():
            shutil.copytree(data / src / area, home / area)

    rng = random.Random(22)
    # Person ids follow the roster's order (the import numbers them 1..n).
    elders = [(i, row) for i, row in enumerate(roster, start=1)
              if (TODAY.year - int(row["出生日期"][:4])) - ((TODAY.month, TODAY.day) < tuple(map(int, row["出生日期"][5:].split("-")))) >= 60]
    profiled = [e for e in elders if rng.random() < 0.66]
    profiles, visits, insured = [], [], []
    for pid, row in profiled:
        since = max(row["出生日期"].replace(row["出生日期"][:4], str(int(row["出生日期"][:4]) + 60)), "2025-01-01")
        assist = rng.choices(("", "低保", "重点优抚对象", "三无", "革命五老"), (80, 10, 4, 2, 4))[0]
        economy = rng.choices(("", "有经济能力", "有一定经济来源但生活仍很困难"), (30, 55, 15))[0]
        profiles.append({"老人": pid, "起始日期": since, "自理能力": rng.choices(("能自理", "不能自理"), (82, 18))[0],
                         "救助优抚": assist, "享受民政救助": "是" if assist in ("低保", "三无") else rng.choice(("否", "否", "是")),
                         "经济状况": economy, "有偿服务需求": rng.choice(("", "", "送餐", "上门照料")) if economy == "有经济能力" else "",
                         "病残": rng.choice(("", "", "", "是")), "已建健康档案": "是"})
        for _ in range(3):
            item, cat = rng.choice(ITEMS)
            day = max(since, (date(2025, 1, 1) + timedelta(days=rng.randrange(365))).isoformat())
            visits.append({"老人": pid, "日期": day, "项目": item, "类别": cat, "服务方类型": rng.choice(PROVIDERS),
                           "方式": rng.choice(("走访", "探视", "电话")), "情况": "服务完成"})
        if rng.random() < 0.5:
            insured.append({"老人": pid, "起保日期": max(since, "2025-03-01"), "终止日期": "2026-02-28", "保费": "80"})
    write_csv(data / "profiles.csv", profiles)
    write_csv(data / "visits.csv", visits)
    write_csv(data / "insurance.csv", insured)
    t0 = time.perf_counter()
    shequ(env, "record", "import", "yanglao.elder", str(data / "profiles.csv"))
    shequ(env, "record", "import", "yanglao.visit", str(data / "visits.csv"))
    shequ(env, "record", "import", "yanglao.insurance", str(data / "insurance.csv"))
    for pid, _ in profiled[:20]:
        shequ(env, "yanglao", "tier", "set", str(pid), "--tier", "无偿", "--reason", "经居委会讨论认定", "--from", "2025-06-01")
    # The weekly round: every 空巢/独居 elder of that Monday, one held contact event each week.
    from shequ.api import open_home

    import shequ_yanglao

    rounds = []
    monday = date(2025, 1, 6)
    while monday <= TODAY:
        with open_home(home, plugins=[shequ_yanglao], today=monday) as ctx:
            who = sorted(ctx.people.members("空巢老人", monday) | ctx.people.members("独居老人", monday))
        rounds.append({"标题": "空巢老人帮扶联系（电话）", "日期": monday.isoformat(), "条线": "养老", "类型": "yanglao.contact",
                       "方式": "电话", "状态": "已开展", "参加人员": "、".join(map(str, who))})
        monday += timedelta(days=7)
    write_csv(data / "contacts.csv", rounds)
    shequ(env, "calendar", "import", str(data / "contacts.csv"))
    print(f"loaded {len(profiles)} 养老档案, {len(visits)} visits, {len(insured)} 平安保险, "
          f"{len(rounds)} weekly rounds of {len(rounds[-1]['参加人员'].split('、'))} elders in {time.perf_counter() - t0:.1f} s")
    return home


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=20000)
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--out", type=Path, default=HERE / ".data-yanglao")
    args = parser.parse_args()
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)  # measure what users get: .pyc files (as run.py)
    import compileall

    for src in (ROOT / "src", *ROOT.glob("plugins/*/src")):
        compileall.compile_dir(str(src), quiet=1)
    if args.out.exists():
        shutil.rmtree(args.out)
    args.out.mkdir(parents=True)
    home = build(args.n, args.out)
    base = dict(os.environ, SHEQU_HOME=str(home), SHEQU_TODAY=TODAY.isoformat())
    mine = dict(base, SHEQU_LOAD_PLUGINS="yanglao")
    core = dict(base, SHEQU_LOAD_PLUGINS="")
    exe = str(BIN / "shequ")
    runs = [
        ("shequ yanglao tiers --json", [exe, "yanglao", "tiers", "--json"], mine),
        ("shequ yanglao contact round --json", [exe, "yanglao", "contact", "round", "--json"], mine),
        ("shequ people list -c 高龄 --json", [exe, "people", "list", "--category", "高龄", "--json"], mine),
        ("  the same, core only (no plugin)", [exe, "people", "list", "--category", "高龄", "--json"], core),
        ("shequ report monthly -f md (养老 only)", [exe, "report", "monthly", "--period", "2025-12", "-f", "md"], mine),
    ]
    times: list[list[float]] = [[] for _ in runs]
    for i in range(args.repeat + 1):
        for k, (_, cmd, env) in enumerate(runs):
            t0 = time.perf_counter()
            done = subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            elapsed = (time.perf_counter() - t0) * 1000
            if done.returncode != 0:
                raise SystemExit(f"failed: {' '.join(cmd)}\n{done.stderr.decode(errors='replace')}")
            if i:  # the first round warms caches
                times[k].append(elapsed)
    print(f"\nN={args.n}, {args.repeat} alternated rounds, median / best wall-clock ms")
    for (label, _, _), t in zip(runs, times):
        print(f"{label:<44} {statistics.median(t):8.1f} {min(t):8.1f}")


if __name__ == "__main__":
    main()
