#!/usr/bin/env bash
# The sample community's 科普 year 2025 (shequ-kepu), loaded into $SHEQU_HOME.
#
# Assumes: the roster examples/roster.csv is imported, SHEQU_TODAY=2025-12-31, `shequ` on PATH.
# Gaps the reports must show (篇7 L151 “每月有活动、有小结、有记录”):
#   - May has its activity and 记录, but nobody wrote the month's 小结;
#   - August's 科普旅游 was held and paid for, but no sign-in sheet or photo was kept (缺记录).
# The summer computer class (July) has children under 14 on its sign-in list: reports give counts only.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
R="$HERE/records"
q() { "$@" 2>/dev/null; }   # the confirmations go to stderr; keep the demo quiet

# 组织网络、队伍、阵地、宣传载体 (篇7 L145–L146): plain records, imported.
q shequ record import kepu.group_member "$HERE/group.csv"
q shequ record import kepu.volunteer "$HERE/volunteers.csv"
q shequ record import kepu.venue "$HERE/venues.csv"
q shequ record import kepu.board "$HERE/boards.csv"
q shequ record import kepu.board_update "$HERE/board-updates.csv"

# 活动 with their 记录 (签到表、照片 …): one command each, as the 科普专干 logs them.
log() { q shequ kepu activity log "$@"; }
ROOM=科普活动室
LAB=社区电子阅览室

log "寒假青少年电脑培训班" --date 2025-01-22 --form 青少年电脑培训 --audience 青少年 --place "$LAB" \
  --volunteer 段秋 --volunteer 谢飞文 --attendee 许琬莉 --attendee 龙锦琰 --attendee 孙霞亚 --attendee 唐安鹏 \
  --attendee 武茜 --attendee 陆羽岚 --count 18 --summary "共3次课，学习电脑基本操作和文明上网" \
  --signin "$R/2025-01-22-签到表.txt" --photo "$R/2025-01-22-照片.txt" >/dev/null
log "元宵节科普灯谜竞猜" --date 2025-02-12 --form 科普知识竞赛 --festival 元宵节 --audience 居民 --audience 青少年 \
  --place 社区广场 --volunteer 曾静梅 --volunteer 郑翔 --count 85 --photo "$R/2025-02-12-照片.txt" >/dev/null
log "科普讲座：春季传染病预防" --date 2025-03-13 --form 科普培训 --on-theme --material 远程教育课件 --audience 居民 \
  --place "$ROOM" --count 42 --signin "$R/2025-03-13-签到表.txt" >/dev/null
log "科普志愿者进院落：节约用水小常识" --date 2025-03-22 --form 进院落宣传讲解 --place 幸福小区3幢院落 \
  --volunteer 曾静梅 --volunteer 赵欢 --volunteer 萧薇 --count 36 --photo "$R/2025-03-22-照片.txt" >/dev/null
log "反邪教警示教育片观看" --date 2025-04-16 --form 反邪教宣传 --material 碟片 --audience 居民 --place "$ROOM" \
  --count 55 --signin "$R/2025-04-16-签到表.txt" >/dev/null
log "科技活动周：科技创新成果展" --date 2025-05-20 --form 科普宣传 --festival 科技活动周 --on-theme --material 海报 \
  --material 横幅 --place 社区广场 --volunteer 郑翔 --volunteer 莫叶莎 --count 120 --photo "$R/2025-05-20-照片.txt" >/dev/null
log "科普讲座：夏季食品安全" --date 2025-06-12 --form 科普培训 --material 远程教育课件 --place "$ROOM" --count 38 \
  --signin "$R/2025-06-12-签到表.txt" >/dev/null
log "科普志愿者进院落：防溺水安全" --date 2025-06-25 --form 进院落宣传讲解 --audience 家庭 --audience 青少年 \
  --place 幸福小区5幢院落 --volunteer 赵欢 --volunteer 傅翠 --count 30 --photo "$R/2025-06-25-照片.txt" >/dev/null
log "暑期青少年电脑培训班" --date 2025-07-14 --form 青少年电脑培训 --audience 青少年 --place "$LAB" \
  --volunteer 段秋 --volunteer 谢飞文 --volunteer 郑翔 --attendee 韦国邦 --attendee 赵青 --attendee 谭宁 \
  --attendee 唐胜策 --attendee 史娟 --attendee 曾志 --attendee 陈朗腾 --attendee 贾维茂 --count 40 \
  --summary "7月14日至18日共5次课：电脑基本操作、文字处理、网络安全" \
  --signin "$R/2025-07-14-签到表.txt" --photo "$R/2025-07-14-照片.txt" --file "$R/2025-07-14-课程表.txt" >/dev/null
TRIP=$(log "科普旅游：参观市科技馆" --date 2025-08-09 --form 科普旅游 --audience 青少年 --audience 家庭 \
  --place 市科技馆 --volunteer 傅翠 --count 32 --summary "组织16组家庭参观市科技馆")   # no 记录 kept: the gap
