"""Generate the sample 环保 year (examples/huanbao/): activities, office energy, cleaning logs, agreements …

    python examples/make_huanbao.py

The year 2025 of 幸福社区 (with 2024's office readings, so 2025 has 同比): quarterly 节能环保工作会议,
publicity, two 问卷, two 讲座, March tree planting and the seasonal greening checks; the office's
electricity with a summer peak (空调) and water; every building cleaned every day — except 9幢, whose
cleaner was on leave 10–14 March (logged as not cleaned) and which has no log on 20–21 March: the gap
the March 月报 must show; fourteen 市容环境卫生管理责任书, two of them lapsed; praise and criticism
notes.  ``load.sh`` adds the rest with commands (groups, the greening project half done, 绿色家庭).
"""

from __future__ import annotations

import csv
import io
import random
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).parent
OUT = HERE / "huanbao"
BUILDINGS = [f"幸福小区/{i}幢" for i in range(1, 13)]
GAP_BUILDING = "幸福小区/9幢"
LEAVE = [date(2025, 3, d) for d in range(10, 15)]  # 保洁员请假: logged as not cleaned
UNLOGGED = [date(2025, 3, 20), date(2025, 3, 21)]  # no log at all
# Office electricity (千瓦时) by month: air conditioning in summer, heaters in winter; water (立方米).
KWH_2024 = [1120, 980, 910, 860, 920, 1310, 1680, 1720, 1240, 900, 960, 1150]
WATER_2024 = [19, 17, 20, 21, 23, 27, 31, 32, 26, 22, 20, 19]
SAVING = [0.96, 0.95, 0.97, 0.94, 0.95, 0.93, 0.92, 0.94, 0.95, 0.96, 0.95, 0.94]  # 2025 / 2024


def write(name: str, rows: list[dict[str, str]]) -> None:
    fields: list[str] = []
    for r in rows:
        fields.extend(k for k in r if k not in fields)
    with open(OUT / name, "w", encoding="utf-8-sig", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=fields)
        w.writeheader()
        w.writerows(rows)


def events() -> list[dict[str, str]]:
    base = {"条线": "环保", "状态": "已开展"}
    rows = []
    for day, topic, decisions in (("2025-03-05", "部署创“省绿色社区”和三月植树", "落实工字街道绿化带补植的苗木和资金"),
                                  ("2025-06-10", "垃圾分类投放推进情况", "增设两处分类投放点"),
                                  ("2025-09-09", "办公室节电节水", "空调温度不低于26℃，下班关闭饮水机"),
                                  ("2025-12-09", "年度总结和“绿色家庭”表彰", "研究明年绿化养护经费")):
        rows.append({**base, "标题": "节能环保工作会议", "日期": day, "类型": "huanbao.meeting", "议题": topic,
                     "研究解决的问题": decisions, "地点": "社区会议室", "人次": "9"})
    for day, title, form, materials, count in (
            ("2025-03-12", "植树节节能减排宣传", "张贴标语宣传画", "", "40"),
            ("2025-06-05", "世界环境日宣传", "发放宣传资料", "300", "120"),
            ("2025-06-18", "节能降耗进万家", "节能降耗活动", "150", "85"),
            ("2025-08-16", "资源节约志愿活动：旧物交换", "资源节约志愿活动", "", "64"),
            ("2025-10-25", "“节能减排”家庭社区公益行动", "“节能减排”家庭社区公益行动", "200", "96")):
        rows.append({**base, "标题": title, "日期": day, "类型": "huanbao.activity", "形式": form, "资料份数": materials,
                     "地点": "幸福小区广场", "人次": count})
    rows.append({**base, "标题": "环境保护讲座：垃圾分类怎么分", "日期": "2025-04-18", "类型": "huanbao.lecture", "场所": "市民教室",
                 "讲座主题": "生活垃圾分类投放", "主讲人": "区环卫所", "地点": "社区市民教室", "人次": "58"})
    rows.append({**base, "标题": "环境保护讲座：家庭节能小窍门", "日期": "2025-09-20", "类型": "huanbao.lecture", "场所": "市民学校",
                 "讲座主题": "选购节能家电、减少待机消耗", "主讲人": "供电所", "地点": "社区市民学校", "人次": "47"})
    rows.append({**base, "标题": "环保知识问卷调查", "日期": "2025-05-16", "类型": "huanbao.survey", "答卷人数": "126",
                 "平均得分": "78.5", "满分": "100", "地点": "各网格"})
    rows.append({**base, "标题": "环保知识问卷调查（复测）", "日期": "2025-11-14", "类型": "huanbao.survey", "答卷人数": "118",
                 "平均得分": "86", "满分": "100", "地点": "各网格"})
    rows.append({**base, "标题": "三月植树绿化", "日期": "2025-03-12", "类型": "huanbao.greening", "类别": "植树",
                 "植树株数": "60", "配合单位": "幸福小学、辖区企事业单位", "地点": "幸福小区中心绿地", "人次": "75"})
    for day, season in (("2025-03-28", "春"), ("2025-06-26", "夏"), ("2025-09-25", "秋"), ("2025-12-18", "冬")):
        rows.append({**base, "标题": f"“四季有绿”{season}季绿化检查", "日期": day, "类型": "huanbao.greening", "类别": "四季绿化检查",
                     "检查情况": "绿化队管护到位" if season != "夏" else "2处草坪缺水发黄，已安排补水", "地点": "各小区"})
    return sorted(rows, key=lambda r: r["日期"])


