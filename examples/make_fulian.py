"""Generate the sample 妇联 year (examples/fulian/) for 幸福社区, 2025.

    python examples/make_fulian.py

Writes the activities (a calendar table for ``shequ calendar import``), the spring health
check's sign-in list, the team rosters, the two 临时救助 cases, 农家书屋 readings and 才艺比赛
entries.  People come from ``examples/roster.csv`` (women aged 18–49 on 2025-04-12, unique names).

The realistic gap the reports must show: the 计划生育 publicity skipped the third quarter
(summer), so duty ``fulian.jisheng`` is overdue for 2025-Q3; and the spring check reached only
part of the 育龄妇女 (the rest appear as 尚未体检).
"""

from __future__ import annotations

import csv
import io
import random
from collections import Counter
from pathlib import Path

HERE = Path(__file__).parent
OUT = HERE / "fulian"
CHECK_DAY = "2025-04-12"


def write(name: str, rows: list[dict[str, str]]) -> None:
    with open(OUT / name, "w", encoding="utf-8-sig", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)


def women() -> list[dict[str, str]]:
    roster = list(csv.DictReader(io.StringIO((HERE / "roster.csv").read_bytes().decode("gb18030"))))
    counts = Counter(p["姓名"] for p in roster)
    out = []
    for p in roster:
        b = p["出生日期"]
        age = 2025 - int(b[:4]) - ((4, 12) < (int(b[5:7]), int(b[8:10])))
        if p["性别"] == "女" and 18 <= age <= 49 and counts[p["姓名"]] == 1:
            out.append(p)
    return out


def activities() -> list[dict[str, str]]:
    blank = {"标题": "", "日期": "", "条线": "妇联", "类型": "", "地点": "社区妇女之家", "状态": "已开展", "人次": "", "小结": "",
             "培训类别": "", "合办单位": "", "参会单位数": "", "提供岗位数": "", "达成意向数": "", "讲座内容": "", "法律文件": "",
             "主讲人": "", "节日": "", "宣传内容": "", "宣传渠道": "", "资料份数": "", "阶段主题": "", "演出队伍": "", "演出主题": "",
             "服务队": "", "服务内容": "", "活动类别": "", "爱心活动": ""}
    rows = []

    def add(**kw: str) -> None:
        rows.append({**blank, **kw})

    funv, gangyao, tiaoli = "《中华人民共和国妇女权益保障法》", "《中国妇女发展纲要》", "本省《人口与计划生育条例》"
    # 三八: publicity of the women's rights law, and the 反家庭暴力 lecture (篇1 L26).
    add(标题="三八妇女节维权宣传", 日期="2025-03-06", 类型="fulian.publicity", 宣传内容="妇女权益保障", 法律文件=funv,
        宣传渠道="广播、发放资料", 资料份数="300", 节日="妇女节", 人次="120", 地点="幸福小区广场", 小结="发放妇女权益保障法宣传资料")
    add(标题="反家庭暴力宣传讲座", 日期="2025-03-08", 类型="fulian.lecture", 讲座内容="反家庭暴力",
        法律文件="《中华人民共和国反家庭暴力法》", 主讲人="街道司法所", 节日="妇女节", 人次="65")
    # 计生 publicity, one theme per quarter — none in the third quarter (the gap).
    for day, theme in (("2025-02-20", "优生优育"), ("2025-05-15", "生殖健康"), ("2025-11-12", "关爱女孩")):
        add(标题=f"计划生育宣传：{theme}", 日期=day, 类型="fulian.publicity", 宣传内容="计划生育", 法律文件=tiaoli if day[5:7] == "05" else "",
            宣传渠道="发放资料、宣传栏", 资料份数="200", 阶段主题=theme, 人次="80")
    add(标题="学习《中国妇女发展纲要》", 日期="2025-06-18", 类型="fulian.publicity", 宣传内容="妇女发展纲要", 法律文件=gangyao,
        宣传渠道="广播", 人次="45")
    add(标题="婚前知识讲座", 日期="2025-09-20", 类型="fulian.lecture", 讲座内容="婚前知识", 主讲人="社区卫生服务中心", 人次="30")
    add(标题="孕产期知识讲座", 日期="2025-10-16", 类型="fulian.lecture", 讲座内容="孕产期知识", 主讲人="社区卫生服务中心", 人次="28")
    # 就业 (篇1 L24): two trainings and three job fairs with 社区劳动保障.
    add(标题="妇女再就业技能培训", 日期="2025-03-20", 类型="fulian.training", 培训类别="再就业培训", 合办单位="社区劳动保障", 人次="36")
    add(标题="春风行动招聘会", 日期="2025-02-27", 类型="fulian.training", 培训类别="招聘会", 合办单位="社区劳动保障",
        参会单位数="18", 提供岗位数="260", 达成意向数="41", 人次="210", 地点="社区广场")
    add(标题="家政服务培训", 日期="2025-06-12", 类型="fulian.training", 培训类别="就业培训", 合办单位="社区劳动保障", 人次="25")
    add(标题="夏季招聘会", 日期="2025-07-10", 类型="fulian.training", 培训类别="招聘会", 合办单位="社区劳动保障",
        参会单位数="12", 提供岗位数="150", 达成意向数="22", 人次="130", 地点="社区广场")
    add(标题="金秋招聘会", 日期="2025-10-23", 类型="fulian.training", 培训类别="招聘会", 合办单位="社区劳动保障",
        参会单位数="15", 提供岗位数="190", 达成意向数="30", 人次="160", 地点="社区广场")
    # 文艺演出: the April gala (篇1 L27) and a 国庆 show.
    add(标题="“创先进、促和谐”大型文艺演出", 日期="2025-04-26", 类型="fulian.performance", 演出队伍="社区舞蹈队",
        演出主题="创先进、促和谐", 人次="400", 地点="幸福小区广场")
    add(标题="喜迎国庆文艺演出", 日期="2025-09-28", 类型="fulian.performance", 演出队伍="社区舞蹈队", 节日="国庆节", 人次="260",
        地点="幸福小区广场")
    # 巾帼志愿服务, 健康驿站, 读书, 爱心助学.
    for day, what in (("2025-01-11", "环境整治"), ("2025-03-05", "学雷锋便民服务"), ("2025-05-10", "关爱空巢老人"),
                      ("2025-08-16", "文明劝导"), ("2025-10-29", "重阳敬老"), ("2025-12-06", "冬季防火宣传")):
        add(标题=f"巾帼志愿服务：{what}", 日期=day, 类型="fulian.service", 服务队="社区巾帼志愿者服务队", 服务内容=what, 人次="24",
            地点="各网格")
    for day in ("2025-04-18", "2025-07-18", "2025-10-17"):
        add(标题="健康驿站：妇女健康讲座与测血压", 日期=day, 类型="fulian.activity", 活动类别="健康驿站", 人次="40")
    add(标题="农家书屋读书分享会", 日期="2025-04-23", 类型="fulian.activity", 活动类别="读书活动", 人次="22", 地点="农家书屋")
    add(标题="爱心助学募捐", 日期="2025-08-20", 类型="fulian.charity", 爱心活动="爱心助学", 人次="60")
    rows.sort(key=lambda r: r["日期"])
    return rows


