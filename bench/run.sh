#!/usr/bin/env bash
# bench/run.sh - the flowgrep benchmark.  `make bench` runs it from the repo
# root after building ./flowgrep; see bench/README.md.
#
# Environment:
#   FLOWGREP         the binary under test (default ./flowgrep)
#   BENCH_SIZE       bytes of bench/data/v2.log (default 500000000)
#   BENCH_V5_SIZE    bytes of v5.log   (default BENCH_SIZE / 5)
#   BENCH_TAIL_SIZE  bytes of tail.log (default BENCH_SIZE / 5)
#   BENCH_JQ_SIZE    bytes of the v2 slice that Q9a runs on (default BENCH_SIZE / 10)
#   BENCH_REPS       timed runs per command; the best is kept (default 3)
#   BENCH_SEED       generator seed (default 1)
#   BENCH_LATENCY_N  records in the latency test (default 20)
#   BENCH_SUMMARY_KEYS  distinct keys of the summary memory runs
#                    (default "1000000 10000000")
#   FG_TAIL_OPTS     extra flowgrep options for tail.log (default none)
#   FG_V5_OPTS       extra flowgrep options for v5.log (default none)
#   BENCH_GZ_FILES   gzip objects v2.log is cut into (default 8)
#   BENCH_LIST_N     IPv4 blocks in the list file (default 10000000)
#
# Exit status: 0 when every check passed; 1 when an answer differed from its
# peer's, flowgrep failed or the latency test failed; 2 when the benchmark
# could not run.

# shellcheck disable=SC2016 # awk and jq programs are single-quoted on purpose
set -u -o pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.." || exit 2
export LC_ALL=C

FLOWGREP=${FLOWGREP:-./flowgrep}
BENCH_SIZE=${BENCH_SIZE:-500000000}
BENCH_V5_SIZE=${BENCH_V5_SIZE:-$((BENCH_SIZE / 5))}
BENCH_TAIL_SIZE=${BENCH_TAIL_SIZE:-$((BENCH_SIZE / 5))}
BENCH_JQ_SIZE=${BENCH_JQ_SIZE:-$((BENCH_SIZE / 10))}
BENCH_REPS=${BENCH_REPS:-3}
BENCH_SEED=${BENCH_SEED:-1}
BENCH_LATENCY_N=${BENCH_LATENCY_N:-20}
read -r -a FG_TAIL_OPTS <<<"${FG_TAIL_OPTS:-}"
read -r -a FG_V5_OPTS <<<"${FG_V5_OPTS:-}"

D=bench/data
RESULTS=bench/results.md

say() { printf '%s\n' "$*" >&2; }
die() { say "bench: $*"; exit 2; }

for v in BENCH_SIZE BENCH_V5_SIZE BENCH_TAIL_SIZE BENCH_JQ_SIZE BENCH_REPS BENCH_LATENCY_N; do
    [[ ${!v} =~ ^[0-9]+$ && ${!v} -gt 0 ]] || die "$v must be a positive integer (got '${!v}')"
done
[[ $BENCH_SEED =~ ^[0-9]+$ ]] || die "BENCH_SEED must be a non-negative integer (got '$BENCH_SEED')"
[[ -n ${EPOCHREALTIME:-} ]] || die "needs bash 5 or later (EPOCHREALTIME)"