def energy() -> list[dict[str, str]]:
    rows = []
    meter = 41830
    for m in range(12):
        rows.append({"月份": f"2024-{m + 1:02d}", "用电量（千瓦时）": str(KWH_2024[m]), "用水量（立方米）": str(WATER_2024[m]),
                     "电表读数": str(meter) if m == 11 else "", "备注": ""})
    for m in range(12):
        kwh = round(KWH_2024[m] * SAVING[m])
        meter += kwh
        water = round(WATER_2024[m] * SAVING[m], 1)
        rows.append({"月份": f"2025-{m + 1:02d}", "用电量（千瓦时）": str(kwh), "用水量（立方米）": str(water),
                     "电表读数": str(meter), "备注": "空调用电高峰" if m in (6, 7) else ""})
    return rows


def cleaning() -> list[dict[str, str]]:
    rows = []
    day = date(2025, 1, 1)
    while day <= date(2025, 12, 31):
        for b in BUILDINGS:
            if b == GAP_BUILDING and day in UNLOGGED:
                continue
            missed = b == GAP_BUILDING and day in LEAVE
            rows.append({"楼栋": b, "日期": day.isoformat(), "已清扫": "否" if missed else "是",
                         "说明": "保洁员请假，无人顶岗" if missed else ""})
        day += timedelta(days=1)
    return rows


def agreements(rng: random.Random, households: list[tuple[str, str]]) -> list[dict[str, str]]:
    shops = [("幸福超市", "门店"), ("老王面馆", "门店"), ("明亮眼镜店", "门店"), ("康安大药房", "门店"), ("小胖烧烤", "门店"),
             ("兴旺五金", "门店"), ("美发沙龙", "门店"), ("幸福小学", "单位"), ("幸福路邮政所", "单位"), ("区供电所营业厅", "单位"),
             ("幸福幼儿园", "单位")] + [(name, "住户") for name, _ in households]  # 临街住户, by the resident's name
    rows = []
    for i, (name, kind) in enumerate(shops):
        lapsed = name in ("小胖烧烤", "兴旺五金")  # signed for 2024 and never renewed
        signed = date(2024, 3, 15) if lapsed else date(2025, 1, 6) + timedelta(days=rng.randrange(0, 40))
        address = dict(households).get(name) if kind == "住户" else f"幸福路{2 * i + 1}号"
        rows.append({"责任方": name, "类别": kind, "地址": address, "联系人": "" if kind == "住户" else "负责人",
                     "签订日期": signed.isoformat(), "备注": "门前三包" if kind == "门店" else ""})
    return rows


def conduct(names: list[str]) -> list[dict[str, str]]:
    return [
        {"日期": "2025-04-18", "类别": "表扬", "对象": names[0], "行为": "节约资源", "情况": "坚持旧物改造、废纸回收", "场合": "市民学校"},
        {"日期": "2025-06-18", "类别": "表扬", "对象": "幸福超市", "行为": "节约资源", "情况": "带头不提供免费塑料袋", "场合": "市民学校"},
        {"日期": "2025-07-09", "类别": "批评", "对象": names[1], "行为": "乱扔垃圾", "情况": "多次从楼上抛扔垃圾，经劝导已改正", "场合": "市民学校"},
        {"日期": "2025-09-20", "类别": "表扬", "对象": names[2], "行为": "节约资源", "情况": "家中全部换用节能灯", "场合": "市民学校"},
        {"日期": "2025-10-11", "类别": "批评", "对象": "小胖烧烤", "行为": "浪费资源", "情况": "夜间长明灯、门前污水", "场合": "市民学校"},
    ]


def main() -> None:
    rng = random.Random(46)
    OUT.mkdir(exist_ok=True)
    roster = list(csv.DictReader(io.StringIO((HERE / "roster.csv").read_bytes().decode("gb18030"))))
    counts = Counter(p["姓名"] for p in roster)
    adults = [p for p in roster if counts[p["姓名"]] == 1 and 18 <= 2025 - int(p["出生日期"][:4]) <= 70]
    picks = rng.sample(adults, 14)
    write("events-2025.csv", events())
    write("energy-2024-2025.csv", energy())
    write("cleaning-2025.csv", cleaning())
    write("agreements-2025.csv", agreements(rng, [(p["姓名"], p["住址"]) for p in picks[11:14]]))
    notes = conduct([p["姓名"] for p in picks[:3]])
    write("conduct-2025.csv", notes)
    (OUT / "criticised.txt").write_text(picks[1]["姓名"] + "\n", "utf-8")
    (OUT / "hulvdui.txt").write_text("\n".join(p["姓名"] for p in picks[3:11]) + "\n", "utf-8")
    heads = sorted({p["户号"] for p in roster if p["与户主关系"] == "户主"})
    chosen = rng.sample(heads, 14)
    (OUT / "families-2025.txt").write_text("green " + " ".join(chosen[:10]) + "\nnot " + " ".join(chosen[10:]) + "\n", "utf-8")
    print(f"wrote {len(events())} activities, 24 months of readings, {len(cleaning())} cleaning logs to {OUT}")


if __name__ == "__main__":
    main()
