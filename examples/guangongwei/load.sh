#!/usr/bin/env bash
# The sample 关工委 year of 幸福社区 (shequ-guangongwei), loaded into $SHEQU_HOME.
#
# Assumes: the roster examples/roster.csv is imported, SHEQU_TODAY=2025-12-31, `shequ` on PATH.
# 幸福社区 is one 社区: one 关工委 unit with its 校外教育辅导中心站 (a 双休日 pilot); the 街道's
# 总站 is not in this home, so the 总站's items fall to the 社区 itself.  Students come from the
# roster and are minors: they are only ever passed as --participant / nominate (masked records).
#
# The gap the reports must show: 四月份 (祭扫烈士陵墓、“三爱”书签) was not done — the April 月报,
# the 年终总结, `shequ 关工委 calendar 2025-04` and the duties guangongwei.m04 / guangongwei.jisao say so.
# A 街道-style home with several 村(社区) is in examples/guangongwei/jiedao.sh.
set -euo pipefail
# Quiet on success (ids and confirmations dropped), the error shown on failure.
q() { local err; if ! err=$("$@" 2>&1 >/dev/null); then printf '%s\n' "$err" >&2; return 1; fi; }
g() { q shequ guangongwei "$@"; }
U=幸福社区
ST=幸福社区校外教育辅导中心站

# 单位、辅导站、班子、五老 (the roster tags four residents 五老; 关工委 keeps its own records, see README).
g unit add "$U" --model
g unit status "$U" --wuhao 创建中 --date 2025-03-01
g station add "$ST" --level 中心站 --unit "$U" --since 2019-05-01 --pilot --place 幸福小区党群服务中心二楼
for p in 曾国藩 罗泰贵 卢生 徐强毅; do g wulao add "$p" --unit "$U" --since 2019-05-01; done
g unit member "$U" 曾国藩 --role 常务副主任 --since 2019-05-01
g unit member "$U" 罗泰贵 --role 委员 --since 2019-05-01
g station staff "$ST" 孔茂厚 --role 站长 --since 2025-05-12
g station staff "$ST" 徐强毅 --role 副站长 --since 2019-05-01
g station staff "$ST" 曾静梅 --role 辅导员 --since 2025-05-12
g station staff "$ST" 韦固平 --role 辅导员 --since 2025-05-12
g station staff "$ST" 城南小学王老师 --role 辅导员 --since 2025-05-12

# 电子阅览室: three PCs bought (booked to the ledger), three from the 街道 (a record only).
q shequ record add guangongwei.reading_room --field unit="$U" --field opened=2025-04-15 --field place=党群服务中心二楼
g pc add --unit "$U" --count 3 --source 自行配备 --amount 10500 --date 2025-04-15
g pc add --unit "$U" --count 3 --source 上级扶持 --date 2025-06-10

# The year, month by month (--plan marks the month's item of 篇5“四、工作安排”).
g training log 寒假培训班 --audience 青少年 --term 寒假 --station "$ST" --date 2025-01-22 --plan --count 28 \
  --course 书法、科普小实验 --school 城南小学 \
  --participant 韦国邦 --participant 赵青 --participant 谭宁 --participant 唐胜策 --participant 史娟 \
  --participant 曾志 --participant 陈朗腾 --participant 孙霞亚 --attendee 孔茂厚 --attendee 曾静梅
g activity log 关工委工作会议：制定全年工作计划 --form 工作会议 --unit "$U" --date 2025-02-18 --plan \
  --attendee 曾国藩 --attendee 罗泰贵 --attendee 徐强毅
q shequ record add core.document --field kind=计划 --field period=2025 --field domain=关工委 \
  --field title=幸福社区2025年关心下一代工作计划 --field date=2025-02-18
g activity log 学雷锋志愿服务进小区 --form 学雷锋活动 --unit "$U" --date 2025-03-05 --plan --count 45 --attendee 曾国藩
g activity log 植树绿化与生态文明教育 --form 植树绿化 --unit "$U" --date 2025-03-12 --count 38
g training log 辅导中心站人员培训（上半年） --audience 辅导中心站人员 --unit "$U" --date 2025-04-18 \
  --attendee 徐强毅 --attendee 孔茂厚 --attendee 曾静梅 --count 3