def main() -> None:
    rng = random.Random(18)
    OUT.mkdir(exist_ok=True)
    write("activities-2025.csv", activities())
    pool = women()
    rng.shuffle(pool)
    names = [p["姓名"] for p in pool]
    checked = sorted(names[:34])
    (OUT / "checkup-2025-spring.txt").write_text(
        "# 2025年春季育龄妇女免费体检签到（2025-04-12，社区卫生服务中心）\n" + "\n".join(checked) + "\n", "utf-8")
    dancers, volunteers = names[34:44], names[44:52]
    (OUT / "dancers.txt").write_text("\n".join(dancers) + "\n", "utf-8")
    (OUT / "volunteers.txt").write_text("\n".join(volunteers) + "\n", "utf-8")
    workers = names[:12:2]
    (OUT / "workers.txt").write_text("\n".join(workers) + "\n", "utf-8")
    # 临时救助 (篇1 L26): one 两癌 woman (among those checked), one 单亲家庭 mother.
    cases = [checked[3], names[52]]
    (OUT / "referral-names.txt").write_text("\n".join(cases) + "\n", "utf-8")
    readings = [{"读者": n, "日期": f"2025-{m:02d}-{10 + i:02d}", "书名": b, "写笔记": "是" if i % 2 == 0 else "否",
                 "留读感": "是" if i % 3 == 0 else "否"}
                for i, (n, m, b) in enumerate(zip(names[8:20], [3, 3, 4, 4, 4, 5, 6, 7, 9, 10, 11, 12],
                                                  ["《平凡的世界》", "《家庭教育》", "《红楼梦》", "《中国妇女发展纲要》解读",
                                                   "《家常菜谱》", "《育儿百科》", "《活着》", "《围城》", "《妇女权益知识问答》",
                                                   "《乡村振兴》", "《健康生活》", "《朝花夕拾》"]))]
    write("readings-2025.csv", readings)
    entries = [{"参赛者": dancers[0], "比赛": "区妇女广场舞大赛", "级别": "区", "日期": "2025-05-18", "成绩": "二等奖"},
               {"参赛者": dancers[1], "比赛": "区妇女广场舞大赛", "级别": "区", "日期": "2025-05-18", "成绩": "二等奖"},
               {"参赛者": names[20], "比赛": "街道巧手剪纸比赛", "级别": "街道", "日期": "2025-09-12", "成绩": "优秀奖"},
               {"参赛者": names[21], "比赛": "社区厨艺比赛", "级别": "社区", "日期": "2025-11-08", "成绩": "一等奖"}]
    write("entries-2025.csv", entries)
    print(f"wrote {OUT}: {len(activities())} activities, {len(checked)} checked of {len(pool)} women 18–49, "
          f"{len(dancers)} dancers, {len(volunteers)} volunteers, 2 referrals")


if __name__ == "__main__":
    main()
