"""Generate the sample 普法 year (examples/pufa/): activities, screenings, disputes, 帮教.

    python examples/make_pufa.py

Themed activities run March–December except July (so ``pufa theme status`` has a gap to
show); festival publicity at 春节, 妇女节, 国庆节 and 重阳节; a screening every month;
the 财务公开 each quarter; twelve disputes; three 帮教 persons.
"""

from __future__ import annotations

import csv
import io
import random
from collections import Counter
from pathlib import Path

HERE = Path(__file__).parent
OUT = HERE / "pufa"
LAWS = {3: "《中华人民共和国城市居民委员会组织法》", 4: "知识产权法律", 5: "《中华人民共和国劳动法》", 6: "《中华人民共和国禁毒法》",
        8: "《中华人民共和国预防未成年人犯罪法》", 9: "《中华人民共和国药品管理法》", 10: "《中华人民共和国行政许可法》",
        11: "《中华人民共和国道路交通安全法》", 12: "《中华人民共和国宪法》"}


def write(name: str, rows: list[dict[str, str]]) -> None:
    with open(OUT / name, "w", encoding="utf-8-sig", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)


def main() -> None:
    rng = random.Random(9)
    OUT.mkdir(exist_ok=True)
    blank = {"标题": "", "日期": "", "条线": "普法", "类型": "pufa.activity", "形式": "", "法律或主题": "", "本月主题": "",
             "对象": "", "资料份数": "", "节日": "", "地点": "幸福小区广场", "状态": "已开展", "人次": "", "小结": ""}
    acts = []
    for m, law in LAWS.items():
        acts.append({**blank, "标题": f"普法宣传：{law}", "日期": f"2025-{m:02d}-{12 + m:02d}", "形式": rng.choice(["发放资料", "讲座", "以案说法"]),
                     "法律或主题": law, "本月主题": "是", "对象": rng.choice(["居民", "青少年、居民", "外来务工人员、居民"]),
                     "资料份数": str(rng.randrange(80, 300)), "人次": str(rng.randrange(40, 150)), "小结": f"宣传{law}"})
    for day, fest in (("2025-01-25", "春节"), ("2025-03-08", "妇女节"), ("2025-09-30", "国庆节"), ("2025-10-29", "重阳节")):
        acts.append({**blank, "标题": f"{fest}法律咨询", "日期": day, "形式": "法律咨询", "节日": fest, "对象": "居民",
                     "人次": str(rng.randrange(20, 60)), "小结": f"结合{fest}开展法律咨询"})
    for m in range(1, 13):
        acts.append({**blank, "标题": "矛盾纠纷排查", "日期": f"2025-{m:02d}-03", "类型": "core.activity", "形式": "走访",
                     "地点": "各网格", "人次": "", "小结": "网格员入户排查"})
    for m in (3, 6, 9, 12):
        acts.append({**blank, "标题": "社区事务、财务公开", "日期": f"2025-{m:02d}-28", "类型": "core.activity", "形式": "宣传",
                     "地点": "社区公开栏", "小结": "季度财务收支与居务公开"})
    acts.sort(key=lambda r: r["日期"])
    write("activities-2025.csv", acts)
    roster = list(csv.DictReader(io.StringIO((HERE / "roster.csv").read_bytes().decode("gb18030"))))
    counts = Counter(p["姓名"] for p in roster)
    adults = [p["姓名"] for p in roster if counts[p["姓名"]] == 1 and 2025 - int(p["出生日期"][:4]) >= 20]
    disputes = []
    for i in range(12):
        m = 1 + i
        a, b = rng.sample(adults, 2)
        closed = i < 10
        disputes.append({"排查日期": f"2025-{m:02d}-0{3 + i % 5}", "类型": rng.choice(["邻里", "家庭", "物业", "房屋土地"]),
                         "当事人": f"{a}、{b}", "调解人": "人民调解委员会", "阶段": "结案" if closed else "调处",
                         "结果": ("调解成功" if i % 5 else "转交") if closed else "", "结案日期": f"2025-{m:02d}-2{i % 8}" if closed else "",
                         "情况": "经调解双方达成协议" if closed and i % 5 else ""})
    write("disputes-2025.csv", disputes)
    picks = rng.sample(adults, 3)
    bj = [{"帮教对象": picks[0], "类别": "刑释解教", "起始日期": "2024-08-01", "结束日期": "", "帮教责任人": "司法所、社区民警"},
          {"帮教对象": picks[1], "类别": "社区矫正", "起始日期": "2025-02-15", "结束日期": "2026-02-14", "帮教责任人": "司法所"},
          {"帮教对象": picks[2], "类别": "戒毒康复", "起始日期": "2025-05-01", "结束日期": "", "帮教责任人": "社区禁毒社工"}]
    write("bangjiao.csv", bj)
    (OUT / "bangjiao-names.txt").write_text("\n".join(picks) + "\n", "utf-8")
    print(f"wrote {len(acts)} activities, {len(disputes)} disputes, {len(bj)} 帮教 persons to {OUT}")


if __name__ == "__main__":
    main()
