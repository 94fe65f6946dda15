"""Generate the sample 党支部 (examples/dangjian/): ~40 members and a year of 三会一课 and trainings.

    python examples/make_dangjian.py

Members come from the roster (names that are unique in it): mostly 正式党员, three 预备党员
(one whose probation ends in January 2026), two 入党积极分子, three 流动党员, and one member —
the sample's problem case — who stopped attending and paying after March 2025.
"""

from __future__ import annotations

import csv
import io
import random
import sys
from collections import Counter
from decimal import Decimal
from pathlib import Path

HERE = Path(__file__).parent
OUT = HERE / "dangjian"
sys.path.insert(0, str(HERE.parent / "plugins" / "shequ-dangjian" / "src"))
from shequ_dangjian.rules import monthly_dues  # noqa: E402

PARTY_DAYS = ["2025-01-02", "2025-02-05", "2025-03-05", "2025-04-02", "2025-05-07", "2025-06-04", "2025-07-02",
              "2025-08-06", "2025-09-03", "2025-10-09", "2025-11-05", "2025-12-03"]


def main() -> None:
    rng = random.Random(18)
    roster = list(csv.DictReader(io.StringIO((HERE / "roster.csv").read_bytes().decode("gb18030"))))
    counts = Counter(p["姓名"] for p in roster)
    adults = [p for p in roster if counts[p["姓名"]] == 1 and 2025 - int(p["出生日期"][:4]) >= 22 and p["户籍"] == "户籍"]
    tagged = [p for p in adults if "党员" in p["标签"]]
    others = [p for p in adults if "党员" not in p["标签"]]
    chosen = tagged + rng.sample(others, 40 - len(tagged))
    members = []
    for i, p in enumerate(chosen):
        age = 2025 - int(p["出生日期"][:4])
        retired = age >= 60
        status = "正式党员"
        admitted = f"{min(max(int(p['出生日期'][:4]) + 25, 1975) + rng.randrange(0, 10), 2023)}-07-01"
        if i in (5, 6, 7):
            status, admitted = "预备党员", ("2025-01-20" if i == 5 else "2024-06-15" if i == 6 else "2025-05-10")
        if i in (8, 9):
            status, admitted = "入党积极分子", ""
        income = Decimal(rng.randrange(2600, 9000)) if not retired else Decimal(rng.randrange(2800, 6500))
        kind = "离退休" if retired else "在职"
        row = {
            "人员": p["姓名"], "状态": status, "确定积极分子日期": "2024-03-01" if status == "入党积极分子" else "",
            "接收预备党员日期": admitted if status in ("预备党员", "正式党员") else "",
            "预备期满": (str(int(admitted[:4]) + 1) + admitted[4:]) if status == "预备党员" else "",
            "转正日期": "" if status != "正式党员" else str(int(admitted[:4]) + 1) + admitted[4:],
            "党小组": f"第{'一二三四'[i % 4]}党小组", "网格": p["网格"],
            "管理类别": "流动" if i in (10, 11, 12) else ("老弱病残行动不便" if age >= 85 else "驻地"),
            "党费类别": kind if status in ("预备党员", "正式党员") else "",
            "月收入": str(income) if status in ("预备党员", "正式党员") else "",
            "月党费": str(monthly_dues(kind, income)) if status in ("预备党员", "正式党员") else "",
        }
        members.append(row)
    OUT.mkdir(exist_ok=True)
    with open(OUT / "members.csv", "w", encoding="utf-8-sig", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(members[0]))
        w.writeheader()
        w.writerows(members)
    active = [m["人员"] for m in members if m["状态"] in ("预备党员", "正式党员")]
    dropout = active[13]  # stops attending and paying after March
    events = []

    def meeting(day: str, kind: str, title: str, share: float, topic: str = "", speaker: str = "", days: str = "") -> None:
        month = int(day[5:7])
        pool = [m for m in active if not (m == dropout and month > 3)]
        who = sorted(rng.sample(pool, max(1, int(len(pool) * share))))
        events.append({"标题": title, "日期": day, "条线": "党建", "类型": "dangjian.training" if days else "dangjian.meeting",
                       "会议类型": "" if days else kind, "天数": days, "议题": topic if not days else "", "主题": topic if days else "",
                       "主讲人": speaker, "地点": "社区党群服务中心", "状态": "已开展", "参加人员": "、".join(who),
                       "人次": str(len(who)), "小结": f"{title}：{topic}" if topic else title})

    for i, d in enumerate(PARTY_DAYS[:11]):
        meeting(d, "主题党日", "党员活动日", rng.uniform(0.6, 0.85), topic=["学习党章", "志愿服务", "参观红色基地"][i % 3])
    for m in range(1, 12):
        if m != 3:  # 三月没有开支委会
            meeting(f"2025-{m:02d}-{10 + m % 5:02d}", "支委会", "支委会", 0.12, topic="研究本月工作")
    for d, t in (("2025-03-20", "党章学习"), ("2025-06-25", "建党精神")):  # only two 党课 by September
        meeting(d, "党课", f"党课：{t}", rng.uniform(0.7, 0.9), topic=t, speaker="党校老师")
    meeting("2025-06-28", "民主生活会", "上半年民主生活会", 0.8)
    for d in ("2025-03-28", "2025-06-27", "2025-09-26"):
        meeting(d, "专题会议", "党建工作专题会议", 0.15)
    for d in ("2025-01-15", "2025-04-15", "2025-07-15", "2025-10-15"):
        meeting(d, "党建联席会议", "党建工作联席会议", 0.1)
    meeting("2025-04-17", "", "党员集中培训（一）", 0.8, topic="基层治理", days="3")
    meeting("2025-07-10", "", "党员集中培训（二）", 0.7, topic="党史学习", days="4")
    events.append({"标题": "流动党员登记", "日期": "2025-02-20", "条线": "党建", "类型": "core.activity", "会议类型": "",
                   "天数": "", "议题": "", "主题": "", "主讲人": "", "地点": "社区党群服务中心", "状态": "已开展",
                   "参加人员": "", "人次": "3", "小结": "三名流动党员填写登记卡"})
    events.sort(key=lambda e: e["日期"])
    with open(OUT / "meetings-2025.csv", "w", encoding="utf-8-sig", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(events[0]))
        w.writeheader()
        w.writerows(events)
    (OUT / "dropout.txt").write_text(dropout + "\n", "utf-8")
    print(f"wrote {len(members)} members, {len(events)} meetings/trainings to {OUT}; {dropout} stops after March")


if __name__ == "__main__":
    main()
