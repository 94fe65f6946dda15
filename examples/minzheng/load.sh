#!/usr/bin/env bash
# The sample 民政 year of 幸福社区 (2025), loaded into $SHEQU_HOME with shequ commands.
# Assumes: the roster examples/roster.csv is imported, SHEQU_TODAY=2025-12-31, shequ on PATH.
# The data files and names.env come from examples/make_minzheng.py.
#
# Month by month: the changes of the month (new cases, reviews, deaths) come first, then the 尊老金 list is
# brought up to date and the month's 孤儿生活费, 尊老金 and 救助金 are paid on the 25th (打到卡上).
# The gap the reports show: 低保 household C was granted on 2024-09-12 and its 年审 (due 2025-09-12) was never done.
set -euo pipefail
cd "$(dirname "$0")"
# shellcheck source=/dev/null
source ./names.env

quiet() {  # run a command; show its messages only when it fails
  local err
  if ! err=$("$@" 2>&1 >/dev/null); then echo "$err" >&2; return 1; fi
}
new() {  # run a command that prints a new id on stdout; print just the id
  local out errfile
  errfile=$(mktemp)
  if ! out=$("$@" 2>"$errfile"); then cat "$errfile" >&2; rm -f "$errfile"; return 1; fi
  rm -f "$errfile"
  echo "$out"
}
case_to_granted() {  # PERSON PROGRAM OPENED DECLARED GRANTED [advance options…]: a case taken to 发放; prints its id
  local who=$1 program=$2 opened=$3 declared=$4 granted=$5 id
  shift 5
  id=$(new shequ minzheng case add "$who" --program "$program" --date "$opened" --members 2)
  quiet shequ minzheng case advance "$id" --to 申报 --date "$declared"
  quiet shequ minzheng case advance "$id" --to 发放 --date "$granted" "$@"
  echo "$id"
}

# The local 尊老金 standard is the sample community's choice: the source gives no ages or amounts (篇6 L124).
quiet shequ config set minzheng.zunlaojin "80=50,90=100,100=300"

# Money from above: 孤儿生活费 and 尊老金 are earmarked funds (专款专用); 配套资金 pays the 重度残疾人生活补助.
for q in 01 04 07 10; do
  quiet shequ ledger add --in --date "2025-$q-05" --amount 18000 --account 收入:上级拨款:孤儿生活费 --fund 孤儿生活费 \
    --memo "孤儿生活费（季度拨付）"
  quiet shequ ledger add --in --date "2025-$q-05" --amount 8000 --account 收入:上级拨款:尊老金 --fund 尊老金 --memo "尊老金（季度拨付）"
  quiet shequ ledger add --in --date "2025-$q-05" --amount 9000 --account 收入:上级拨款:社会救助 --memo "社会救助资金（季度拨付）"
done
quiet shequ ledger add --in --date 2025-01-05 --amount 1500 --account 收入:配套资金:民政 --fund 民政配套资金 --memo "民政资金配套"

# Records: 残疾人, 优抚对象, 社会组织, 参保, and the 民政 calendar (助残日, 八一, 座谈会, 一日捐, 创建检查).
quiet shequ record import minzheng.disabled disabled.csv
quiet shequ record import minzheng.youfu youfu.csv
quiet shequ record import minzheng.org orgs.csv
quiet shequ record import minzheng.insurance insurance-2025.csv
quiet shequ record import minzheng.visit visits.csv
quiet shequ ledger add --out --date 2025-01-20 --amount 500 --account 支出:民政:优抚慰问 --memo 春节慰问重点优抚对象
quiet shequ ledger add --out --date 2025-07-30 --amount 500 --account 支出:民政:优抚慰问 --memo 八一慰问重点优抚对象
quiet shequ calendar import events-2025.csv

# 8 orphans, 750 元 a month each, from January.
for who in "${ORPHANS[@]}"; do
  quiet shequ minzheng orphan add "$who" --from 2025-01
done

