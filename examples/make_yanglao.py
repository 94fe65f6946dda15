"""Generate the sample 养老 year (examples/yanglao/) for the sample community's roster.

    python examples/make_yanglao.py          # needs shequ and shequ-yanglao installed (it asks them
                                             # which elders are 空巢/独居 and what tier each is in)

养老档案 for most elders (a realistic mix of 无偿, 低偿, 有偿 and 志愿 under reading A), a year of
service visits with the fees their tiers allow, a weekly phone round of every 空巢/独居 elder
(a 走访 round on the first Monday of each month), 为老活动 (老年教育, 观光旅游, 敬老月, 重阳),
结对, 应急救助, 平安保险 and a 助老服务券 batch.  The gap the reports must show: one 空巢 elder
(``gap=`` in ``names.txt``) is not reached after 2025-10-31 — two months without contact by 12-31.

The roster's tags are used where they are unambiguous (低保 → 低保, 残疾 → 病残); its “五老” tag is
not read as 革命“五老人员”: the source uses 五老 for two different groups (DOMAIN §0 caveat 6).
Deterministic: the same roster gives the same files.
"""

from __future__ import annotations

import csv
import io
import random
import tempfile
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).parent
OUT = HERE / "yanglao"
YEAR_START, TODAY = date(2025, 1, 1), date(2025, 12, 31)
GAP_FROM = date(2025, 10, 31)
PRICES = {"助餐": ("8", "15"), "助洁": ("20", "40"), "助浴": ("15", "30"), "理发": ("5", "15"), "代购代办": ("0", "5")}
ITEMS = (("助餐", 30), ("助洁", 18), ("助浴", 8), ("助医", 8), ("助行", 4), ("聊天", 12), ("代购代办", 8), ("理发", 6),
         ("测血压", 10), ("文化娱乐", 4), ("法律维权", 2))
CATEGORY = {"助餐": "生活照料", "助洁": "生活照料", "助浴": "生活照料", "助医": "医疗保健", "助行": "生活照料", "聊天": "精神慰藉",
            "代购代办": "生活照料", "理发": "生活照料", "测血压": "医疗保健", "文化娱乐": "文化娱乐", "法律维权": "法律维权"}
PROVIDERS = {"社区助老服务员": ("王秀兰",), "家政服务公司": ("康乐家政服务公司",), "社会组织": ("夕阳红居家养老服务中心",),
             "志愿者": ("幸福社区志愿者服务队", "幸福社区党员志愿者服务队")}
BY_ITEM = {"助餐": ("社区助老服务员", "家政服务公司"), "助洁": ("家政服务公司", "志愿者"), "助浴": ("家政服务公司", "社会组织"),
           "助医": ("社区助老服务员", "社会组织"), "助行": ("志愿者",), "聊天": ("志愿者", "社区助老服务员"),
           "代购代办": ("社区助老服务员", "志愿者"), "理发": ("志愿者", "家政服务公司"), "测血压": ("社会组织", "社区助老服务员"),
           "文化娱乐": ("志愿者",), "法律维权": ("社会组织",)}


def write(name: str, rows: list[dict[str, object]]) -> None:
    with open(OUT / name, "w", encoding="utf-8-sig", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)


def age_on(birth: str, on: date) -> int:
    y, m, d = map(int, birth.split("-"))
    return on.year - y - ((on.month, on.day) < (m, d))