log "全国科普日：科普进社区" --date 2025-09-20 --form 科普宣传 --festival 全国科普日 --on-theme --material 宣传资料 \
  --copies 400 --place 社区广场 --volunteer 曾静梅 --volunteer 赵欢 --volunteer 郑翔 --count 150 \
  --photo "$R/2025-09-20-照片.txt" >/dev/null
log "科普讲座：老年人防诈骗" --date 2025-09-24 --form 科普培训 --material 远程教育课件 --audience 老年人 \
  --place "$ROOM" --count 46 --signin "$R/2025-09-24-签到表.txt" >/dev/null
log "科普志愿者进院落：秋季防火" --date 2025-09-26 --form 进院落宣传讲解 --place 幸福小区3幢院落 \
  --volunteer 傅翠 --volunteer 赵欢 --count 28 --photo "$R/2025-09-26-照片.txt" >/dev/null
CONTEST=$(log "社区科普知识竞赛" --date 2025-10-18 --form 科普知识竞赛 --audience 居民 --place "$ROOM" \
  --volunteer 莫叶莎 --count 60 --signin "$R/2025-10-18-签到表.txt" --photo "$R/2025-10-18-照片.txt")
log "崇尚科学 反对邪教 宣传画展" --date 2025-11-08 --form 反邪教宣传 --material 宣传画 --place 社区广场 --count 70 \
  --photo "$R/2025-11-08-照片.txt" >/dev/null
log "科普讲座：冬季慢病防治" --date 2025-11-20 --form 科普培训 --material 远程教育课件 --audience 老年人 \
  --place "$ROOM" --count 40 --signin "$R/2025-11-20-签到表.txt" >/dev/null
log "入户分发冬季防煤气中毒宣传资料" --date 2025-12-06 --form 入户分发资料 --material 宣传资料 --copies 300 \
  --households 260 --volunteer 曾静梅 --volunteer 赵欢 --volunteer 傅翠 --volunteer 段秋 \
  --signin "入户登记表（纸质）存科普台账第12号档案盒" >/dev/null
log "科普志愿者进院落：冬季用电安全" --date 2025-12-13 --form 进院落宣传讲解 --place 幸福小区3幢院落 \
  --volunteer 傅翠 --count 25 --photo "$R/2025-12-13-照片.txt" >/dev/null
log "科普文艺汇演" --date 2025-12-20 --form 科普文艺汇演 --on-theme --place 社区广场 --volunteer 莫叶莎 --count 180 \
  --photo "$R/2025-12-20-照片.txt" >/dev/null

# 小结: written in the first days of the next month — generated from the month's activities,
# some edited before saving.  May's was never written (the gap).
for m in 01 02 03 04 06 07 08 09 10 11; do
  next=$(printf '%02d' $((10#$m + 1)))
  if [ "$m" = 07 ] || [ "$m" = 10 ]; then   # generated, then edited by hand
    draft="$(mktemp)"
    SHEQU_TODAY=2025-$next-03 shequ kepu summary draft 2025-$m > "$draft"
    printf '存在问题：参加人员以老年人和青少年为主，中青年居民参与较少，下月将利用周末安排活动。\n' >> "$draft"
    SHEQU_TODAY=2025-$next-03 q shequ kepu summary write 2025-$m --file "$draft" --origin 由活动生成后修改 \
      --author 杨珊 >/dev/null
    rm -f "$draft"
  else
    SHEQU_TODAY=2025-$next-03 q shequ kepu summary write 2025-$m --generate --author 杨珊 >/dev/null
  fi
done
q shequ kepu summary write 2025-12 --generate --author 杨珊 >/dev/null

# 经费: printing (海报、横幅), the 竞赛 prizes, the 科普旅游 trip (篇7 L146, L152).
q shequ ledger add --date 2025-03-05 --amount 180 --out --account 支出:科普:宣传印制 --memo 春季科普海报印制 >/dev/null
q shequ ledger add --date 2025-05-12 --amount 260 --out --account 支出:科普:宣传印制 --memo 科技活动周横幅 >/dev/null
q shequ ledger add --date 2025-08-09 --amount 800 --out --account 支出:科普:科普旅游 --event "$TRIP" --memo 参观市科技馆大巴租赁 >/dev/null
q shequ ledger add --date 2025-08-09 --amount 640 --out --account 支出:科普:科普旅游 --event "$TRIP" --memo 科技馆门票32张 >/dev/null
q shequ ledger add --date 2025-10-18 --amount 450 --out --account 支出:科普:竞赛奖品 --event "$CONTEST" --memo 科普知识竞赛奖品 >/dev/null
q shequ ledger add --date 2025-12-01 --amount 150 --out --account 支出:科普:宣传印制 --memo 冬季安全海报印制 >/dev/null
echo "科普：已载入 2025 年科普活动、记录、月小结与宣传载体更新（五月缺小结，八月缺记录）" >&2
