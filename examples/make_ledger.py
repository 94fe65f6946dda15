"""Generate the sample community's 2025 财务 export (examples/ledger-2025.csv, GB18030 as 财务软件 exports it).

Income: 普法经费 (earmarked), 上级拨款 for activities, monthly 党费, the 一日捐.
Spending: 普法 materials and lectures, 科普, 慰问 at 春节 and 重阳, 办公, 社区教育.
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

HERE = Path(__file__).parent


def main() -> None:
    rng = random.Random(42)
    rows = []
    n = 0

    def add(day: str, kind: str, amount: str, account: str, memo: str, fund: str = "", payee: str = "") -> None:
        nonlocal n
        n += 1
        rows.append({"日期": day, "收支": kind, "金额": amount, "科目": account, "资金来源": fund,
                     "收付款人": payee, "凭证号": f"2025-{n:03d}", "摘要": memo})

    add("2025-01-06", "收入", "6,000.00", "收入:上级拨款:普法经费", "街道拨付2025年普法经费", "普法经费", "街道办事处")
    add("2025-01-08", "收入", "20,000.00", "收入:上级拨款", "街道拨付社区活动经费", "", "街道办事处")
    add("2025-01-20", "支出", "1,600.00", "支出:慰问", "春节走访慰问困难家庭", "", "")
    add("2025-01-22", "支出", "360.00", "支出:活动", "迎新春送春联：红纸、笔墨", "", "")
    for m in range(1, 13):
        add(f"2025-{m:02d}-05", "收入", f"{rng.randrange(300, 420)}.00", "收入:党费", f"{m}月党费", "", "党支部")
        add(f"2025-{m:02d}-25", "支出", f"{rng.randrange(150, 600)}.{rng.randrange(0, 100):02d}", "支出:办公", f"{m}月办公用品", "", "")
    for m, law, cost in ((3, "消费者权益保护法", "1,280.50"), (4, "国家安全法", "860.00"), (6, "禁毒法", "1,120.00"),
                         (9, "未成年人保护法", "780.00"), (12, "宪法", "1,350.00")):
        add(f"2025-{m:02d}-{10 + m:02d}", "支出", cost, "经费:普法:宣传品", f"{law}宣传资料", "普法经费", "广告印务公司")
    add("2025-05-20", "支出", "500.00", "经费:普法:讲座", "以案说法讲座讲课费", "普法经费", "律师事务所")
    for m in (1, 2, 3, 4, 5, 6, 7, 9, 10, 11, 12):
        add(f"2025-{m:02d}-{18 + (m % 7):02d}", "支出", f"{rng.randrange(120, 480)}.00", "支出:活动:科普", "科普讲座资料与茶水")
    add("2025-06-30", "收入", "8,650.00", "收入:捐赠:一日捐", "慈善一日捐", "", "辖区居民及单位")
    add("2025-10-28", "支出", "2,400.00", "支出:慰问", "重阳节慰问90岁以上老人（8人）", "", "")
    add("2025-11-15", "支出", "1,200.00", "支出:社区教育", "老年学校教材", "", "")
    rows.sort(key=lambda r: (r["日期"], r["凭证号"]))
    target = HERE / "ledger-2025.csv"
    with open(target, "w", encoding="gb18030", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    print(f"wrote {len(rows)} entries to {target}")


if __name__ == "__main__":
    main()
