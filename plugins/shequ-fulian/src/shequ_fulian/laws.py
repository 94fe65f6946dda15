"""The laws and documents the 妇联 plans publicise, kept beside their official names.

The source names some of them wrongly (主 L12): there is no 《妇女儿童权益保障法》 — women's
rights are in 《中华人民共和国妇女权益保障法》, children's in 《中华人民共和国未成年人保护法》 —,
and 《计划生育条列》 is a typo for 条例 (a province's 《人口与计划生育条例》).  Each entry keeps
the source's wording (``source``), the name to use (``official``) and what was wrong (``note``);
facts not in the source are marked 外部.
"""

from __future__ import annotations

from typing import NamedTuple


class Law(NamedTuple):
    key: str
    source: str  # the source's own words
    official: str  # the name to use
    note: str
    where: str  # the citation


LAWS = (
    Law("gangyao", "《中国妇女发展纲要》", "《中国妇女发展纲要》",
        "名称无误；为国务院印发的发展纲要（不是法律），现行为2021—2030年版（外部）", "主 L12"),
    Law("funv", "《妇女儿童权益保障法》", "《中华人民共和国妇女权益保障法》",
        "原文名称有误：并无《妇女儿童权益保障法》；妇女权益为《中华人民共和国妇女权益保障法》"
        "（篇1 L26 即作“妇女权益保障法”），儿童权益为《中华人民共和国未成年人保护法》", "主 L12；篇1 L26"),
    Law("weichengnian", "《妇女儿童权益保障法》（儿童部分）", "《中华人民共和国未成年人保护法》",
        "原文把妇女、儿童权益合称为一部法律；儿童权益的正式法律为《中华人民共和国未成年人保护法》", "主 L12"),
    Law("jisheng", "新的《计划生育条列》", "本省《人口与计划生育条例》",
        "原文“条列”为错字，应为“条例”；计划生育条例由各省制定（如《××省人口与计划生育条例》），"
        "国家层面为《中华人民共和国人口与计划生育法》（外部）", "主 L12"),
    Law("renkou", "宣传国策（计划生育）", "《中华人民共和国人口与计划生育法》",
        "原文只说“宣传国策”“做好计划生育宣传工作”，未提法律名称（外部）", "主 L15"),
    Law("fanjiabao", "反家庭暴力宣传讲座", "《中华人民共和国反家庭暴力法》",
        "原文只说“反家庭暴力宣传讲座”，未提法律名称；该法2016年3月1日起施行（外部）", "篇1 L26"),
)
BY_KEY = {law.key: law for law in LAWS}
#: What a 宣传 may name as its law or document (the official names).
OFFICIAL = tuple(law.official for law in LAWS)
