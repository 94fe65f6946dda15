"""Generate the sample community's roster (幸福社区花名册), deterministically.

    python examples/make_roster.py              # writes examples/roster.csv (GB18030, as Excel on Chinese Windows saves it)
    python examples/make_roster.py --n 20000 --out big.csv --encoding utf-8-sig

About 300 residents in households: elderly couples whose children live
elsewhere (空巢), elders living alone (独居), three-generation families,
young families with infants, and renters (流动人口) from other provinces.
The 身份证 numbers are synthetic but valid (GB 11643 checksum), with birth
dates and genders that agree with the other columns.
"""

from __future__ import annotations

import argparse
import csv
import random
from datetime import date, timedelta
from pathlib import Path

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦傅方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤单"
GIVEN_M = "伟刚勇毅俊峰强军平保东文辉力明永健世广志义兴良海山仁波宁贵福生龙元全国胜学祥才发武新利清飞彬富顺信子杰涛昌成康星光天达安岩中茂进林有坚和彪博诚先敬震振壮会思群豪心邦承乐绍功松善厚庆磊民友裕河哲江超浩亮政谦亨奇固之轮翰朗伯宏言若鸣朋斌梁栋维启克伦翔旭鹏泽晨辰士以建家致树炎德行时泰盛雄琛钧冠策腾楠榕风航弘"
GIVEN_F = "秀娟英华慧巧美娜静淑惠珠翠雅芝玉萍红娥玲芬芳燕彩春菊兰凤洁梅琳素云莲真环雪荣爱妹霞香月莺媛艳瑞凡佳嘉琼勤珍贞莉桂娣叶璧璐娅琦晶妍茜秋珊莎锦黛青倩婷姣婉娴瑾颖露瑶怡婵雁蓓纨仪荷丹蓉眉君琴蕊薇菁梦岚苑婕馨瑗琰韵融园艺咏卿聪澜纯毓悦昭冰爽琬茗羽希宁欣飘育滢馥筠柔竹霭凝晓欢霄枫芸菲寒伊亚宜可姬舒影荔枝思丽"
LOCAL = "330106"  # 杭州市西湖区
ELSEWHERE = ("341221", "411527", "512501", "360730", "430524", "522423")
TAGS_ELDER = ("低保", "五老", "残疾", "党员", "孤寡")
TODAY = date(2025, 10, 29)  # 重阳节 2025


def check(first17: str) -> str:
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    return "10X98765432"[sum(int(d) * w for d, w in zip(first17, weights)) % 11]


class Maker:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.used: set[str] = set()
        self.rows: list[dict[str, str]] = []

    def id_card(self, region: str, born: date, gender: str) -> str:
        while True:
            seq = self.rng.randrange(0, 500) * 2 + (1 if gender == "男" else 0)
            body = f"{region}{born:%Y%m%d}{seq:03d}"
            number = body + check(body)
            if number not in self.used:
                self.used.add(number)
                return number

    def name(self, gender: str, surname: str | None = None) -> str:
        pool = GIVEN_M if gender == "男" else GIVEN_F
        given = "".join(self.rng.choice(pool) for _ in range(self.rng.choice((1, 2, 2))))
        return (surname or self.rng.choice(SURNAMES)) + given

    def born(self, age_low: int, age_high: int) -> date:
        days = self.rng.randrange(age_low * 365 + 1, age_high * 365 + 300)
        return TODAY - timedelta(days=days)

    def phone(self) -> str:
        return f"1{self.rng.choice('35789')}{self.rng.randrange(10**9):09d}"

    def person(self, hh: str, addr: str, grid: str, relation: str, gender: str, born: date, *,
               surname: str | None = None, region: str = LOCAL, hukou: str = "户籍", name: str | None = None,
               tags: tuple[str, ...] = (), phone: bool = True, note: str = "", children_in_city: str = "") -> str:
        surname = surname or self.rng.choice(SURNAMES)
        full = name or self.name(gender, surname)
        self.rows.append(
            {
                "姓名": full,
                "性别": gender,
                "公民身份号码": self.id_card(region, born, gender),
                "出生日期": born.isoformat(),
                "手机": self.phone() if phone else "",
                "住址": addr,
                "网格": grid,
                "户号": hh,
                "与户主关系": relation,
                "户籍": hukou,
                "标签": "、".join(tags),
                "子女在本市": children_in_city,
                "备注": note,
            }
        )
        return surname


