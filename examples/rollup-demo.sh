#!/usr/bin/env bash
# The 街道 roll-up, as the end of `make demo` runs it (examples/demo.sh): the sample community in
# $SHEQU_HOME exports its March bundle, two small communities (和平社区, 光明村) are made in homes of
# their own beside it and export theirs, and a 街道 home checks who has handed in and prints the
# 街道 月报 (md on the screen, docx and html in demo-out/).  Bundles carry figures only, never names.
set -euo pipefail
: "${SHEQU_HOME:?SHEQU_HOME 应为示例社区的数据目录（examples/demo.sh 会设置）}"
export SHEQU_TODAY="${SHEQU_TODAY:-2025-12-31}"
COMMUNITY="$SHEQU_HOME"

step() { printf '\n\033[1m$ %s\033[0m\n' "$*"; "$@"; }

rm -rf demo-out/报送 && mkdir -p demo-out/报送                            # bundles of this run only
step shequ bundle export --period 2025-03 -o "demo-out/报送/幸福社区-{period}.bundle.json"
small() {  # a second and a third community, each in a home of its own, with a few March figures
  local name=$1 level=$2; shift 2
  SHEQU_HOME="$SHEQU_HOME-$name" shequ init --name "$name" --level "$level" >/dev/null 2>&1
  SHEQU_HOME="$SHEQU_HOME-$name" "$@"
  SHEQU_HOME="$SHEQU_HOME-$name" shequ bundle export --period 2025-03 -o "demo-out/报送/$name-{period}.bundle.json"
}
heping() {
  shequ calendar add 三月党课 --date 2025-03-11 --domain 党建 --done >/dev/null
  shequ calendar add 防诈骗讲座 --date 2025-03-18 --domain 普法 --done >/dev/null
  shequ calendar done 防诈骗讲座 --count 40 >/dev/null
  shequ ledger budget set 支出:活动 600 --year 2025 >/dev/null 2>&1
  shequ ledger add --date 2025-03-02 --amount 300 --out --account 支出:活动 >/dev/null 2>&1
}
guangming() {
  shequ calendar add 村民大会 --date 2025-03-20 --done >/dev/null
  shequ calendar done 村民大会 --count 60 >/dev/null
  shequ calendar add 植树活动 --date 2025-03-12 --domain 环保 --done >/dev/null
}
rm -rf "$SHEQU_HOME-和平社区" "$SHEQU_HOME-光明村" "$SHEQU_HOME-街道"
printf '\n\033[1m$ （和平社区、光明村各自导出报送包）\033[0m\n'
small 和平社区 社区 heping
small 光明村 村 guangming
export SHEQU_HOME="$SHEQU_HOME-街道"                                  # the 街道 office's own home
step shequ init --name 城南街道 --level 街道
step shequ config set rollup.expected 幸福社区,和平社区,光明村,新华村
printf '\n\033[1m$ shequ rollup status --period 2025-03 demo-out/报送/\033[0m\n'
shequ rollup status --period 2025-03 demo-out/报送/ || echo "（退出码 $?：新华村未报送、有单位职责落后，cron 据此提醒）"
step shequ rollup report monthly --period 2025-03 demo-out/报送/ -f md
step shequ rollup report monthly --period 2025-03 demo-out/报送/ -o "demo-out/街道月报-{period}.docx"
step shequ rollup report monthly --period 2025-03 demo-out/报送/ -o "demo-out/街道月报-{period}.html"
echo
echo "演示完成：数据目录 $COMMUNITY，报告与导出文件在 demo-out/，各社区报送包在 demo-out/报送/，街道的数据目录 $SHEQU_HOME"
