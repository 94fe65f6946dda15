#!/usr/bin/env bash
# A 街道-style 关工委 year (the level 篇5 is written for): 城南街道 over seven 村(社区), a 总站
# and a 中心站 in each, the five 双休日 pilots of 篇5 L114, two reviews, nominations.
#
#   SHEQU_HOME=/tmp/城南街道 SHEQU_TODAY=2025-12-31 bash examples/guangongwei/jiedao.sh
#
# It creates its own home (SHEQU_HOME must not exist yet) and registers the few residents it
# needs.  Gaps the reports show: 夏庄村 did not do 四月份; 红星社区's 中心站 was never reviewed in
# August; no unit is yet a 市级“五好”示范村(社区) (target 1); 马塘村 has no 站长.
set -euo pipefail
: "${SHEQU_HOME:?请设置 SHEQU_HOME（一个新的数据目录）}"
if [ -e "$SHEQU_HOME" ]; then echo "数据目录已存在：$SHEQU_HOME（本脚本只建新的）" >&2; exit 1; fi
q() { local err; if ! err=$("$@" 2>&1 >/dev/null); then printf '%s\n' "$err" >&2; return 1; fi; }
g() { q shequ guangongwei "$@"; }

q shequ init --name 城南街道 --level 街道
for p in 张继文:1946-02-11 李德明:1950-08-23 王秀兰:1952-03-30 陈国华:1949-11-02 周志强:1975-04-16 吴敏:1982-09-09 \
         学生甲:2013-03-14 学生乙:2012-11-02 学生丙:2014-06-21 学生丁:2011-09-30 学生戊:2015-01-08; do
  q shequ people add "${p%%:*}" --birth "${p##*:}"
done

g unit add 城南街道 --level "区(街道)"
VILLAGES=(新华村 杨花桥村 肖陆村 马塘村 夏庄村 幸福社区 红星社区)
PILOTS=" 新华村 杨花桥村 肖陆村 马塘村 夏庄村 "
for u in "${VILLAGES[@]}"; do g unit add "$u"; done
g station add 城南街道校外教育辅导总站 --level 总站 --unit 城南街道 --since 2018-03-01
for u in "${VILLAGES[@]}"; do
  pilot=(); [[ "$PILOTS" == *" $u "* ]] && pilot=(--pilot)
  g station add "${u}辅导中心站" --level 中心站 --unit "$u" --since 2019-05-01 "${pilot[@]}"
  [ "$u" != 马塘村 ] && g station staff "${u}辅导中心站" "${u}站长" --role 站长 --since 2019-05-01
done
g unit member 城南街道 张继文 --role 常务副主任
g unit member 新华村 李德明 --role 常务副主任
for p in 张继文:城南街道 李德明:新华村 王秀兰:杨花桥村 陈国华:幸福社区; do g wulao add "${p%%:*}" --unit "${p##*:}"; done
g unit status 新华村 --wuhao 市级先进 --date 2024-12-20 --model
g unit status 杨花桥村 --wuhao 市级先进 --date 2025-11-28 --model
g unit status 马塘村 --wuhao 创建中 --date 2025-03-01
g unit status 幸福社区 --wuhao 创建中 --date 2025-03-01

# 一月 寒假培训班 at the 总站; 十一月 the 街道's class for 常务副主任 and 站长; twice a year 辅导中心站人员.
g training log 寒假培训班 --audience 青少年 --term 寒假 --station 城南街道校外教育辅导总站 --date 2025-01-21 --plan \
  --count 60 --participant 学生甲 --participant 学生乙 --participant 学生丙 --school 城南小学
g activity log 关工委全委会：制定全年工作计划 --form 工作会议 --unit 城南街道 --date 2025-02-20 --plan --attendee 张继文
for d in 2025-04-17 2025-10-15; do
  g training log 辅导中心站人员培训 --audience 辅导中心站人员 --unit 城南街道 --date "$d" --count 21 --attendee 周志强
done
i=0
for u in "${VILLAGES[@]}"; do
  i=$((i + 1))
  g activity log "${u}学雷锋活动" --form 学雷锋活动 --unit "$u" --date "2025-03-0$((i % 5 + 3))" --plan --count $((30 + i))
  [ "$u" != 夏庄村 ] && g activity log "${u}清明祭扫" --form 祭扫烈士陵墓 --unit "$u" --date "2025-04-0$((i % 3 + 3))" \
    --plan --count $((25 + i))
  g activity log "${u}“三爱一践行”主题教育" --form 讲故事 --sanai --unit "$u" --date "2025-05-1$((i % 9))" --plan --count 40
  [[ "$PILOTS" == *" $u "* ]] && g activity log "${u}双休日辅导" --form 辅导活动 --station "${u}辅导中心站" \
    --date 2025-06-14 --plan --count 18
  g training log "${u}暑期班" --audience 青少年 --term 暑期 --station "${u}辅导中心站" --date "2025-08-0$((i % 7 + 1))" \
    --plan --count $((20 + i))
  [ "$u" != 红星社区 ] && g review log "${u}辅导中心站" --kind 点评 --date 2025-08-27 --reviewer 高新区关工委 --result 较好
  g review log "${u}辅导中心站" --kind 考核 --date 2025-12-16 --reviewer 城南街道关工委 --result "$([ $i -le 3 ] && echo 优秀 || echo 合格)"
done
g training log 暑期培训班 --audience 青少年 --term 暑期 --station 城南街道校外教育辅导总站 --date 2025-07-15 --plan --count 80 \
  --participant 学生丁 --participant 学生戊 --school 城南中学
g activity log 创建“五好”关工委阶段性小结会 --form 工作会议 --unit 城南街道 --date 2025-09-24 --plan --attendee 张继文
g activity log 配合教育关工委三好学生选评 --form 其他 --audience 关工委成员 --unit 城南街道 --date 2025-10-22 --plan
g nominate 学生甲 --school 城南小学 --all-standards --date 2025-10-22 --unit 新华村
g nominate 学生丁 --school 城南中学 --all-standards --date 2025-10-22 --unit 杨花桥村
g training log 常务副主任及正副站长培训班 --audience 常务副主任及正副站长 --unit 城南街道 --date 2025-11-13 --plan --count 16 \
  --attendee 李德明
g activity log 关工委年终考核与总结 --form 工作会议 --unit 城南街道 --date 2025-12-19 --plan --attendee 张继文
echo "城南街道关工委示例已建立：shequ 关工委 calendar --year 2025；shequ 关工委 targets；shequ report annual --period 2025" >&2
