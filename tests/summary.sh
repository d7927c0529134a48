#!/bin/sh
# Summaries against awk and sort, on data of bench/gen (version 2 with
# IPv6 and NODATA records, version 5 with its header), and the bounds of
# the two estimates: Space-Saving past --max-keys, HyperLogLog past 256
# distinct values.
#
# usage: tests/summary.sh BINDIR   (BINDIR holds the flowgrep under test;
# bench/gen must be built)
set -u
cd "$(dirname "$0")/.." || exit 2
export PATH="$1:$PATH" LC_ALL=C
pass=0 fail=0
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
[ -x bench/gen ] || { echo "summary: bench/gen is not built"; exit 2; }
bench/gen -n 60000 --seed 7 >"$tmp/v2.log" || exit 2
bench/gen -n 30000 --seed 8 --format v5 --header >"$tmp/v5.log" || exit 2

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL $*"; }

# same NAME FLOWGREP-OUTPUT AWK-OUTPUT: equal once sorted
same() {
	sort "$2" >"$2.s"
	sort "$3" >"$3.s"
	if cmp -s "$2.s" "$3.s"; then
		ok
	else
		bad "$1: flowgrep and awk differ ($(wc -l <"$2") and $(wc -l <"$3") lines):"
		diff "$2.s" "$3.s" | sed -n '1,6p'
	fi
}

# An awk helper: the sum of a column that may be '-' (missing), written
# whole (awk's default would be 6 digits).
SUM='function add(k, v) { n[k]++; if (v != "-") { s[k] += v; has[k] = 1 } }
function sum(k) { return has[k] ? sprintf("%.0f", s[k]) : "-" }'

# --- exact answers -----------------------------------------------------

flowgrep --by srcaddr 'version=2' "$tmp/v2.log" >"$tmp/fg"
awk '{ n[$4]++ } END { for (k in n) print k, n[k] }' "$tmp/v2.log" >"$tmp/awk"
same "--by srcaddr" "$tmp/fg" "$tmp/awk"

flowgrep --by srcaddr -o count,srcaddr --top 10 REJECT "$tmp/v2.log" >"$tmp/fg"
# ties in address order, which sort -V gives for IPv4
awk '$13 == "REJECT" { print $4 }' "$tmp/v2.log" | sort | uniq -c |
    sort -k1,1rn -k2,2V | head -n 10 | sed 's/^ *//' >"$tmp/awk"
same "REJECT --by srcaddr --top 10" "$tmp/fg" "$tmp/awk"

flowgrep --by dstport,action --sum bytes,packets 'version=2' "$tmp/v2.log" >"$tmp/fg"
awk "$SUM"'
    { k = $7 " " $13; add(k, $10); p[k] += $9 }
    END { for (k in n) print k, n[k], sum(k),
	  has[k] ? sprintf("%.0f", p[k]) : "-" }' \
    "$tmp/v2.log" >"$tmp/awk"
same "--by dstport,action --sum bytes,packets" "$tmp/fg" "$tmp/awk"

# /24 of IPv4 sources; IPv6 ones stay whole, '-' stays '-'
flowgrep --by srcaddr/24,protocol 'version=2' "$tmp/v2.log" >"$tmp/fg"
awk '{ k = $4
       if (split(k, o, ".") == 4) k = o[1] "." o[2] "." o[3] ".0/24"
       n[k " " $8]++ }
     END { for (k in n) print k, n[k] }' "$tmp/v2.log" >"$tmp/awk"
same "--by srcaddr/24,protocol" "$tmp/fg" "$tmp/awk"

# IPv6 destinations cut to /32: the first two groups
flowgrep --by dstaddr/32/32 'dstaddr!=0.0.0.0/0' "$tmp/v2.log" >"$tmp/fg"
awk '$5 ~ /:/ { split($5, g, ":"); n[g[1] ":" g[2] "::/32"]++ }
     END { for (k in n) print k, n[k] }' "$tmp/v2.log" >"$tmp/awk"
same "--by dstaddr/32/32 (IPv6)" "$tmp/fg" "$tmp/awk"

flowgrep --by start/5m,action --min start --max end,bytes 'version=2' "$tmp/v2.log" >"$tmp/fg"
awk '{ w = $11 - $11 % 300; k = w " " $13; n[k]++
       if (!(k in lo) || $11 < lo[k]) lo[k] = $11
       if (!(k in hi) || $12 > hi[k]) hi[k] = $12
       if ($10 != "-" && (!(k in mb) || $10 + 0 > mb[k])) mb[k] = $10 + 0 }
     END { for (k in n) print k, n[k], lo[k], hi[k],
	   (k in mb) ? sprintf("%.0f", mb[k]) : "-" }' \
    "$tmp/v2.log" >"$tmp/awk"
same "--by start/5m,action --min --max" "$tmp/fg" "$tmp/awk"

# distinct ports per interface: exact up to 256, compared where awk says so
flowgrep --by interface-id --distinct dstport -s \
    -o interface-id,count,distinct-dstport 'version=2' "$tmp/v2.log" |
    awk '$3 <= 256' >"$tmp/fg"
awk '$7 != "-" && !seen[$3 " " $7]++ { d[$3]++ } { n[$3]++ }
     END { for (k in n) if (d[k] + 0 <= 256) print k, n[k], d[k] + 0 }' \
    "$tmp/v2.log" >"$tmp/awk"
same "--by interface-id --distinct dstport (exact)" "$tmp/fg" "$tmp/awk"