def main() -> None:
    import shequ_yanglao
    from shequ.api import open_home
    from shequ.testing import runner
    from shequ_yanglao.rules import classify

    rng = random.Random(48)
    OUT.mkdir(exist_ok=True)
    roster = list(csv.DictReader(io.StringIO((HERE / "roster.csv").read_bytes().decode("gb18030"))))
    counts = Counter(p["姓名"] for p in roster)
    people = {p["姓名"]: p for p in roster if counts[p["姓名"]] == 1}
    months = [date(2025, m, 1) for m in range(1, 13)]
    with tempfile.TemporaryDirectory(prefix="yanglao-sample-") as tmp:  # the roster in a scratch home
        home = Path(tmp) / "home"
        run = runner(home, today=TODAY.isoformat())
        run("init")
        run("people", "import", str(HERE / "roster.csv"))
        with open_home(home, plugins=[shequ_yanglao], today=TODAY) as ctx:
            names = dict(zip(ctx.people.register().ids, ctx.people.register().column("name")))
            nest = {d: {names[i] for i in ctx.people.members("空巢老人", d)} for d in months + [TODAY]}
            alone = {d: {names[i] for i in ctx.people.members("独居老人", d)} for d in months + [TODAY]}

    def month_of(d: date) -> date:
        return date(d.year, d.month, 1)

    elders = sorted((n for n, p in people.items() if age_on(p["出生日期"], TODAY) >= 60), key=lambda n: people[n]["出生日期"])
    # -- 养老档案 -------------------------------------------------------------------------------------
    profiles: dict[str, dict[str, object]] = {}
    since_of: dict[str, str] = {}
    for n in elders:
        p = people[n]
        if rng.random() < 0.12:
            continue  # not yet assessed: the report says how many
        since = max(YEAR_START, date.fromisoformat(p["出生日期"]).replace(year=int(p["出生日期"][:4]) + 60))
        tags = set(filter(None, p["标签"].split("、")))
        age = age_on(p["出生日期"], TODAY)
        assist = ["低保"] if "低保" in tags else []
        if not assist and rng.random() < 0.05:
            assist = [rng.choice(("重点优抚对象", "革命五老"))]
        unable = rng.random() < (0.35 if age >= 85 else 0.12)
        economy = rng.choices(("", "有经济能力", "有一定经济来源但生活仍很困难"), (33, 55, 12))[0]
        if assist:
            economy = "有一定经济来源但生活仍很困难" if "低保" in assist else economy
        needs = rng.choice(("送餐", "上门照料", "日托", "")) if economy == "有经济能力" and rng.random() < 0.45 else ""
        profiles[n] = {"老人": n, "起始日期": since.isoformat(), "自理能力": "不能自理" if unable else "能自理",
                       "救助优抚": "、".join(assist), "享受民政救助": "是" if "低保" in assist else rng.choice(("否", "否", "否", "是")),
                       "经济状况": economy, "有偿服务需求": needs, "病残": "是" if "残疾" in tags or (unable and rng.random() < 0.5) else "",
                       "已建健康档案": "是" if rng.random() < 0.8 else "否", "家庭病床": "是" if unable and rng.random() < 0.3 else "",
                       "备注": ""}
        since_of[n] = since.isoformat()
    # Three 高龄 空巢 elders with assistance who cannot look after themselves: 无偿 under reading A.
    free = [n for n in profiles if n in nest[TODAY] and age_on(people[n]["出生日期"], YEAR_START) >= 70][:40:13]
    for n, flag in zip(free, ("低保", "重点优抚对象", "革命五老")):
        profiles[n].update({"自理能力": "不能自理", "救助优抚": flag, "享受民政救助": "是" if flag == "低保" else "否",
                            "经济状况": "有一定经济来源但生活仍很困难" if flag == "低保" else "", "有偿服务需求": ""})
    write("elders.csv", list(profiles.values()))
    # One elder's situation changes: 不能自理 from July (load.sh: yanglao elder set … --since 2025-07-01).
    changed = next(n for n in profiles if profiles[n]["自理能力"] == "能自理" and n in nest[TODAY] and n not in free
                   and age_on(people[n]["出生日期"], TODAY) >= 75)
    # A 孤寡 elder (tag; undefined in the source) the committee adjusts to 无偿, with its reason.
    adjusted = next((n for n in elders if "孤寡" in people[n]["标签"] and n not in free), elders[0])
    gap = next(n for n in sorted(nest[TODAY]) if n in profiles and n not in (changed, adjusted, *free))
    (OUT / "names.txt").write_text(f"changed={changed}\nadjusted={adjusted}\ngap={gap}\n", "utf-8")

    def profile_on(n: str, d: date) -> dict[str, object] | None:
        prof = profiles.get(n)
        if prof is None or str(prof["起始日期"]) > d.isoformat():
            return None
        view = {"self_care": prof["自理能力"], "assistance": [a for a in str(prof["救助优抚"]).split("、") if a],
                "civil_aid": prof["享受民政救助"] == "是", "economy": prof["经济状况"] or None,
                "needs": [x for x in str(prof["有偿服务需求"]).split("、") if x]}
        if n == changed and d >= date(2025, 7, 1):
            view["self_care"] = "不能自理"
        return view

    def tier(n: str, d: date) -> str:
        override = ("无偿", "", 0) if n == adjusted and d >= date(2025, 4, 1) else None
        return classify(age_on(people[n]["出生日期"], d), n in nest[month_of(d)], profile_on(n, d), "A", override).tier

    # -- a year of visits ------------------------------------------------------------------------------
    visits, fees = [], Counter()
    served = [n for n in profiles]
    weights = [3 if profiles[n]["自理能力"] == "不能自理" else 1 for n in served]
    for _ in range(360):
        n = rng.choices(served, weights)[0]
        d = YEAR_START + timedelta(days=rng.randrange(365))
        if d.isoformat() < since_of[n] or (n == gap and d >= GAP_FROM):
            continue
        item = rng.choices([i for i, _ in ITEMS], [w for _, w in ITEMS])[0]
        kind = rng.choice(BY_ITEM[item])
        t = tier(n, d)
        fee = ""
        if kind != "志愿者" and item in PRICES and t in ("低偿", "有偿"):
            fee = PRICES[item][0 if t == "低偿" else 1]
            fee = "" if fee == "0" else fee
        if fee:
            fees[d.month] += int(fee)
        visits.append({"老人": n, "日期": d.isoformat(), "项目": item, "类别": CATEGORY[item], "服务方类型": kind,
                       "服务方": rng.choice(PROVIDERS[kind]), "方式": "电话" if item in ("聊天", "法律维权") and rng.random() < 0.3 else "走访",
                       "收费": fee, "服务等级": t, "情况": ""})
    visits.sort(key=lambda v: (v["日期"], v["老人"]))
    write("visits-2025.csv", visits)
    # -- the weekly contact round (篇4 L79) --------------------------------------------------------------
    rounds = []
    monday = date(2025, 1, 6)
    week = 0
    while monday <= TODAY:
        m = month_of(monday)
        population = sorted(nest[m] | alone[m])
        reached = [n for n in population if not (n == gap and monday >= GAP_FROM)]
        first = monday.day <= 7
        missed = sorted(rng.sample([n for n in reached if n != gap], 2)) if week % 4 == 2 else []
        row = {"标题": f"空巢老人帮扶联系（{'走访' if first else '电话'}）", "日期": monday.isoformat(), "条线": "养老",
               "类型": "yanglao.contact", "方式": "走访" if first else "电话",
               "联系人": "网格员" if first else "社区助老服务员王秀兰", "状态": "已开展",
               "参加人员": "、".join(n for n in reached if n not in missed), "人次": len(reached) - len(missed), "小结": ""}
        rounds.append(row)
        if missed:  # not answering the phone on Monday: visited at home on Wednesday
            rounds.append({**row, "标题": "空巢老人帮扶联系（走访）", "日期": (monday + timedelta(days=2)).isoformat(),
                           "方式": "走访", "联系人": "网格员", "参加人员": "、".join(missed), "人次": len(missed),
                           "小结": "周一电话未接通，上门探视"})
        monday += timedelta(days=7)
        week += 1
    write("contacts-2025.csv", rounds)
    # -- 为老活动 ------------------------------------------------------------------------------------------
    acts = []
    blank = {"标题": "", "日期": "", "条线": "养老", "类型": "yanglao.activity", "活动类别": "", "地点": "居家养老服务站",
             "状态": "已开展", "人次": "", "小结": ""}
    for mo in range(1, 13):
        if mo in (1, 2, 7, 8):
            continue  # the 老年学校 breaks in winter and summer
        acts.append({**blank, "标题": "老年学校书法班", "日期": f"2025-{mo:02d}-1{mo % 9}", "活动类别": "老年教育",
                     "人次": rng.randrange(15, 30), "小结": "老有所学（篇13 L266）"})
    acts += [
        {**blank, "标题": "春季健身操比赛", "日期": "2025-04-18", "活动类别": "文体活动", "地点": "幸福小区广场", "人次": 46},
        {**blank, "标题": "老年人外出观光（西溪湿地）", "日期": "2025-05-21", "活动类别": "外出观光旅游", "地点": "西溪湿地", "人次": 38},
        {**blank, "标题": "敬老月文艺汇演", "日期": "2025-10-10", "活动类别": "敬老月活动", "地点": "社区党群服务中心", "人次": 120},
        {**blank, "标题": "敬老月为老维权法律咨询", "日期": "2025-10-16", "活动类别": "为老维权", "人次": 34,
         "小结": "赡养、财产纠纷咨询"},
        {**blank, "标题": "重阳节尊老爱老活动：百家宴", "日期": "2025-10-29", "活动类别": "重阳节尊老爱老活动", "地点": "社区党群服务中心",
         "人次": 150},
    ]
    write("activities-2025.csv", sorted(acts, key=lambda a: str(a["日期"])))
    # -- 结对, 应急, 平安保险, 服务券 ---------------------------------------------------------------------------
    helpers = [n for n, p in people.items() if 25 <= age_on(p["出生日期"], TODAY) <= 60]
    pairs = []
    for n in rng.sample(sorted(nest[TODAY] | alone[TODAY]), 15):
        kind = rng.choices(("邻里结对", "亲属结对", "党员结对"), (6, 3, 4))[0]
        helper = rng.choice(helpers) if kind != "亲属结对" else f"{people[n]['姓名'][0]}某（子女，在外地）"
        pairs.append({"老人": n, "结对方式": kind, "帮扶人": helper, "开始日期": f"2025-0{rng.randrange(1, 7)}-01",
                      "结束日期": "", "备注": "就近、自愿" if kind == "邻里结对" else ""})
    write("pairings.csv", pairs)
    unable = [n for n in profiles if profiles[n]["自理能力"] == "不能自理" and n != gap]
    emergencies = [{"老人": unable[0], "日期": "2025-02-14", "情况": "夜间在家跌倒", "处置": "网格员10分钟到场，联系120送医",
                    "经热线求助": "是", "处置人": "网格员"},
                   {"老人": unable[1], "日期": "2025-07-23", "情况": "中暑", "处置": "社区医生上门处置", "经热线求助": "是",
                    "处置人": "社区卫生服务站"},
                   {"老人": unable[2], "日期": "2025-11-30", "情况": "燃气灶未关，邻居闻到气味", "处置": "物业与网格员入户关阀",
                    "经热线求助": "否", "处置人": "物业、网格员"}]
    write("emergencies.csv", emergencies)
    ninety = {n for n in elders if age_on(people[n]["出生日期"], date(2025, 10, 29)) >= 90}
    start_of = {n: max(since_of.get(n, "2025-03-01"), "2025-03-01") for n in elders}
    insured = [n for n in elders if n not in ninety and rng.random() < 0.62
               and age_on(people[n]["出生日期"], date.fromisoformat(start_of[n])) >= 60]
    write("insurance.csv", [{"老人": n, "起保日期": start_of[n], "终止日期": "2026-02-28", "保险公司": "某财产保险公司",
                             "保费": "60", "备注": "老年人民乐、民安工程"} for n in insured])
    holders = [n for n in profiles if n != gap and tier(n, date(2025, 3, 1)) in ("无偿", "低偿")][:10]
    (OUT / "voucher-holders.txt").write_text("\n".join(holders) + "\n", "utf-8")
    redemptions, code = [], 0
    for n in holders:
        for k in range(4):  # four vouchers each, issued 2025-03-01
            code += 1
            if k < 3 or rng.random() < 0.3:
                item = rng.choice(("助洁", "助浴", "助餐"))
                kind = rng.choice([t for t in BY_ITEM[item] if t != "志愿者"])
                d = date(2025, 3, 3) + timedelta(days=rng.randrange(280))
                redemptions.append({"code": f"ZL2025-{code:04d}", "provider": PROVIDERS[kind][0], "type": kind,
                                    "date": d.isoformat(), "item": item})
    redemptions.sort(key=lambda r: r["date"])
    write("redemptions.csv", redemptions)
    late = next(n for n in sorted(ninety) if n != gap)  # in hospital on 重阳: given on 11-05
    (OUT / "zhongyang-late.txt").write_text(late + "\n", "utf-8")
    # -- the ledger: monthly fee income, the voucher fund, the March premiums -------------------------------
    ledger = [{"日期": "2025-02-20", "收支": "收入", "金额": "3000.00", "科目": "收入:上级拨款:助老服务券", "资金来源": "助老服务券",
               "收付款人": "街道办事处", "凭证号": "YL-2025-001", "摘要": "街道拨付2025年助老服务券资金"},
              {"日期": "2025-03-01", "收支": "支出", "金额": f"{60 * len(insured):.2f}", "科目": "支出:养老:平安保险",
               "资金来源": "", "收付款人": "某财产保险公司", "凭证号": "YL-2025-002", "摘要": "老年人平安保险（民乐、民安工程）"}]
    for i, mo in enumerate(sorted(fees), start=3):
        last = (date(2025, mo, 28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
        ledger.append({"日期": last.isoformat(), "收支": "收入", "金额": f"{fees[mo]:.2f}", "科目": "收入:养老:服务收费",
                       "资金来源": "", "收付款人": "", "凭证号": f"YL-2025-{i:03d}", "摘要": f"{mo}月低偿、有偿服务收费"})
    write("ledger-2025.csv", ledger)
    tiers = Counter(tier(n, TODAY) for n in elders)
    print(f"wrote {len(profiles)} 养老档案 ({dict(tiers)} on 2025-12-31, without profiles counted as 志愿), {len(visits)} visits, "
          f"{len(rounds)} contact rounds, {len(acts)} activities, {len(pairs)} 结对, {len(redemptions)} redemptions to {OUT}; "
          f"gap: {gap}")


if __name__ == "__main__":
    main()
