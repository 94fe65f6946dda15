"""Build a benchmark home with N records (default 20,000), and the same data for peers.

    python benchmarks/generate.py --n 20000 --out benchmarks/.data

Writes ``<out>/home`` (a shequ home, through the store's own transaction) and
``<out>/tasks.json`` (the same items as taskwarrior tasks, for ``task import``).
Deterministic: the same N gives the same data.
"""

from __future__ import annotations

import argparse
import json
import random
from datetime import date, timedelta
from pathlib import Path

CHANNELS = ("上门", "电话", "微信群", "公告栏")
TEXTS = ("新年好", "春节快乐", "元宵节快乐", "三八节快乐", "端午安康", "中秋快乐", "重阳节快乐", "国庆快乐")


def greetings(n: int, seed: int = 2025) -> list[dict]:
    rng = random.Random(seed)
    start = date(2025, 1, 1)
    return [
        {
            "text": rng.choice(TEXTS),
            "date": (start + timedelta(days=rng.randrange(365))).isoformat(),
            "to": f"{rng.randrange(1, 40)}号楼居民",
            "channel": rng.choice(CHANNELS),
            "count": rng.randrange(1, 200),
            "_created": "2025-01-01T00:00:00+08:00",
            "_updated": "2025-01-01T00:00:00+08:00",
        }
        for _ in range(n)
    ]


def build_home(path: Path, items: list[dict]) -> None:
    from shequ.store import init_home
    from shequ.store import Home

    home = Home(path)
    init_home(home, name="基准社区", level="社区")
    with home.transaction("benchmark data") as s:
        data = s.data("records")
        data["hello.greeting"] = {str(i + 1): doc for i, doc in enumerate(items)}
        data["_seq"] = {"1": {"next": len(items) + 1}}


DOMAINS = ("dangjian", "pufa", "fulian", "kepu", "huanbao", "minzheng")
EVENT_TITLES = ("党课", "支委会", "普法宣传", "科普讲座", "体检", "走访慰问", "志愿服务", "专题会议")


def events(n: int, seed: int = 5) -> list[dict]:
    rng = random.Random(seed)
    start = date(2025, 1, 1)
    out = []
    for i in range(n):
        d = start + timedelta(days=rng.randrange(365))
        out.append({
            "title": rng.choice(EVENT_TITLES), "date": d.isoformat(), "time": f"{rng.randrange(8, 18):02d}:00",
            "domain": rng.choice(DOMAINS), "type": "core.activity", "status": rng.choice(("done", "done", "planned")),
            "attendees": [rng.randrange(1, 2000) for _ in range(rng.randrange(0, 15))], "uid": f"bench-{i}",
            "_created": "2025-01-01T00:00:00+08:00", "_updated": "2025-01-01T00:00:00+08:00",
        })
    return out


def duties(n: int = 50) -> list[dict]:
    out = []
    for i in range(n):
        dom = DOMAINS[i % len(DOMAINS)]
        title = EVENT_TITLES[i % len(EVENT_TITLES)]
        kind = ("quota", "quota", "fixed", "window", "deadline")[i % 5]
        d = {"id": f"bench.d{i}", "title": f"{title}{i}", "domain": dom, "kind": kind,
             "match": {"domain": dom, "title_contains": title}, "source": "benchmark"}
        if kind == "quota":
            d.update(per=("month", "quarter", "year")[i % 3], min=1 + i % 4)
        elif kind == "fixed":
            d.update(rrule=f"FREQ=MONTHLY;BYDAY=1{('MO', 'TU', 'WE', 'TH', 'FR')[i % 5]}", shift="next-workday")
        elif kind == "window":
            d.update(window=("春季", "上半年", "暑假")[i % 3], min=2)
        else:
            d.update(due=f"{1 + i % 12:02d}-28")
        out.append(d)
    return out


def build_events_home(path: Path, evs: list[dict], ds: list[dict]) -> None:
    from shequ.store import init_home
    from shequ.store import Home

    home = Home(path)
    init_home(home, name="基准社区", level="社区")
    with home.transaction("benchmark events") as s:
        s.data("events")["events"] = {str(i + 1): ev for i, ev in enumerate(evs)}
        s.data("events")["_seq"] = {"1": {"next": len(evs) + 1}}
        s.data("meta")["duties"] = {d["id"]: {**d, "enabled": True} for d in ds}


