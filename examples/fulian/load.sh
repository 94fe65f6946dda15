#!/usr/bin/env bash
# The sample 妇联 year of 幸福社区 (2025), for the shequ-fulian plugin.
# Assumes: SHEQU_HOME is initialised, examples/roster.csv is imported, SHEQU_TODAY=2025-12-31.
# The data files come from examples/make_fulian.py.  The realistic gap: no 计划生育 publicity in
# the third quarter, and the spring health check reached only part of the 育龄妇女.
set -euo pipefail
cd "$(dirname "$0")/../.."
D=examples/fulian
q() { "$@" >/dev/null; }   # ids on stdout are not needed here; messages still go to stderr

# Settings for a 社区 (the source is a village plan: 乡妇联, 区、乡和村的比赛).
shequ config set fulian.referral_to 街道妇联
shequ config set fulian.contest_levels 区,街道,社区
shequ config set fulian.jisheng_themes 优生优育,生殖健康,婚育新风,关爱女孩

# 组织建设 (主 L2, 篇1 L22–L27): the 创建 programs, the three teams and their members.
q shequ record add fulian.org --field program=妇女之家 --field name=幸福社区妇女之家 --field unit=社区党群服务中心 \
  --field status=创建中 --field started=2025-03-01
q shequ record add fulian.org --field program=巾帼文明岗 --field name=社区卫生服务站护理组 --field unit=幸福社区卫生服务站 \
  --field status=已命名 --field started=2023-03-01 --field named=2024-03-08 --field named_by=区妇联
q shequ fulian team add 社区巾帼志愿者服务队 --kind 巾帼志愿者服务队 --founded 2023-03-05
q shequ fulian team add 社区义工服务队 --kind 义工服务队 --founded 2023-06-01
q shequ fulian team add 社区舞蹈队 --kind 舞蹈队 --founded 2022-05-01
role=队长
while IFS= read -r n; do q shequ fulian team join 社区舞蹈队 "$n" --role "$role" --date 2025-01-05; role=队员; done < $D/dancers.txt
role=队长
while IFS= read -r n; do q shequ fulian team join 社区巾帼志愿者服务队 "$n" --role "$role" --date 2025-02-20; role=队员; done < $D/volunteers.txt
while IFS= read -r n; do q shequ people edit "$n" --tag 女工; done < $D/workers.txt

# The year's activities: 就业培训 and three 招聘会, 宣传, 讲座, the April gala, 志愿服务, 健康驿站.
shequ calendar import $D/activities-2025.csv
shequ record import fulian.reading $D/readings-2025.csv
shequ record import fulian.entry $D/entries-2025.csv

# 新春佳节前送春联 (春节 2025-01-29): 孤寡老人 and 低保 households from the register.
q shequ fulian outreach log 新春送春联 --date 2025-01-18 --tag 孤寡 --tag 低保 --quantity 150 --helper 社区书法家 \
  --recipient-kind 孤寡老人 --recipient-kind 家庭贫困户 --recipient-kind 辖区居民 --place 社区妇女之家
q shequ ledger add --date 2025-01-10 --amount 360 --out --account 支出:妇联:春联 --memo 春联红纸、笔墨

# 春季育龄妇女免费体检 (篇1 L27): 34 women signed in; the rest are still to come.
q shequ fulian checkup log --from-file $D/checkup-2025-spring.txt --date 2025-04-12 --partner 社区卫生服务中心

# 临时救助 (篇1 L26): a 两癌 woman (answered) and a single mother (awaiting the answer).
C1=$(sed -n 1p $D/referral-names.txt)
C2=$(sed -n 2p $D/referral-names.txt)
shequ fulian checkup result "$C1" --date 2025-04-12 --follow-up --result 两癌筛查异常，已转诊复查
q shequ people edit "$C2" --tag 单亲家庭
R1=$(shequ fulian refer add "$C1" --reason 两癌妇女 --date 2025-05-06 --note 确诊后治疗费用困难)
shequ fulian refer outcome "$R1" --outcome 已救助 --date 2025-06-10 --amount 3000
q shequ fulian refer add "$C2" --reason 单亲家庭 --date 2025-09-15 --note 独自抚养两个孩子，失业

# 家庭评比 (篇3 L57) and 平安家庭 (篇1 L26).
for h in H0007 H0013 H0024 H0040 H0061; do q shequ fulian eval add --award 平安家庭 --household $h --date 2025-12-10; done
q shequ fulian eval add --award 好媳妇 --person "$(sed -n 1p $D/dancers.txt)" --date 2025-12-10
q shequ fulian eval add --award 好邻居 --person "$(sed -n 2p $D/volunteers.txt)" --date 2025-12-10

# 爱心助学 (主 L16): donations in, two grants out, all in the earmarked fund.
q shequ fulian zhuxue donate 6000 --from 幸福超市 --date 2025-08-20 --voucher FL-2025-01
q shequ fulian zhuxue donate 2400 --from 社区居民爱心捐款 --date 2025-08-20 --voucher FL-2025-02
q shequ fulian zhuxue pay 3000 --date 2025-09-01 --voucher FL-2025-03 --note 两名困难学生秋季学费
q shequ fulian zhuxue pay 2000 --date 2025-09-01 --voucher FL-2025-04 --note 一名困难学生生活补助