flowgrep -v --by log-status,action REJECT "$tmp/v2.log" >"$tmp/fg"
awk '$13 != "REJECT" { n[$14 " " $13]++ } END { for (k in n) print k, n[k] }' \
    "$tmp/v2.log" >"$tmp/awk"
same "-v --by log-status,action" "$tmp/fg" "$tmp/awk"

# version 5, its header naming the columns
flowgrep --by flow-direction,tcp-flags --sum bytes 'version=5' "$tmp/v5.log" >"$tmp/fg"
awk "$SUM"'NR > 1 { add($28 " " $18, $10) }
    END { for (k in n) print k, n[k], sum(k) }' "$tmp/v5.log" >"$tmp/awk"
same "v5 --by flow-direction,tcp-flags --sum bytes" "$tmp/fg" "$tmp/awk"

flowgrep --by pkt-dst-aws-service,traffic-path --json 'egress' "$tmp/v5.log" |
    sed 's/{"pkt-dst-aws-service":\([^,]*\),"traffic-path":\([^,]*\),"count":\([0-9]*\)}/\1 \2 \3/; s/"//g; s/null/-/g' >"$tmp/fg"
awk 'NR > 1 && $28 == "egress" { n[$27 " " $29]++ }
     END { for (k in n) print k, n[k] }' "$tmp/v5.log" >"$tmp/awk"
same "v5 --by pkt-dst-aws-service,traffic-path --json" "$tmp/fg" "$tmp/awk"

# --top N is the first N lines of the whole summary, ties and all
flowgrep --by srcaddr,dstport --sum bytes 'version=2' "$tmp/v2.log" >"$tmp/all"
for n in 1 10 1000; do
	flowgrep --by srcaddr,dstport --sum bytes --top "$n" 'version=2' \
	    "$tmp/v2.log" >"$tmp/top"
	if head -n "$n" "$tmp/all" | cmp -s - "$tmp/top"; then
		ok
	else
		bad "--top $n is not the first $n lines of the summary"
	fi
done

# --- the sketch: Space-Saving past --max-keys ---------------------------

# sketch NAME WEIGHT-COLUMN FLOWGREP-ARGS...: every key kept is over-
# estimated by at most its error, no error is over total / max-keys, and
# no key over that is missing.  $tmp/exact holds "key weight" lines.
sketch() {
	name=$1 k=$2
	shift 2
	flowgrep -s "$@" 'version=2' "$tmp/v2.log" >"$tmp/sk"
	awk -v K="$k" 'NR == FNR { t[$1] = $2; total += $2; next }
	    { kept++; seen[$1] = 1; $2 += 0	# a sum of nothing: -
	      if (!($1 in t) || $2 < t[$1] || $2 - $3 > t[$1] || $3 > total / K)
		  wrong++ }
	    END { for (x in t) if (t[x] > total / K && !(x in seen)) lost++
		  if (kept != K || wrong || lost) {
		      print "kept " kept " of " K ", " wrong + 0 " wrong, " lost + 0 " lost"
		      exit 1 } }' "$tmp/exact" "$tmp/sk" >"$tmp/why"
	if [ $? -eq 0 ]; then ok; else bad "$name: $(cat "$tmp/why")"; fi
}

awk '{ n[$4 "/" $7]++ } END { for (k in n) print k, n[k] }' "$tmp/v2.log" \
    >"$tmp/exact"
for k in 10 100 1000 5000; do
	sketch "--by srcaddr,dstport --max-keys $k" "$k" --by srcaddr,dstport \
	    --max-keys "$k" -t '{srcaddr}/{dstport} {count} {count-error}'
done
awk "$SUM"'{ add($4, $10) }
    END { for (k in n) print k, has[k] ? sprintf("%.0f", s[k]) : 0 }' \
    "$tmp/v2.log" >"$tmp/exact"
for k in 50 500; do
	sketch "--by srcaddr --sum bytes --max-keys $k" "$k" --by srcaddr \
	    --sum bytes --max-keys "$k" -o srcaddr,sum-bytes,sum-bytes-error
done

# The note states the bound the rows keep to.
flowgrep --by srcaddr,dstport --max-keys 100 'version=2' "$tmp/v2.log" \
    2>"$tmp/note" >/dev/null
if grep -q "never by more than 600 (the total over 100)" "$tmp/note"; then
	ok
else
	bad "the sketch's note: $(cat "$tmp/note")"
fi

# --- distinct past 256: HyperLogLog within its error 19 times in 20 ------

# 40 groups of N distinct sources each, for N from 300 to 30000
for n in 300 1000 3000 10000 30000; do
	awk -v N="$n" 'BEGIN { for (g = 0; g < 40; g++) for (i = 0; i < N; i++) {
	    v = g * 1000003 + i * 7919
	    printf "2 1 eni-%d %d.%d.%d.%d 10.0.0.1 1 22 6 1 40 1 2 REJECT OK\n",
		g, v / 16777216 % 256, v / 65536 % 256, v / 256 % 256, v % 256 } }' |
	    flowgrep -s --by interface-id --distinct srcaddr REJECT >"$tmp/hll"
	awk -v N="$n" '{ k++; d = $3 - N; if (d < 0) d = -d
	    if (d > $4) out++; if (d > 2 * $4) far++ }
	    END { if (k != 40 || out > 6 || far > 0) {
		print k " groups, " out + 0 " outside the bound, " far + 0 " twice"
		exit 1 } }' "$tmp/hll" >"$tmp/why"
	if [ $? -eq 0 ]; then ok; else bad "--distinct of $n: $(cat "$tmp/why")"; fi
done

echo "summary: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