# 四月份: nothing — the gap.
g activity log 宣讲团进校园 --form 座谈会 --unit "$U" --date 2025-05-08 --count 120 --summary 老干部讲革命传统
EID=$(shequ calendar add 宣讲团进城南小学 --type guangongwei.lecture --date 2025-05-12 --done --field school=城南小学 \
  --field topic=思想道德建设 --field lecturers=曾国藩 --field unit="$U")
q shequ calendar done "$EID" --attendee 曾国藩 --count 120
g activity log “三爱一践行”征文比赛 --form 征文比赛 --sanai --station "$ST" --date 2025-05-20 --plan --count 56
g activity log 双休日辅导：手抄报 --form 辅导活动 --station "$ST" --date 2025-06-07 --plan --count 22
g activity log 双休日辅导：讲故事 --form 讲故事 --station "$ST" --date 2025-06-14 --count 19
g training log 暑期培训班 --audience 青少年 --term 暑期 --station "$ST" --date 2025-07-10 --plan --count 32 \
  --course 阅读、安全教育 --school 城南小学 \
  --participant 贾维茂 --participant 唐安鹏 --participant 龙锦琰 --participant 陆羽岚 --participant 许琬莉 \
  --participant 吕文 --participant 王平绍 --participant 丁佳香 --participant 黄顺 --attendee 曾静梅
g activity log 暑期读书活动 --form 读书活动 --station "$ST" --date 2025-07-24 --count 26
q shequ calendar add 暑期网吧检查 --type guangongwei.inspection --date 2025-07-20 --done --field venue=幸福路网吧 \
  --field finding=未发现接纳未成年人 --field unit="$U"
g training log 暑期班第二期 --audience 青少年 --term 暑期 --station "$ST" --date 2025-08-05 --plan --count 30
g review log "$ST" --kind 点评 --date 2025-08-26 --reviewer 城南街道关工委 --result 较好 \
  --findings 办班规范，辅导员偏少，建议充实退休教师
g activity log 创建“五好”关工委阶段性小结会 --form 工作会议 --unit "$U" --date 2025-09-25 --plan \
  --attendee 曾国藩 --attendee 罗泰贵
RUN=$(shequ checklist start guangongwei.wuhao --period 2025 --unit "$U")
q shequ checklist tick "$RUN" zuzhi --evidence 2025年5月调整辅导站班子
q shequ checklist tick "$RUN" sixiang --evidence 五老专题学习记录
g training log 辅导中心站人员培训（下半年） --audience 辅导中心站人员 --unit "$U" --date 2025-10-16 \
  --attendee 孔茂厚 --attendee 韦固平 --count 2
g activity log 配合教育关工委三好学生选评 --form 其他 --audience 关工委成员 --unit "$U" --date 2025-10-20 --plan
NID=$(shequ guangongwei nominate 武茜 --school 城南中学 --grade 初二 --all-standards --date 2025-10-20 --unit "$U")
g nominate 陆羽岚 --school 城南中学 --grade 初二 --all-standards --date 2025-10-20 --unit "$U"
g nominate 曾志 --school 城南小学 --grade 六年级 --meets 在家做个好孩子 --meets 在校做个好学生 --date 2025-10-20 --unit "$U"
g nominate 韦国邦 --award 三好学生 --school 城南中学 --grade 初一 --date 2025-10-20 --unit "$U"
g nomination result "$NID" --status 当选
q shequ calendar add 网吧等文化场所检查 --type guangongwei.inspection --date 2025-11-05 --done --field venue=幸福路网吧 \
  --field problem=是 --field finding=发现1名未成年人上网 --field action=责令整改并通报文化执法 --field unit="$U"
g training log 常务副主任及正副站长培训班 --audience 常务副主任及正副站长 --unit "$U" --date 2025-11-14 --plan \
  --attendee 曾国藩 --attendee 孔茂厚 --attendee 徐强毅
g review log "$ST" --kind 考核 --date 2025-12-18 --reviewer 城南街道关工委 --result 良好 --findings 活动常态化，阅览室已投入使用
g activity log 关工委年终总结会 --form 工作会议 --unit "$U" --date 2025-12-26 --plan --attendee 曾国藩 --attendee 罗泰贵
q shequ record add core.document --field kind=总结 --field period=2025 --field domain=关工委 \
  --field title=幸福社区2025年关心下一代工作总结 --field date=2025-12-26
echo "关工委示例数据已载入（四月份工作安排未完成，见 shequ 关工委 calendar --year 2025）" >&2
