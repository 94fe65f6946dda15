"""Generate the sample community's 2025 activity ledger (活动台账) from the roster.

    python examples/make_events.py        # writes examples/events-2025.csv (UTF-8 with BOM)

A realistic year across 党建, 科普, 妇联, 普法 and 民政, with attendance by
name (party members from the roster's 党员 tag), and the gaps real offices
have: April's 党员活动日 was not held, March had no 支委会, Q4 had no 专题会议,
August had no 科普 activity, and only three 党课 were given — so
``shequ duties status`` has something to say.
"""

from __future__ import annotations

import csv
import io
import random
from collections import Counter
from pathlib import Path

HERE = Path(__file__).parent
FIRST_WEDNESDAYS_SHIFTED = ["2025-01-02", "2025-02-05", "2025-03-05", "2025-05-07", "2025-06-04", "2025-07-02",
                            "2025-08-06", "2025-09-03", "2025-10-09", "2025-11-05", "2025-12-03"]  # no April


def roster() -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO((HERE / "roster.csv").read_bytes().decode("gb18030"))))


def main() -> None:
    rng = random.Random(2025)
    people = roster()
    counts = Counter(p["姓名"] for p in people)
    members = [p["姓名"] for p in people if "党员" in p["标签"] and counts[p["姓名"]] == 1]
    women = [p["姓名"] for p in people if p["性别"] == "女" and counts[p["姓名"]] == 1
             and 15 <= 2025 - int(p["出生日期"][:4]) <= 49]
    rows: list[dict[str, str]] = []

    def add(title: str, day: str, domain: str, *, time: str = "", place: str = "社区党群服务中心", status: str = "已开展",
            form: str = "", days: str = "", who: list[str] | None = None, count: int | None = None, summary: str = "") -> None:
        rows.append({"标题": title, "日期": day, "时间": time, "条线": domain, "地点": place, "状态": status,
                     "形式": form, "天数": days, "参加人员": "、".join(who or []),
                     "人次": str(count if count is not None else len(who or [])) if status == "已开展" else "",
                     "小结": summary})

    def some(pool: list[str], low: float, high: float) -> list[str]:
        k = max(1, round(len(pool) * rng.uniform(low, high)))
        return sorted(rng.sample(pool, min(k, len(pool))))

    for d in FIRST_WEDNESDAYS_SHIFTED:
        add("党员活动日", d, "党建", time="09:00", form="会议", who=some(members, 0.6, 0.95),
            summary="学习上级文件精神，开展志愿服务")
    for d, theme in (("2025-03-20", "党章学习"), ("2025-06-25", "建党精神"), ("2025-10-16", "全会精神")):
        add(f"党课：{theme}", d, "党建", time="14:30", form="讲座", who=some(members, 0.7, 1.0), summary=f"书记讲授{theme}")
    for m in range(1, 13):
        if m == 3:
            continue  # 三月未开支委会
        add("支委会", f"2025-{m:02d}-{10 + (m % 5):02d}", "党建", time="15:00", form="会议", place="社区会议室",
            summary="研究本月党建工作")
    for d in ("2025-03-28", "2025-06-27", "2025-09-26"):  # 第四季度缺
        add("党建工作专题会议", d, "党建", time="15:00", form="会议", place="社区会议室")
    for d, n in (("2025-04-17", "2"), ("2025-07-10", "3"), ("2025-11-13", "2")):
        add("党员集中培训", d, "党建", form="培训", days=n, who=some(members, 0.6, 0.9), summary=f"集中培训 {n} 天")
    add("流动党员登记", "2025-01-15", "党建", form="其他", summary="填写流动党员登记卡")
    for m in range(1, 13):
        if m == 8:
            continue  # 八月无科普活动
        topic = ["防诈骗", "春季防病", "垃圾分类", "食品安全", "防灾减灾", "防溺水", "防暑降温", "", "节能低碳",
                 "消防安全", "冬季用电", "健康生活"][m - 1]
        add(f"科普讲座：{topic}", f"2025-{m:02d}-{18 + (m % 7):02d}", "科普", time="14:00", form="讲座",
            count=rng.randrange(25, 60), summary=f"讲解{topic}知识")
    add("迎新春送春联", "2025-01-20", "妇联", form="志愿服务", count=86, summary="书法家现场写春联")
    add("育龄妇女免费体检", "2025-04-12", "妇联", place="社区卫生服务站", form="体检", who=some(women, 0.3, 0.5),
        summary="联合卫生服务站开展体检")
    add("三八节座谈会", "2025-03-07", "妇联", form="座谈会", who=some(women, 0.1, 0.2))
    for m, law in ((3, "消费者权益保护法"), (4, "国家安全法"), (6, "禁毒法"), (9, "未成年人保护法"), (12, "宪法")):
        add(f"普法宣传：{law}", f"2025-{m:02d}-{12 + m:02d}", "普法", form="宣传", place="幸福小区广场",
            count=rng.randrange(40, 120), summary=f"发放{law}宣传资料")
    add("全国助残日活动", "2025-05-18", "民政", form="慰问", count=23, summary="走访慰问困难残疾人家庭")
    add("重阳节慰问高龄老人", "2025-10-29", "民政", form="慰问", count=8, summary="为90岁以上老人发放慰问品")
    add("夏季纳凉晚会", "2025-07-26", "科普", form="文艺演出", status="已取消", summary="因台风取消")
    add("元旦游园", "2026-01-01", "综合", status="计划", form="文艺演出")
    add("一月支委会", "2026-01-09", "党建", status="计划", time="15:00", place="社区会议室", form="会议")
    rows.sort(key=lambda r: (r["日期"], r["时间"]))
    # 党建 and 普法 rows go to their own files: with the domain plugins installed the demo uses the
    # plugins' own samples (examples/dangjian/, examples/pufa/) instead, with their typed events.
    for name, part in (("events-2025.csv", [r for r in rows if r["条线"] not in ("党建", "普法")]),
                       ("events-2025-dangjian.csv", [r for r in rows if r["条线"] == "党建"]),
                       ("events-2025-pufa.csv", [r for r in rows if r["条线"] == "普法"])):
        with open(HERE / name, "w", encoding="utf-8-sig", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(part)
        print(f"wrote {len(part)} events to {HERE / name}")


if __name__ == "__main__":
    main()
