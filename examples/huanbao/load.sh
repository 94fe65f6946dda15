#!/usr/bin/env bash
# The sample community's 环保 year 2025 (the shequ-huanbao plugin), loaded into $SHEQU_HOME.
# Assumes: the roster examples/roster.csv is imported, SHEQU_TODAY=2025-12-31, `shequ` on PATH.
# The data files come from examples/make_huanbao.py.  The gap the reports must show: 幸福小区/9幢
# was not cleaned on 10–14 March (保洁员请假) and has no log on 20–21 March.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
# Quiet on success (the new ids and confirmations are not needed here), the command's own error on failure.
q() { local err; if ! err=$("$@" 2>&1 >/dev/null); then printf '%s\n' "$err" >&2; return 1; fi; }

# 一、组织领导 (篇15 L297; 篇20 L489, L491)
q shequ huanbao group setup --date 2025-01-10
q shequ huanbao group join 节能环保工作领导小组 李建华 --external --role 组长 --post 社区书记 --date 2025-01-10
q shequ huanbao group join 节能环保工作领导小组 周敏 --external --role 组长 --post 社区主任 --date 2025-01-10
q shequ huanbao group join 节能环保工作领导小组 陈立新 --external --role 副组长 --post 分管环保 --date 2025-01-10
q shequ huanbao group join 节能环保工作领导小组 王海 --external --role 成员 --post 幸福超市负责人 --date 2025-01-10
q shequ huanbao group join 节能环保工作领导小组 刘芳 --external --role 成员 --post 社区工作人员 --date 2025-01-10
q shequ huanbao group join 创建领导小组 李建华 --external --role 组长 --post 社区书记 --date 2025-01-10
q shequ huanbao group join 环保宣传小组 刘芳 --external --role 组长 --post 社区工作人员 --date 2025-01-10
q shequ huanbao group join 环保监督小组 陈立新 --external --role 组长 --post 分管环保 --date 2025-01-10
first=1
while read -r name; do
  role=队员; [ "$first" = 1 ] && role=队长 && first=0
  q shequ huanbao group join 护绿队 "$name" --role "$role" --post 社区志愿者 --date 2025-02-01
done < "$HERE/hulvdui.txt"
q shequ huanbao group join 保洁队 张桂兰 --external --role 队长 --post 保洁员 --date 2025-01-10
q shequ huanbao group join 保洁队 马红 --external --post 保洁员 --date 2025-01-10
q shequ huanbao group join 绿化队 赵德胜 --external --role 队长 --post 绿化养护工 --date 2025-01-10

# 制度与岗位职责, 垃圾分类 (篇20 L491; 篇15 L299, L301)
q shequ record add huanbao.rule --field kind=社区绿化养护管理制度 --field title=幸福社区绿化养护管理制度 --field adopted=2025-02-15
q shequ record add huanbao.rule --field kind=保洁员岗位职责 --field title=保洁员岗位职责 --field adopted=2025-02-15 \
  --field content=每天清扫所有楼道，垃圾日产日清
q shequ record add huanbao.rule --field kind=绿化养护工岗位职责 --field title=绿化养护工岗位职责 --field adopted=2025-02-15
q shequ record add huanbao.rule --field kind=奖励措施 --field title=节能减排奖励办法 --field adopted=2025-03-05 \
  --field content=评为绿色家庭的每户奖励节能灯具一套
q shequ record add huanbao.waste_scheme --field name=幸福小区生活垃圾分类投放方案 --field start=2025-04-01 \
  --field categories=可回收物、有害垃圾、厨余垃圾、其他垃圾 --field points=12 --field scope=幸福小区1—12幢 \
  --field collection=每天早晚各收运一次

# 日产日清: buildings from the roster's addresses, a year of logs, a review at every month's end.
q shequ huanbao building sync
shequ record import huanbao.cleaning "$HERE/cleaning-2025.csv"
for m in 01 02 03 04 05 06 07 08 09 10 11 12; do
  q shequ huanbao cleaning review --month "2025-$m"