# 低保 households granted in 2024: their monthly payments go through this ledger from January 2025.
A=$(case_to_granted "$DIBAO_A" 低保 2024-02-20 2024-03-01 2024-03-15 --monthly 650 --from 2025-01)
B=$(case_to_granted "$DIBAO_B" 低保 2024-05-28 2024-06-05 2024-06-20 --monthly 800 --from 2025-01)
C=$(case_to_granted "$DIBAO_C" 低保 2024-08-20 2024-08-28 2024-09-12 --monthly 550 --from 2025-01)
E=$(case_to_granted "$DIBAO_E" 低保 2024-10-15 2024-10-25 2024-11-05 --monthly 500 --from 2025-01)
: "$C"  # C is never reviewed: the overdue 年审

for m in 01 02 03 04 05 06 07 08 09 10 11 12; do
  case $m in
    02) S=$(case_to_granted "$SEVERE" 重度残疾人生活补助 2025-01-10 2025-01-20 2025-02-10 --monthly 120 --fund 民政配套资金) ;;
    03) quiet shequ minzheng case review "$A" --result 继续享受 --date 2025-03-05 ;;
    04) quiet shequ minzheng death "$DEATH_APRIL" --date 2025-04-03 --cremated
        D=$(new shequ minzheng case add "$DIBAO_D" --program 低保 --date 2025-04-02 --members 3 --tekun)
        quiet shequ minzheng case advance "$D" --to 申报 --date 2025-04-15
        quiet shequ minzheng case pingyi "$D" --result 通过 --date 2025-04-20 ;;
    05) quiet shequ minzheng case advance "$D" --to 发放 --date 2025-05-08 --monthly 600 ;;
    06) quiet shequ minzheng case review "$B" --result 调整待遇 --monthly 900 --date 2025-06-18 --note "家庭成员患病，支出增加"
        quiet shequ minzheng gongshi sheet --period 2025-Q2 --program 低保
        quiet shequ minzheng gongshi post 2025-Q2 --date 2025-06-20 --until 2025-06-27 --place 社区公开栏
        for d in "${DONORS[@]}"; do quiet shequ minzheng yiri give "${d%%:*}" "${d##*:}" --date 2025-06-10; done
        quiet shequ minzheng yiri give 幸福超市 1000 --date 2025-06-10 --voucher YRJ-2025-01
        quiet shequ minzheng yiri give 幸福物业服务中心 800 --date 2025-06-10 --voucher YRJ-2025-02 ;;
    07) I=$(case_to_granted "$ILLNESS" 大病救助 2025-07-02 2025-07-05 2025-07-20 --once 5000)
        : "$I"
        quiet shequ record add minzheng.disaster --field occurred=2025-07-12 --field kind=暴雨 --field place=幸福小区地下车库 \
          --field households=6 --field surveyed=2025-07-12 --field aided=2025-07-13 --field relieved=2025-07-15 \
          --field relief=3000 --field note=排水抢险，转移安置6户
        quiet shequ minzheng case change "$E" --kind 收入变化 --date 2025-07-20 --note 家庭成员就业 ;;
    08) quiet shequ minzheng case review "$E" --result 停止享受 --date 2025-08-05 --note "家庭人均收入超过低保标准"
 ;;
    10) quiet shequ minzheng death "$DEATH_OCTOBER" --date 2025-10-06 --cremated ;;
    11) for org in 夕阳红志愿服务队 幸福社区舞蹈队; do quiet shequ minzheng org check "$org" --result 合格 --date 2025-11-12; done
        quiet shequ minzheng org check 邻里互助会 --result 基本合格 --date 2025-11-12 --note 活动记录不全
        F=$(new shequ minzheng case add "$DIBAO_F" --program 低保 --date 2025-11-20 --members 1)
        : "$F" ;;
  esac
  quiet shequ minzheng zunlaojin sync --month "2025-$m" --yes
  quiet shequ minzheng pay run --month "2025-$m" --yes --date "2025-$m-25"
done
: "$S"