def remind_file(evs: list[dict], ds: list[dict]) -> str:
    """The same calendar for remind(1): one REM per event, one recurring REM per fixed duty."""
    months = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
    lines = []
    for ev in evs:
        y, m, d = ev["date"].split("-")
        lines.append(f"REM {int(d)} {months[int(m) - 1]} {y} AT {ev['time']} MSG {ev['title']} ({ev['domain']})")
    for d in ds:
        if d["kind"] == "fixed":
            day = d["rrule"][-2:].title()
            lines.append(f"REM {day} 1 SKIP MSG {d['title']}")
        elif d["kind"] == "deadline":
            mm, dd = d["due"].split("-")
            lines.append(f"REM {int(dd)} {months[int(mm) - 1]} MSG 截止 {d['title']}")
    return "\n".join(lines) + "\n"


LEDGER_ACCOUNTS = (("收入:上级拨款", "in"), ("收入:党费", "in"), ("收入:捐赠", "in"), ("支出:办公", "out"),
                   ("支出:活动", "out"), ("支出:慰问", "out"), ("支出:其他", "out"))


def ledger_entries(n: int, seed: int = 9) -> list[dict]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        account, direction = rng.choice(LEDGER_ACCOUNTS)
        d = date(2025, 1, 1) + timedelta(days=rng.randrange(365))
        out.append({"date": d.isoformat(), "amount": f"{rng.randrange(1, 500000) / 100:.2f}", "direction": direction,
                    "account": account, "via": "资产:银行", "memo": f"第{i}笔", "voucher": f"V{i:06d}",
                    "_created": "2025-01-01T00:00:00+08:00", "_updated": "2025-01-01T00:00:00+08:00"})
    return out


def build_ledger_home(path: Path, rows: list[dict]) -> None:
    from shequ.store import init_home
    from shequ.store import Home

    home = Home(path)
    init_home(home, name="基准社区", level="社区")
    with home.transaction("benchmark ledger") as s:
        s.data("ledger")["entries"] = {str(i + 1): e for i, e in enumerate(rows)}
        s.data("ledger")["_seq"] = {"1": {"next": len(rows) + 1}}


def journal(rows: list[dict]) -> str:
    """The same entries for ledger-cli and hledger: two postings each, through 资产:银行."""
    out = []
    for e in sorted(rows, key=lambda e: e["date"]):
        out.append(f"{e['date'].replace('-', '/')} {e['memo']}")
        if e["direction"] == "in":
            out.append(f"    资产:银行    {e['amount']}")
            out.append(f"    {e['account']}")
        else:
            out.append(f"    {e['account']}    {e['amount']}")
            out.append("    资产:银行")
        out.append("")
    return "\n".join(out)


def tasks(items: list[dict]) -> list[dict]:
    return [
        {
            "description": f"{it['text']} {it['to']}",
            "project": it["channel"],
            "entry": "20250101T000000Z",
            "due": it["date"].replace("-", "") + "T000000Z",
            "status": "pending",
            "uuid": f"00000000-0000-4000-8000-{i:012d}",
        }
        for i, it in enumerate(items)
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=20000)
    parser.add_argument("--events", type=int, default=5000)
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / ".data")
    args = parser.parse_args()
    import shutil

    if args.out.exists():
        shutil.rmtree(args.out)
    args.out.mkdir(parents=True)
    items = greetings(args.n)
    build_home(args.out / "home", items)
    (args.out / "tasks.json").write_text(json.dumps(tasks(items), ensure_ascii=False), "utf-8")
    evs, ds = events(args.events), duties(50)
    build_events_home(args.out / "events-home", evs, ds)
    (args.out / "events.rem").write_text(remind_file(evs, ds), "utf-8")
    led = ledger_entries(args.n)
    build_ledger_home(args.out / "ledger-home", led)
    (args.out / "ledger.journal").write_text(journal(led), "utf-8")
    print(f"generated {args.n} records in {args.out}")


if __name__ == "__main__":
    main()