# Quote a string for eval (single quotes unless it is plain).
sq() {
    if [[ $1 =~ ^[A-Za-z0-9_./,:=+-]+$ ]]; then
        printf '%s' "$1"
    else
        local s=${1//\'/\'\\\'\'}
        printf "'%s'" "$s"
    fi
}

# Fixed-point arithmetic in bash (no awk: it may be the missing peer).
# div N D DECIMALS: N / D rounded to DECIMALS places, N, D >= 0 integers.
div() {
    local n=$1 d=$2 k=$3 m=1 i
    ((d > 0)) || { printf 'n/a'; return; }
    for ((i = 0; i < k; i++)); do m=$((m * 10)); done
    local r=$(((n * m + d / 2) / d))
    if ((k)); then
        printf '%d.%0*d' $((r / m)) "$k" $((r % m))
    else
        printf '%d' "$r"
    fi
}

FAILED=0
NOTES=()

# ----------------------------------------------------------------------
# Tools

command -v "$FLOWGREP" >/dev/null 2>&1 || [[ -x $FLOWGREP ]] ||
    die "no flowgrep at '$FLOWGREP': run 'make bench' (it builds ./flowgrep first) or set FLOWGREP"
CC=${CC:-cc}

missing_pkgs=()
command -v mawk >/dev/null 2>&1 || missing_pkgs+=(mawk)
command -v jq >/dev/null 2>&1 || missing_pkgs+=(jq)
[[ -x /usr/bin/time ]] || missing_pkgs+=(time)
command -v pigz >/dev/null 2>&1 || missing_pkgs+=(pigz)
if ((${#missing_pkgs[@]})); then
    if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null 2>&1; then
        say "bench: installing ${missing_pkgs[*]} with apt-get"
        { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing_pkgs[@]}"; } >&2 ||
            say "bench: apt-get failed"
    fi
fi
HAVE_MAWK=0 HAVE_JQ=0 HAVE_TIME=0 HAVE_GREP=0
command -v mawk >/dev/null 2>&1 && HAVE_MAWK=1
command -v jq >/dev/null 2>&1 && HAVE_JQ=1
[[ -x /usr/bin/time ]] && HAVE_TIME=1
command -v grep >/dev/null 2>&1 && HAVE_GREP=1
((HAVE_MAWK)) || NOTES+=("mawk is missing (Debian package mawk): its rows are skipped.")
((HAVE_JQ)) || NOTES+=("jq is missing (Debian package jq): the Q9a row is skipped.")
((HAVE_TIME)) || NOTES+=("/usr/bin/time is missing (Debian package time): no peak RSS.")
for n in "${NOTES[@]}"; do say "bench: $n"; done

# Where timed output goes.  Not /dev/null: GNU grep notices /dev/null and
# stops at the first match (even with -c), which would time nothing.
SINK=/dev/zero
[[ -w $SINK ]] || SINK=/dev/null

# ----------------------------------------------------------------------
# Programs and data

mkdir -p "$D" || die "cannot create $D"
for prog in gen latency; do
    if [[ ! -x bench/$prog || bench/$prog.c -nt bench/$prog ]]; then
        say "bench: building bench/$prog"
        $CC -std=c11 -O2 -o "bench/$prog" "bench/$prog.c" || die "cannot build bench/$prog"
    fi
done

GEN_SUM=$(cksum <bench/gen.c)

# make_data NAME SIZE GEN-ARGS...: generate $D/NAME unless it is there
# already, made by the same generator with the same arguments.
make_data() {
    local name=$1 size=$2
    shift 2
    local f=$D/$name stamp="gen $GEN_SUM; -s $size --seed $BENCH_SEED $*"
    if [[ -s $f && -f $f.stamp && $(<"$f.stamp") == "$stamp" ]]; then
        say "bench: reusing $f"
        return
    fi
    say "bench: generating $f ($size bytes)"
    rm -f "$f.stamp"
    if ! bench/gen -s "$size" --seed "$BENCH_SEED" "$@" -o "$f.tmp" || ! mv "$f.tmp" "$f"; then
        die "bench/gen failed"
    fi
    printf '%s\n' "$stamp" >"$f.stamp"
}
make_data v2.log "$BENCH_SIZE" --format v2
make_data v5.log "$BENCH_V5_SIZE" --format v5 --header
make_data tail.log "$BENCH_TAIL_SIZE" --format v2 --tail detailed

# The jq slice: whole lines from the start of v2.log, up to BENCH_JQ_SIZE bytes.
slice_stamp="$(<"$D/v2.log.stamp"); slice $BENCH_JQ_SIZE"
if [[ ! -s $D/v2-slice.log || ! -f $D/v2-slice.log.stamp || $(<"$D/v2-slice.log.stamp") != "$slice_stamp" ]]; then
    lines=$(head -c "$BENCH_JQ_SIZE" "$D/v2.log" | wc -l)
    head -n "$lines" "$D/v2.log" >"$D/v2-slice.log" || die "cannot write the slice"
    printf '%s\n' "$slice_stamp" >"$D/v2-slice.log.stamp"
fi

V2=$D/v2.log V5=$D/v5.log TAIL=$D/tail.log SLICE=$D/v2-slice.log
declare -A BYTES RECS
for f in "$V2" "$V5" "$TAIL" "$SLICE"; do
    BYTES[$f]=$(wc -c <"$f")
    RECS[$f]=$(wc -l <"$f")
done
RECS[$V5]=$((RECS[$V5] - 1)) # the header line

say "bench: warming the page cache"
cat "$V2" "$V5" "$TAIL" "$SLICE" >/dev/null

# ----------------------------------------------------------------------
# Measuring

ERR=$D/stderr.txt
: >"$ERR"

# time_us COMMAND: run it once (eval), output to $SINK; sets T_US.
time_us() {
    local s e
    s=$EPOCHREALTIME
    eval "$1" >"$SINK" 2>>"$ERR"
    e=$EPOCHREALTIME
    T_US=$((${e/./} - ${s/./}))
}

# rss_mb PRE MAIN: peak RSS of MAIN's process in MB (once), or n/a.
rss_mb() {
    if ((!HAVE_TIME)); then
        echo n/a
        return
    fi
    local f=$D/rss.txt kb
    rm -f "$f"
    eval "$1 /usr/bin/time -f %M -o $(sq "$f") $2" >"$SINK" 2>>"$ERR"
    kb=$(tail -n 1 "$f" 2>/dev/null)
    if [[ $kb =~ ^[0-9]+$ ]]; then div "$kb" 1024 1; else echo n/a; fi
}

secs() { div "$1" 1000000 3; }

# A command inside a Markdown table cell: code span, '|' escaped.
md_code() {
    local s=$1
    s=${s#"${s%%[! ]*}"} # no leading blanks (empty PRE)
    s="\`$s\`"
    printf '%s' "${s//|/\\|}"
}

# same_rows sorted|top A B: see CHECK in bench_query.
same_rows() {
    local a b last
    a=$(sed 's/^ *//' "$2" | sort) b=$(sed 's/^ *//' "$3" | sort)
    [[ $1 == sorted ]] && { [[ $a == "$b" ]]; return; }
    [[ $(cut -d' ' -f1 <<<"$a" | sort -n) == $(cut -d' ' -f1 <<<"$b" | sort -n) ]] || return 1
    last=$(cut -d' ' -f1 <<<"$a" | sort -n | head -n 1)
    [[ $(grep -v "^$last " <<<"$a") == $(grep -v "^$last " <<<"$b") ]]
}

ROWS=()    # table rows of the main table
QUERIES=() # rows of the query list
declare -A FG_US

# One query: bench_query ID INPUT CHECK FG_PRE FG_MAIN [PEER PEER_PRE PEER_MAIN]...
#   INPUT  the file read (for records/s and MB/s)
#   CHECK  rows:  output must be byte-identical to each peer's (line count first)
#          count: the number printed (flowgrep -c) must equal the peer's
#          lines: line counts only (different output formats)
#          sorted: the same lines in any order, leading blanks aside
#          top:   a top N of "count key" lines: the same counts, and the same
#                 keys but those tied with the last (which ties go in differs)
#   PRE    a producer piped into the command ("cat FILE |"), or empty
#   MAIN   the command, with its input redirection
# A peer whose MAIN is empty is skipped (tool missing); PEER then says why.
bench_query() {
    local id=$1 input=$2 check=$3 fg_pre=$4 fg_main=$5
    shift 5
    local -a pname=() ppre=() pmain=()
    while (($# >= 3)); do
        pname+=("$1") ppre+=("$2") pmain+=("$3")
        shift 3
    done
    local np=${#pname[@]} i
    local fg_cmd=$fg_main
    [[ -n $fg_pre ]] && fg_cmd="$fg_pre $fg_main"

    say "bench: $id: checking"
    local out=$D/out.$id.fg rc errf=$D/err.txt
    eval "$fg_pre $fg_main" >"$out" 2>"$errf"
    rc=$?
    cat "$errf" >>"$ERR"
    if ((rc > 1)); then
        say "bench: $id: flowgrep exited with status $rc:"
        head -n 5 "$errf" | sed 's/^/    /' >&2
        NOTES+=("$id: flowgrep exited with status $rc (\`$fg_cmd\`): $(head -n 1 "$errf")")
        FAILED=1
    elif [[ -s $errf ]]; then
        say "bench: $id: flowgrep wrote to stderr:"
        head -n 3 "$errf" | sed 's/^/    /' >&2
        NOTES+=("$id: flowgrep wrote to stderr: $(head -n 1 "$errf")")
    fi
    local fg_lines fg_value
    fg_lines=$(wc -l <"$out")
    fg_value=$(tr -d ' \t\n' <"$out" | head -c 40)
    local matches=$fg_lines
    [[ $check == count ]] && matches=$fg_value

    local -a verdict=()
    for ((i = 0; i < np; i++)); do
        verdict[i]=ok
        [[ -n ${pmain[i]} ]] || { verdict[i]=skipped; continue; }
        local pout=$D/out.$id.$i prc
        eval "${ppre[i]} ${pmain[i]}" >"$pout" 2>"$errf"
        prc=$?
        cat "$errf" >>"$ERR"
        # 141: a pipeline ending in head, whose writer head left (SIGPIPE)
        if ((prc > 1 && prc != 141)); then
            say "bench: $id: ${pname[i]} exited with status $prc:"
            head -n 5 "$errf" | sed 's/^/    /' >&2
            NOTES+=("$id: peer ${pname[i]} exited with status $prc: the benchmark's own command is broken.")
            verdict[i]=broken
            FAILED=1
            continue
        fi
        local p_lines p_value
        p_lines=$(wc -l <"$pout")
        p_value=$(tr -d ' \t\n' <"$pout" | head -c 40)
        case $check in
        rows)
            if ((p_lines != fg_lines)); then
                verdict[i]="MISMATCH"
                say "bench: $id: MISMATCH: flowgrep printed $fg_lines lines, ${pname[i]} $p_lines"
                NOTES+=("**MISMATCH** $id: flowgrep printed $fg_lines lines, ${pname[i]} printed $p_lines.")
            elif ! cmp -s "$out" "$pout"; then
                verdict[i]="MISMATCH"
                local ln
                ln=$(cmp "$out" "$pout" 2>/dev/null | sed -n 's/.* line \([0-9]*\).*/\1/p')
                say "bench: $id: MISMATCH: same line count ($fg_lines) as ${pname[i]}, different bytes; first difference, line ${ln:-?}:"
                if [[ -n $ln ]]; then
                    say "    flowgrep: $(sed -n "${ln}p" "$out")"
                    say "    ${pname[i]}: $(sed -n "${ln}p" "$pout")"
                fi
                NOTES+=("**MISMATCH** $id: flowgrep printed the same number of lines ($fg_lines) as ${pname[i]}, but not the same lines.")
            fi
            ;;
        count)
            if [[ $fg_value != "$p_value" ]]; then
                verdict[i]="MISMATCH"
                say "bench: $id: MISMATCH: flowgrep counted '$fg_value', ${pname[i]} '$p_value'"
                NOTES+=("**MISMATCH** $id: flowgrep counted '$fg_value', ${pname[i]} '$p_value'.")
            fi
            ;;
        sorted | top)
            if ! same_rows "$check" "$out" "$pout"; then
                verdict[i]="MISMATCH"
                say "bench: $id: MISMATCH: flowgrep and ${pname[i]} do not give the same rows:"
                diff <(sed 's/^ *//' "$out" | sort) <(sed 's/^ *//' "$pout" | sort) | head -n 6 | sed 's/^/    /' >&2
                NOTES+=("**MISMATCH** $id: flowgrep and ${pname[i]} do not give the same rows.")
            fi
            ;;
        lines)
            if ((p_lines != fg_lines)); then
                verdict[i]="MISMATCH"
                say "bench: $id: MISMATCH: flowgrep printed $fg_lines lines, ${pname[i]} $p_lines"
                NOTES+=("**MISMATCH** $id: flowgrep printed $fg_lines lines, ${pname[i]} printed $p_lines.")
            elif cmp -s "$out" "$pout"; then
                NOTES+=("$id: flowgrep's output is byte-identical to ${pname[i]}'s.")
            else
                NOTES+=("$id: line counts agree ($fg_lines); the output formats differ (not compared).")
            fi
            ;;
        esac
        [[ ${verdict[i]} == MISMATCH ]] && FAILED=1
        rm -f "$pout"
    done
    rm -f "$out" "$errf"

    say "bench: $id: timing ($BENCH_REPS runs each)"
    local r best_fg=-1
    local -a best=()
    for ((i = 0; i < np; i++)); do best[i]=-1; done
    for ((r = 0; r < BENCH_REPS; r++)); do
        time_us "$fg_pre $fg_main"
        ((best_fg < 0 || T_US < best_fg)) && best_fg=$T_US
        for ((i = 0; i < np; i++)); do
            [[ ${verdict[i]} == skipped || ${verdict[i]} == broken ]] && continue
            time_us "${ppre[i]} ${pmain[i]}"
            ((best[i] < 0 || T_US < best[i])) && best[i]=$T_US
        done
    done
    FG_US[$id]=$best_fg
    local fg_rss fg_s rps mbps
    fg_rss=$(rss_mb "$fg_pre" "$fg_main")
    fg_s=$(secs "$best_fg")
    rps=$(div "${RECS[$input]}" "$best_fg" 2)M # records/us = M records/s
    mbps=$(div "${BYTES[$input]}" "$best_fg" 0)

    QUERIES+=("| $id | $(md_code "$fg_pre $fg_main") | $matches |")
    if ((np == 0)); then
        ROWS+=("| $id | $fg_s | — | — | — | $rps | $mbps | $fg_rss | — |")
    fi
    for ((i = 0; i < np; i++)); do
        local ps ratio prss
        case ${verdict[i]} in
        skipped | broken)
            ROWS+=("| $id | $fg_s | ${pname[i]} | ${verdict[i]} | — | $rps | $mbps | $fg_rss | — |")
            continue
            ;;
        esac
        ps=$(secs "${best[i]}")
        ratio=$(div "${best[i]}" "$best_fg" 2)
        [[ ${verdict[i]} == MISMATCH ]] && ratio="**MISMATCH**"
        prss=$(rss_mb "${ppre[i]}" "${pmain[i]}")
        ROWS+=("| $id | $fg_s | ${pname[i]} | $ps | $ratio | $rps | $mbps | $fg_rss | $prss |")
        QUERIES+=("| | ${pname[i]}: $(md_code "${ppre[i]} ${pmain[i]}") | |")
    done
}

# ----------------------------------------------------------------------
# Floors: the cost of reading the file at all.

FLOORS=()
declare -A FLOOR_US
floor() {
    local name=$1 cmd=$2 r min=-1
    say "bench: floor: $name"
    for ((r = 0; r < BENCH_REPS; r++)); do
        time_us "$cmd"
        ((min < 0 || T_US < min)) && min=$T_US
    done
    FLOOR_US[$name]=$min
    FLOORS+=("| $(md_code "$cmd") | $(secs "$min") | $(div "${RECS[$V2]}" "$min" 2)M | $(div "${BYTES[$V2]}" "$min" 0) |")
}
floor "wc -l" "wc -l $(sq "$V2")"
floor "cat" "cat $(sq "$V2")"
floor "cat | wc -l" "cat $(sq "$V2") | wc -l"

# ----------------------------------------------------------------------
# The queries

FG=$(sq "$FLOWGREP")
qv2=$(sq "$V2") qv5=$(sq "$V5") qtail=$(sq "$TAIL") qslice=$(sq "$SLICE")
fg_tail_opts="" fg_v5_opts=""
for o in "${FG_TAIL_OPTS[@]}"; do fg_tail_opts+="$(sq "$o") "; done
for o in "${FG_V5_OPTS[@]}"; do fg_v5_opts+="$(sq "$o") "; done

# mawk PROGRAM [FILE]: the peer's MAIN string, or empty without mawk.
mawk_cmd() {
    ((HAVE_MAWK)) || return 0
    if [[ -n ${2:-} ]]; then
        printf 'mawk %s < %s' "$(sq "$1")" "$2"
    else
        printf 'mawk %s' "$(sq "$1")"
    fi
}

Q1='dstport=22 and action=REJECT'
Q1_MAWK='$7==22 && $13=="REJECT"'
Q1_GREP=' 22 [0-9]+ [0-9]+ [0-9]+ [0-9]+ [0-9]+ REJECT '

bench_query Q1 "$V2" rows "" "$FG $(sq "$Q1") < $qv2" \
    mawk "" "$(mawk_cmd "$Q1_MAWK" "$qv2")" \
    "grep -E" "" "grep -E $(sq "$Q1_GREP") < $qv2"

bench_query Q2 "$V2" rows "" "$FG $(sq 'srcaddr=10.0.0.0/8 and not dstaddr=10.0.0.0/8') < $qv2" \
    mawk "" "$(mawk_cmd '$4 ~ /^10\./ && $5 !~ /^10\./ && $5 != "-"' "$qv2")"

bench_query Q3 "$V2" rows "" "$FG $(sq 'port=22,3389 REJECT') < $qv2" \
    mawk "" "$(mawk_cmd '($6==22 || $6==3389 || $7==22 || $7==3389) && $13=="REJECT"' "$qv2")"

bench_query Q4 "$V2" rows "" "$FG $(sq 'bytes>1M and protocol=tcp') < $qv2" \
    mawk "" "$(mawk_cmd '$8==6 && $10!="-" && $10>1000000' "$qv2")"

bench_query Q5 "$V2" count "" "$FG -c $(sq 'action=ACCEPT') < $qv2" \
    mawk "" "$(mawk_cmd '$13=="ACCEPT"{n++} END{print n+0}' "$qv2")" \
    "grep -c" "" "grep -c $(sq ' ACCEPT ') < $qv2"

bench_query Q6 "$V2" rows "" "$FG $(sq 'interface-id~/^eni-0a/') < $qv2" \
    mawk "" "$(mawk_cmd '$3 ~ /^eni-0a/' "$qv2")"

bench_query Q7 "$TAIL" rows "" "$FG $fg_tail_opts$(sq "$Q1") < $qtail" \
    mawk "" "$(mawk_cmd '$9==22 && $15=="REJECT"' "$qtail")"

bench_query Q8 "$V2" rows "cat $qv2 |" "$FG $(sq "$Q1")" \
    mawk "cat $qv2 |" "$(mawk_cmd "$Q1_MAWK")"

jq_main=""
((HAVE_JQ)) && jq_main="jq -cR $(sq 'split(" ") | select(.[12]=="REJECT") | {srcaddr:.[3],dstaddr:.[4],dstport:(.[6]|tonumber? // null),bytes:(.[9]|tonumber? // null)}') < $qslice"
bench_query Q9a "$SLICE" lines "" "$FG --json -o srcaddr,dstaddr,dstport,bytes $(sq 'action=REJECT') < $qslice" \
    "jq (first $(div "$BENCH_JQ_SIZE" 1000000 0) MB)" "" "$jq_main"

bench_query Q9b "$V2" lines "" "$FG -o srcaddr,dstaddr,dstport $(sq 'action=REJECT') < $qv2" \
    mawk "" "$(mawk_cmd '$13=="REJECT"{print $4, $5, $7}' "$qv2")"

# flowgrep prints an S3 object's header line before the first record it
# selects under it; the mawk program does the same.
bench_query Q10 "$V5" rows "" "$FG $fg_v5_opts$(sq 'tcp-flags=SYN and flow-direction=ingress') < $qv5" \
    mawk "" "$(mawk_cmd 'NR==1 {h=$0; next} $28=="ingress" && int($18)%4>=2 {if (h!="") {print h; h=""} print}' "$qv5")"

# Summaries (--by): the examples of the summary issue, against the awk and
# sort pipelines that answer them today.  mawk prints sums with 6 digits
# unless told, and adds '-' as 0 where flowgrep says '-' (nothing to add):
# its programs print as flowgrep does.
q11_mawk=$(mawk_cmd '$13=="REJECT"{a[$4]++} END{for (k in a) print a[k], k}' "$qv2")
bench_query Q11 "$V2" top "" "$FG --by srcaddr --top 10 -o count,srcaddr REJECT < $qv2" \
    mawk "" "${q11_mawk:+$q11_mawk | sort -rn | head}" \
    "sort \| uniq -c" "" "grep ' REJECT ' < $qv2 | cut -d' ' -f4 | sort | uniq -c | sort -rn | head"

bench_query Q12 "$V2" sorted "" "$FG --by dstport,action --sum bytes,packets version=2 < $qv2" \
    mawk "" "$(mawk_cmd '{k=$7" "$13; n[k]++; if ($10!="-") {b[k]+=$10; p[k]+=$9; h[k]=1}} END{for (k in n) if (h[k]) printf "%s %d %.0f %.0f\n", k, n[k], b[k], p[k]; else print k, n[k], "-", "-"}' "$qv2")"

bench_query Q13 "$V2" sorted "" "$FG --by srcaddr/24,start/5m port=22 < $qv2" \
    mawk "" "$(mawk_cmd '$6==22 || $7==22 {k=$4; if (split(k, o, ".")==4) k=o[1] "." o[2] "." o[3] ".0/24"; a[k " " ($11-$11%300)]++} END{for (k in a) print k, a[k]}' "$qv2")"

# ----------------------------------------------------------------------
# Summaries of many keys: memory stays bounded.  A mawk program writes
# records of N distinct sources (10 of them heavy hitters, each with a
# ninetieth of the rest) into a pipe; flowgrep keeps its default
# --max-keys (1000000).  The top 10 must be the 10 heavy hitters, each
# count at most its count-error above the truth.

SUMMARY_ROWS=()
cat >"$D/keys.awk" <<'AWK'
# L light sources, one record each; after every 90th, one record of each
# of 10 heavy hitters, 198.51.100.1 to .10.
BEGIN {
    for (i = 0; i < L; i++) {
        printf "2 1 eni-a 10.%d.%d.%d 10.0.0.1 1 22 6 1 40 1 2 REJECT OK\n",
            i / 65536 % 256, i / 256 % 256, i % 256
        if (i % 90 == 0)
            for (h = 1; h <= 10; h++)
                printf "2 1 eni-a 198.51.100.%d 10.0.0.1 1 22 6 1 40 1 2 REJECT OK\n", h
    }
}
AWK
summary_keys() {
    local n=$1 light=$(($1 - 10)) f=$D/sum.$1 rss wall mrss mwall
    local heavy=$(((light + 89) / 90)) gen="mawk -v L=$((n - 10)) -f $(sq "$D/keys.awk")"
    say "bench: summary of $n keys"
    eval "$gen | /usr/bin/time -f '%M %e' -o $(sq "$f.time") $FG --by srcaddr --top 10 -o srcaddr,count,count-error REJECT" >"$f.out" 2>"$f.err"
    read -r rss wall <"$f.time"
    eval "$gen | /usr/bin/time -f '%M %e' -o $(sq "$f.mtime") mawk '{a[\$4]++} END{for (k in a) print a[k], k}' | sort -rn | head" >/dev/null 2>>"$ERR"
    read -r mrss mwall <"$f.mtime"
    # the 10 heavy hitters, each at most its error over the truth
    local ok=yes maxerr=0 addr count err
    while read -r addr count err; do
        [[ $addr == 198.51.100.* ]] && ((count >= heavy && count - err <= heavy)) || ok=no
        ((err > maxerr)) && maxerr=$err
    done <"$f.out"
    (($(wc -l <"$f.out") == 10)) || ok=no
    [[ $ok == yes ]] || { FAILED=1; NOTES+=("**SUMMARY** $n keys: the top 10 are not the heavy hitters within their error (see $f.out)."); }
    local records=$((light + heavy * 10))
    SUMMARY_ROWS+=("| $n | $records | $(div "$rss" 1024 1) | $wall | $(div "$mrss" 1024 1) | $mwall | $ok | $maxerr (bound $((records / 1000000))) |")
}
if ((HAVE_MAWK && HAVE_TIME)); then
    for n in ${BENCH_SUMMARY_KEYS:-1000000 10000000}; do summary_keys "$n"; done
fi

# ----------------------------------------------------------------------
# S3 objects: v2.log cut into BENCH_GZ_FILES gzip objects (gzip -6, as
# S3 delivers them).  flowgrep -c with one thread, and with all, against
# zcat | wc -l (what reading them costs at all) and pigz -dc | wc -l.

GZ_ROWS=()
declare -A GZ_US
bench_gz() {
    local n=${BENCH_GZ_FILES:-8} i stamp parts
    stamp="$(<"$D/v2.log.stamp"); gz $n"
    mkdir -p "$D/s3"
    if [[ ! -f $D/s3/stamp || $(<"$D/s3/stamp") != "$stamp" ]]; then
        say "bench: gz: making $n objects of v2.log"
        rm -f "$D"/s3/*.log.gz
        parts=$(((RECS[$V2] + n - 1) / n))
        split -d -l "$parts" "$V2" "$D/s3/part." || die "split failed"
        for f in "$D"/s3/part.*; do gzip -6 -c "$f" >"$f.log.gz" && rm -f "$f"; done
        printf '%s\n' "$stamp" >"$D/s3/stamp"
    fi
    cat "$D"/s3/*.log.gz >/dev/null
    local files fgq want got
    files=$(printf '%s ' "$D"/s3/*.log.gz)
    fgq=$(sq "$Q1")
    want=$(zcat $files | "$FLOWGREP" -c "$Q1")
    for j in 1 "$(nproc)"; do
        got=$("$FLOWGREP" -j"$j" -h -c "$Q1" $files | awk '{ s += $1 } END { print s }')
        if [[ $got != "$want" ]]; then
            NOTES+=("**MISMATCH** gz: flowgrep -j$j counted $got, zcat | flowgrep $want.")
            FAILED=1
        fi
    done
    local -a names=("flowgrep -j1 -c" "flowgrep -c (-j$(nproc))" "zcat | wc -l" "pigz -dc | wc -l")
    local -a cmds=("$FG -j1 -c $fgq $files" "$FG -c $fgq $files" "zcat $files | wc -l"
        "pigz -dc $files | wc -l")
    command -v pigz >/dev/null 2>&1 || cmds[3]=""
    for i in "${!names[@]}"; do
        [[ -n ${cmds[i]} ]] || continue
        local r best=-1
        for ((r = 0; r < BENCH_REPS; r++)); do
            time_us "${cmds[i]}"
            ((best < 0 || T_US < best)) && best=$T_US
        done
        GZ_US[$i]=$best
        GZ_ROWS+=("| $(md_code "${names[i]}") | $(secs "$best") | $(div "${BYTES[$V2]}" "$best" 0) | $(rss_mb "" "${cmds[i]}") |")
    done
}

# ----------------------------------------------------------------------
# A list of ten million IPv4 blocks: loading @FILE (BENCH_LIST_N lines).

LIST_ROW=""
bench_list() {
    local n=${BENCH_LIST_N:-10000000} f=$D/blocks.txt r best=-1 rss
    if [[ ! -f $f.stamp || $(<"$f.stamp") != "gen $GEN_SUM; cidrs $n" ]]; then
        bench/gen --cidrs "$n" --seed "$BENCH_SEED" -o "$f" || die "bench/gen failed"
        printf '%s\n' "gen $GEN_SUM; cidrs $n" >"$f.stamp"
    fi
    cat "$f" >/dev/null
    local cmd="$FG -c $(sq "srcaddr in @$f") < examples/flows.log"
    for ((r = 0; r < BENCH_REPS; r++)); do
        time_us "$cmd"
        ((best < 0 || T_US < best)) && best=$T_US
    done
    rss=$(rss_mb "" "$cmd")
    LIST_ROW="| $(md_code "$cmd") | $n | $(secs "$best") | $rss |"
    LIST_US=$best LIST_RSS=$rss
}

bench_gz
bench_list

# ----------------------------------------------------------------------
# Latency: one matching record every 50 ms through a pipe.

say "bench: latency ($BENCH_LATENCY_N records, 50 ms apart)"
LATENCY=$(bench/latency -n "$BENCH_LATENCY_N" -i 50 -t 1000 -- "$FLOWGREP" "$Q1" 2>"$D/latency.err")
lat_rc=$?
cat "$D/latency.err" >>"$ERR"
if ((lat_rc != 0)); then
    FAILED=1
    NOTES+=("**LATENCY FAILED**: a record did not come back within 1 s, or came back wrong.")
    say "bench: latency FAILED:"
    head -n 8 "$D/latency.err" | sed 's/^/    /' >&2
else
    lat_median=$(sed -n 's/.*median \([0-9.]*\) ms.*/\1/p' <<<"$LATENCY")
    if [[ $lat_median =~ ^([0-9]+)\.([0-9]{3})$ ]] && ((10#${BASH_REMATCH[1]}${BASH_REMATCH[2]} > 5000)); then
        NOTES+=("Latency: the median is above 5 ms.")
    fi
fi

# ----------------------------------------------------------------------
# Report

ratio_of() { div "$1" "$2" 2; }
version_of() {
    local v
    v=$(timeout 5 "$@" </dev/null 2>/dev/null) && [[ -n $v ]] && printf '%s' "${v%%$'\n'*}" || printf 'no %s' "$2"
}
{
    echo "## Results"
    echo
    echo "$(date -u +%Y-%m-%d), $(uname -sm), $(nproc) cores, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -n 1)."
    echo "flowgrep: \`$FLOWGREP\` ($(version_of "$FLOWGREP" --version))."
    echo "Peers: $( ((HAVE_MAWK)) && version_of mawk -W version); $( ((HAVE_GREP)) && version_of grep --version); $( ((HAVE_JQ)) && version_of jq --version)."
    echo "Data (seed $BENCH_SEED): v2.log ${BYTES[$V2]} bytes, ${RECS[$V2]} records; v5.log ${BYTES[$V5]} bytes, ${RECS[$V5]} records + header; tail.log ${BYTES[$TAIL]} bytes, ${RECS[$TAIL]} records; Q9a runs on the first ${BYTES[$SLICE]} bytes of v2.log (${RECS[$SLICE]} records) for both tools, as jq is slow."
    echo "Best of $BENCH_REPS runs, wall time, input redirected from the file (Q8 from a pipe), output to $SINK, LC_ALL=C. MB/s counts 10^6 bytes; peak RSS (MiB) is from one run under /usr/bin/time. Ratio > 1: flowgrep is faster."
    echo
    echo "| query | flowgrep s | peer | peer s | ratio (peer/flowgrep) | records/s (flowgrep) | MB/s (flowgrep) | peak RSS flowgrep (MB) | peak RSS peer (MB) |"
    echo "|---|---:|---|---:|---:|---:|---:|---:|---:|"
    printf '%s\n' "${ROWS[@]}"
    echo
    echo "Floors (v2.log):"
    echo
    echo "| command | s | records/s | MB/s |"
    echo "|---|---:|---:|---:|"
    printf '%s\n' "${FLOORS[@]}"
    echo
    echo "- Q1 / \`wc -l\`: $(ratio_of "${FG_US[Q1]}" "${FLOOR_US[wc -l]}") (flowgrep's Q1 time over the time to count the lines)"
    echo "- Q8 / \`cat | wc -l\`: $(ratio_of "${FG_US[Q8]}" "${FLOOR_US[cat | wc -l]}") (the same through a pipe)"
    echo "- Latency (\`bench/latency\`, one matching record every 50 ms through a pipe): ${LATENCY#latency: }"
    if ((${#SUMMARY_ROWS[@]})); then
        echo
        echo "Summaries of many keys (\`--by srcaddr --top 10\`, default \`--max-keys\` 1000000; records from a mawk program through a pipe, 10 heavy hitters among N distinct sources):"
        echo
        echo "| distinct keys | records | peak RSS flowgrep (MB) | flowgrep s | peak RSS mawk a[\$4]++ (MB) | mawk s | top 10 = the heavy hitters | largest count-error |"
        echo "|---:|---:|---:|---:|---:|---:|---|---:|"
        printf '%s\n' "${SUMMARY_ROWS[@]}"
    fi
    echo
    echo "S3 objects: v2.log as ${BENCH_GZ_FILES:-8} gzip objects (gzip -6), Q1 counted in each; the same count as \`zcat | flowgrep -c\` is checked first:"
    echo
    echo "| command | s | MB/s (inflated) | peak RSS (MB) |"
    echo "|---|---:|---:|---:|"
    printf '%s\n' "${GZ_ROWS[@]}"
    echo
    echo "- one thread / \`zcat | wc -l\`: $(ratio_of "${GZ_US[0]}" "${GZ_US[2]}"); all threads / \`zcat | wc -l\`: $(ratio_of "${GZ_US[1]}" "${GZ_US[2]}") (below 1: flowgrep is faster)"
    echo
    echo "A list file of IPv4 blocks (\`bench/gen --cidrs\`), loaded and used:"
    echo
    echo "| command | lines | s | peak RSS (MB) |"
    echo "|---|---:|---:|---:|"
    echo "$LIST_ROW"
    echo
    echo "Commands (matches = flowgrep's output lines; for Q5 its count):"
    echo
    echo "| query | command | matches |"
    echo "|---|---|---:|"
    printf '%s\n' "${QUERIES[@]}"
    if ((${#NOTES[@]})); then
        echo
        echo "Notes:"
        echo
        printf -- '- %s\n' "${NOTES[@]}"
    fi
} >"$RESULTS"

cat "$RESULTS"
if ((FAILED)); then
    say ""
    say "bench: FAILED: see MISMATCH / LATENCY above (flowgrep's stderr is in $ERR)"
    exit 1
fi
exit 0