def generate(n: int, seed: int = 2025) -> list[dict[str, str]]:
    m = Maker(seed)
    rng = m.rng
    hh_no = 0
    famous_done = False
    while len(m.rows) < n:
        hh_no += 1
        building, unit, floor = rng.randrange(1, 13), rng.randrange(1, 4), rng.randrange(1, 7)
        addr = f"幸福小区/{building}幢/{unit}单元/{floor}0{rng.randrange(1, 4)}"
        grid = f"第{'一二三四'[(building - 1) // 3]}网格"
        hh = f"H{hh_no:04d}"
        kind = rng.choices(("empty_nest", "alone", "three_gen", "young", "renters", "couple"), (18, 10, 22, 25, 12, 13))[0]
        if not famous_done:
            # The register's famous resident: 曾国藩, 90 on 重阳 2025, found by `zeng`.
            m.person(hh, addr, grid, "户主", "男", date(1935, 3, 21), surname="曾", name="曾国藩", tags=("五老", "党员"))
            m.person(hh, addr, grid, "配偶", "女", date(1938, 8, 2), surname="欧阳", name="欧阳秀英")
            famous_done = True
            continue
        if kind == "empty_nest":
            s = m.person(hh, addr, grid, "户主", "男", m.born(66, 92), tags=tuple(rng.sample(TAGS_ELDER, rng.choice((0, 0, 1)))))
            m.person(hh, addr, grid, "配偶", "女", m.born(62, 90))
            del s
        elif kind == "alone":
            g = rng.choice(("男", "女", "女"))
            flag = "是" if rng.random() < 0.3 else ""  # children elsewhere in the city: not 空巢
            m.person(hh, addr, grid, "户主", g, m.born(70, 101), tags=tuple(rng.sample(TAGS_ELDER, rng.choice((0, 1, 1)))),
                     phone=rng.random() < 0.6, children_in_city=flag)
        elif kind == "three_gen":
            s = m.person(hh, addr, grid, "户主", "男", m.born(38, 52))
            m.person(hh, addr, grid, "配偶", "女", m.born(36, 50))
            m.person(hh, addr, grid, "父母", rng.choice(("男", "女")), m.born(63, 88), surname=s)
            m.person(hh, addr, grid, "子女", rng.choice(("男", "女")), m.born(6, 17), surname=s, phone=False)
        elif kind == "young":
            s = m.person(hh, addr, grid, "户主", "男", m.born(27, 38))
            m.person(hh, addr, grid, "配偶", "女", m.born(25, 36))
            m.person(hh, addr, grid, "子女", rng.choice(("男", "女")), m.born(0, 3), surname=s, phone=False)
        elif kind == "renters":
            region = rng.choice(ELSEWHERE)
            m.person(hh, addr, grid, "户主", "男", m.born(22, 45), region=region, hukou="流动", note="租住")
            if rng.random() < 0.6:
                m.person(hh, addr, grid, "配偶", "女", m.born(21, 43), region=region, hukou="流动", note="租住")
        else:
            m.person(hh, addr, grid, "户主", "男", m.born(50, 62))
            m.person(hh, addr, grid, "配偶", "女", m.born(48, 60))
    return m.rows[:n]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=300)
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "roster.csv")
    parser.add_argument("--encoding", default="gb18030")
    parser.add_argument("--seed", type=int, default=2025)
    args = parser.parse_args()
    rows = generate(args.n, args.seed)
    with open(args.out, "w", encoding=args.encoding, newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    print(f"wrote {len(rows)} residents to {args.out} ({args.encoding})")


if __name__ == "__main__":
    main()
