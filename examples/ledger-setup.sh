#!/usr/bin/env bash
# The sample community's chart of accounts, funds, budgets and disbursements (run once per home).
set -euo pipefail
shequ ledger accounts add 收入:上级拨款:普法经费 --kind income
shequ ledger accounts add 收入:捐赠:一日捐 --kind income
shequ ledger accounts add 经费:普法:宣传品 --kind expense
shequ ledger accounts add 经费:普法:讲座 --kind expense
shequ ledger accounts add 支出:活动:科普 --kind expense
shequ ledger accounts add 支出:社区教育 --kind expense
shequ ledger accounts add 民政:孤儿生活费 --kind expense
shequ ledger fund add 普法经费 --accounts 经费:普法 --earmarked           # 篇2 L46“做到专款专用”
shequ ledger budget set 经费:普法 6000 --year 2025
shequ ledger budget set 支出:活动 12000 --year 2025
shequ ledger budget set 支出:慰问 4000 --year 2025
shequ ledger budget set 支出:社区教育 1200 --year 2024
shequ ledger budget set 支出:社区教育 1500 --year 2025
shequ ledger budget rule 支出:社区教育 --per-capita 5 --population 户籍人口 --increase   # 篇13 L268
# Two children the 民政 office supports: 750元/月 each (篇6 L124).
shequ people add 小雨 --gender 女 --birth 2014-06-01 --tag 孤儿 --household H9001 --relation 户主 --note 由祖母抚养
shequ people add 小阳 --gender 男 --birth 2016-09-12 --tag 孤儿 --household H9002 --relation 户主
shequ ledger schedule add --payee 小雨 --amount 750 --account 民政:孤儿生活费 --from 2025-01 --memo 孤儿生活费
shequ ledger schedule add --payee 小阳 --amount 750 --account 民政:孤儿生活费 --from 2025-01 --memo 孤儿生活费
