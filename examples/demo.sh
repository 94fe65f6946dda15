#!/usr/bin/env bash
# The main job on the sample community, as `make demo` runs it.
# Uses a throwaway home in .demo-home/ so it never touches your real data.
set -euo pipefail
cd "$(dirname "$0")/.."
export SHEQU_HOME="$PWD/.demo-home"
export SHEQU_TODAY="${SHEQU_TODAY:-2025-12-31}"   # the sample data is the year 2025
export SHEQU_USER="${SHEQU_USER:-演示}"
rm -rf "$SHEQU_HOME"
mkdir -p demo-out

step() { printf '\n\033[1m$ %s\033[0m\n' "$*"; "$@"; }

step shequ init --name 幸福社区 --level 社区
step shequ plugins
step shequ record types
step shequ record import hello.greeting examples/greetings.csv
step shequ record add hello.greeting --field text=重阳节快乐 --field date=2025-10-29 --field to=高龄老人 --field channel=上门 --field count=36
step shequ record list hello.greeting --where "date>=2025-07-01"
step shequ hello --period 2025
step shequ record export hello.greeting demo-out/问候.xlsx
step shequ log --limit 5
step shequ undo
step shequ record list hello.greeting --where "date>=2025-07-01"
echo
echo "演示完成：数据目录 $SHEQU_HOME，导出文件在 demo-out/"
