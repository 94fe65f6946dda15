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

# 花名册: the roster arrives as a GB18030 CSV exported from Excel.
step shequ people import examples/roster.csv
step shequ people categories --on 2025-10-29
step shequ people list --category 90岁以上 --on 2025-10-29            # 重阳节慰问名单
step shequ people list --search zeng
step shequ people household 曾国藩
step shequ people export demo-out/重阳慰问名单.xlsx --category 90岁以上 --on 2025-10-29

# 日历与职责: a year of activities with attendance, and the rules they should meet.
step shequ calendar import examples/events-2025.csv
step shequ duties add examples/duties.json --skip-existing            # the 党建 plugin brings its own

# 党建 (the shequ-dangjian plugin): a 40-member branch, a year of 三会一课 with attendance, 党费.
step shequ record import dangjian.member examples/dangjian/members.csv
step shequ calendar import examples/dangjian/meetings-2025.csv
DROPOUT=$(cat examples/dangjian/dropout.txt)
for m in 01 02 03 04 05 06 07 08 09 10 11; do
  skip=(); [ "$m" -gt 03 ] && skip=(--except "$DROPOUT")
  shequ dangjian dues collect --month "2025-$m" --date "2025-$m-05" "${skip[@]}" 2>/dev/null
done
step shequ dangjian member list --status 预备党员
step shequ dangjian dues status --period 2025-11
step shequ dangjian alerts
step shequ dangjian training status --year 2025
step shequ duties status --period 2025 --domain 党建

# 普法 (the shequ-pufa plugin): themes, activities, disputes, 帮教 kept out of sight.
step shequ calendar import examples/pufa/activities-2025.csv
step shequ record import pufa.dispute examples/pufa/disputes-2025.csv
step shequ record import pufa.bangjiao examples/pufa/bangjiao.csv
BJ=$(head -1 examples/pufa/bangjiao-names.txt)
shequ pufa bangjiao contact "$BJ" --date 2025-03-10 --way 谈话 2>/dev/null
shequ pufa bangjiao contact "$BJ" --date 2025-06-12 --way 走访 2>/dev/null
step shequ pufa theme list
step shequ pufa theme status --year 2025                            # July had no theme activity
step shequ pufa dispute list --stage 结案                             # parties hidden
step shequ pufa bangjiao list                                        # names hidden
step shequ checklist start pufa.minzhu_fazhi --period 2025
step shequ calendar month 2025-10
step shequ duties status --period 2025-H1
step shequ duties plan --period 2026 --duty dangjian.party_day        # first Wednesdays, moved off holidays
step shequ calendar export demo-out/党员活动日-2026.ics --period 2026
step shequ calendar upcoming --days 10

# The other work domains (plugins/shequ-*): each loads its sample year, with one realistic gap.
for domain in fulian guangongwei kepu huanbao yanglao minzheng; do
  printf '\n\033[1m$ bash examples/%s/load.sh\033[0m\n' "$domain"
  bash "examples/$domain/load.sh" >/dev/null 2>&1 || { echo "examples/$domain/load.sh failed" >&2; exit 1; }
done
step shequ 妇联 checkup todo --year 2025                                # 育龄妇女 not yet checked this spring
step shequ 科普 months --year 2025                                      # 有活动、有小结、有记录, month by month
step shequ 养老 contact round                                           # 空巢 elders overdue for a call or visit
step shequ 民政 review due                                              # 低保 annual reviews due (names masked)
step shequ 关工委 calendar 2025-04                                      # the April item of 篇5, and who did it

# 台账检查与创建清单: automatic items say why; manual ones take evidence; 百分制 templates score.
step shequ record add core.document --field kind=计划 --field period=2025 --field title=幸福社区2025年工作计划 --field domain=科普
RUN=$(shequ checklist start taizhang.half --period 2025-H1 --unit 科普)
step shequ checklist tick "$RUN" filed --evidence 2025上半年科普台账（档案盒一个）
step shequ checklist show "$RUN"
step shequ checklist template add examples/templates/wuxing_dangzhibu.yaml
STAR=$(shequ checklist start dangjian.wuxing --period 2025)
step shequ checklist tick "$STAR" banzi --evidence 班子述职报告
step shequ checklist show "$STAR"
step shequ checklist export "$STAR" demo-out/五星级党支部评分.xlsx
step shequ checklist status --period 2025-H1

# 经费: the 财务 export, an earmarked fund that refuses misuse, orphans' allowances, budgets.
step bash examples/ledger-setup.sh
step shequ ledger import examples/ledger-2025.csv
step shequ ledger import examples/ledger-2025.csv                       # re-import: every row is a duplicate
step shequ ledger balance --depth 2
step shequ ledger fund list
printf '\n\033[1m$ shequ ledger add --amount 300 --out --account 支出:慰问 --fund 普法经费   # refused\033[0m\n'
shequ ledger add --amount 300 --out --account 支出:慰问 --fund 普法经费 || true
step shequ ledger schedule due --period 2025-Q1
step shequ ledger schedule pay --period 2025
step shequ ledger budget report --year 2025
step shequ ledger check || true
step shequ ledger export demo-out/财务公开-2025.xlsx --period 2025

# Plugin-defined records (the teaching plugin's 问候).
step shequ record import hello.greeting examples/greetings.csv
step shequ record add hello.greeting --field text=重阳节快乐 --field date=2025-10-29 --field to=高龄老人 --field channel=上门 --field count=36
step shequ hello --period 2025

# Every change is logged and can be undone.
step shequ log --limit 5
step shequ undo

# The main job: the sample community's March 2025 月报, in the terminal and as the files offices hand in.
step shequ report note set half 2025-H1 存在不足 examples/notes/2025-H1-存在不足.txt
step shequ report ledger-book --period 2025 -o "demo-out/台账-{period}.xlsx"
step shequ report plan --period 2026 -o "demo-out/{period}年工作计划.docx"
step shequ report monthly --period 2025-03 -f md
for ext in docx xlsx html; do
  step shequ report monthly --period 2025-03 -o "demo-out/月报-{period}.$ext"
done
# The 街道 roll-up: three communities hand in their March bundles; the 街道 prints its 月报.
bash examples/rollup-demo.sh