done

# 办公室用能 (篇15 L304): 2024 and 2025, with meter readings from December 2024.
shequ record import huanbao.energy "$HERE/energy-2024-2025.csv"

# 会议、宣传、讲座、问卷、植树、四季绿化检查
shequ calendar import "$HERE/events-2025.csv"

# 市容环境卫生管理责任书 (篇16(一) L342): two lapsed in 2025 and were not renewed; one renewed early.
shequ record import huanbao.agreement "$HERE/agreements-2025.csv"
q shequ huanbao agreement renew 幸福超市 --date 2025-12-20

# 表扬与批评 (篇15 L299), 公约 (篇15 L305)
shequ record import huanbao.conduct "$HERE/conduct-2025.csv"
q shequ record add huanbao.pledge --field date=2025-06-18 --field party=幸福超市 --field party_kind=单位 --field signatures=12
q shequ record add huanbao.pledge --field date=2025-06-18 --field party=幸福小学 --field party_kind=单位 --field signatures=46
q shequ record add huanbao.pledge --field date=2025-10-25 --field party=第一网格居民 --field party_kind=居民 --field signatures=138

# 绿化工程 (篇18 L473): budget 6万元, deadline end of March; half the 风景树 planted by the deadline.
q shequ ledger accounts add 支出:环保:绿化工程:工字街绿化带 --kind expense
q shequ ledger budget set 支出:环保:绿化工程:工字街绿化带 60000 --year 2025
q shequ huanbao project add 工字街道绿化带补植 --location 杨河小区工字街道 --start 2025-02-20 --deadline 2025-03-31 \
  --cost 60000 --account 支出:环保:绿化工程:工字街绿化带 --item 风景树:200:株 --item 冬青苗::株
q shequ huanbao project progress 工字街道绿化带补植 风景树 60 --date 2025-03-12 --note 结合三月植树
q shequ huanbao project progress 工字街道绿化带补植 风景树 40 --date 2025-03-26
q shequ huanbao project progress 工字街道绿化带补植 冬青苗 1200 --date 2025-03-28
q shequ ledger add --date 2025-03-10 --amount 30000 --out --account 支出:环保:绿化工程:工字街绿化带 --voucher 2025-HB01 \
  --payee 绿源苗木场 --memo 风景树、冬青苗首付款

# 环保经费: 宣传与奖励措施 (篇15 L301)
q shequ ledger budget set 支出:环保:宣传 2000 --year 2025
q shequ ledger budget set 支出:环保:奖励 1500 --year 2025
q shequ ledger add --date 2025-06-04 --amount 680 --out --account 支出:环保:宣传 --voucher 2025-HB02 --memo 世界环境日宣传资料
q shequ ledger add --date 2025-10-24 --amount 420 --out --account 支出:环保:宣传 --voucher 2025-HB03 --memo 公益行动横幅、宣传画
q shequ ledger add --date 2025-12-10 --amount 1000 --out --account 支出:环保:奖励 --voucher 2025-HB04 --memo 绿色家庭节能灯具

# “绿色家庭”评比 (篇20 L490)
read -r _ green < <(sed -n 1p "$HERE/families-2025.txt")
read -r _ others < <(sed -n 2p "$HERE/families-2025.txt")
args=()
for h in $green; do args+=(--green "$h"); done
for h in $others; do args+=(--not "$h"); done
q shequ huanbao family evaluate --year 2025 --date 2025-11-20 "${args[@]}" --note 入户查看节水节电、垃圾分类情况

# 创“省绿色社区”: the items people confirm by hand, with their evidence.
RUN=$(shequ checklist start huanbao.green_community --period 2025)
q shequ checklist tick "$RUN" network --evidence 成立三级管理网络的通知（2025-01-10）
q shequ checklist tick "$RUN" job_duties --evidence 保洁员、绿化养护工岗位职责（2025-02-15）
q shequ checklist tick "$RUN" saving --evidence 节能降耗进万家活动（2025-06-18）
echo "环保示例数据已载入" >&2
