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
    from shequ.services.home import init_home
    from shequ.storage import Home

    home = Home(path)
    init_home(home, name="基准社区", level="社区")
    with home.transaction("benchmark data") as s:
        data = s.data("records")
        data["hello.greeting"] = {str(i + 1): doc for i, doc in enumerate(items)}
        data["_seq"] = {"1": {"next": len(items) + 1}}


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
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / ".data")
    args = parser.parse_args()
    import shutil

    if args.out.exists():
        shutil.rmtree(args.out)
    args.out.mkdir(parents=True)
    items = greetings(args.n)
    build_home(args.out / "home", items)
    (args.out / "tasks.json").write_text(json.dumps(tasks(items), ensure_ascii=False), "utf-8")
    print(f"generated {args.n} records in {args.out}")


if __name__ == "__main__":
    main()
