#!/bin/sh
# Build the libFuzzer harnesses and run each for SECONDS.
#
# usage: tests/fuzz/run.sh SECONDS [HARNESS...]
#
# HARNESS is fuzz_parse, fuzz_expr, fuzz_output, fuzz_input, fuzz_jsonin
# or fuzz_summary (all by default).
# Each is built into tests/fuzz/bin/ with clang, ASan and UBSan, then:
#   1. replays every input in tests/fuzz/regress/HARNESS/ (past finds);
#   2. fuzzes for SECONDS (none if 0) from a working corpus in
#      tests/fuzz/bin/work-HARNESS, which starts as a copy of the seeds in
#      tests/fuzz/corpus/HARNESS and is kept between runs.
# One line per harness, then "fuzz: N passed, N failed"; the status is 1
# if any harness crashed, leaked, timed out or failed to build.  A crash
# leaves its input in tests/fuzz/bin/artifacts-HARNESS/ and the log in
# tests/fuzz/bin/HARNESS.log.
#
# Environment: FUZZ_CC (clang), FUZZ_SRCDIR (where parse.c, expr.c,
# output.c, summary.c and flowgrep.h are, default the top of the tree),
# FUZZ_ARGS (more libFuzzer options).  The machine is shared?  nice
# tests/fuzz/run.sh
set -u

usage() {
	echo "usage: tests/fuzz/run.sh SECONDS [HARNESS...]" >&2
	exit 2
}
[ $# -ge 1 ] || usage
secs=$1
shift
case $secs in
'' | *[!0-9]*) usage ;;
esac
[ $# -gt 0 ] || set -- fuzz_parse fuzz_expr fuzz_output fuzz_input fuzz_jsonin \
    fuzz_summary

src=${FUZZ_SRCDIR:-}
if [ -n "$src" ]; then
	src=$(cd "$src" && pwd) || exit 2
fi
cd "$(dirname "$0")/../.." || exit 2
[ -n "$src" ] || src=.
here=tests/fuzz
bin=$here/bin
cc=${FUZZ_CC:-clang}
mkdir -p "$bin" || exit 2
pkgs="libpcre2-8 libutf8proc zlib yajl"
# shellcheck disable=SC2086
if ! pkgcflags=$(pkg-config --cflags $pkgs) ||
    ! pkglibs=$(pkg-config --libs $pkgs); then
	echo "fuzz: pkg-config does not know $pkgs" >&2
	exit 2
fi

pass=0 fail=0
flags="-std=c11 -D_POSIX_C_SOURCE=200809L -pthread -g -O1 -fno-sanitize-recover=all $pkgcflags -I$src"
small="-DJSONIN_MAX_MESSAGE=100 -DJSONIN_MAX_DATA=2000"

# The sources once for every harness (compiling them for each was most
# of the smoke's time); jsonin.c again with limits small enough for
# inputs of 4 KB to reach them, for fuzz_jsonin.
obj=$bin/obj
mkdir -p "$obj" || exit 2
objs_ok=true
for f in alloc source input jsonin parse expr output pushdown summary small; do
	case $f in
	small) in=jsonin def=$small ;;
	*) in=$f def= ;;
	esac
	# shellcheck disable=SC2086 # the flags are meant to split
	$cc $flags $def -fsanitize=fuzzer-no-link,address,undefined \
	    -c -o "$obj/$f.o" "$src/$in.c" >"$bin/obj-$f.log" 2>&1 ||
	    { echo "fuzz: $in.c does not build (see $bin/obj-$f.log)"; objs_ok=false; }
done
$objs_ok || { echo "fuzz: 0 passed, 1 failed"; exit 1; }

# $1 harness, $2 log: the first line that says what went wrong
what_failed() {
	grep -a -m 1 -E '^SUMMARY: |ERROR: libFuzzer: |ERROR: LeakSanitizer|check failed|runtime error' "$2" |
	    sed 's/^[^ ]*fuzz_[a-z]*\.c:[0-9]*: //' | cut -c 1-160
}

for h in "$@"; do
	h=${h##*/}
	h=${h%.c}
	log=$bin/$h.log
	if [ ! -f "$here/$h.c" ]; then
		echo "fuzz $h: no such harness ($here/$h.c)"
		fail=$((fail + 1))
		continue
	fi

	limits= jsonin=$obj/jsonin.o
	[ "$h" = fuzz_jsonin ] && limits=$small jsonin=$obj/small.o
	# shellcheck disable=SC2086 # pkg-config output is meant to split
	if ! $cc $flags $limits -fsanitize=fuzzer,address,undefined \
	    -o "$bin/$h" "$here/$h.c" "$obj/alloc.o" "$obj/source.o" \
	    "$obj/input.o" "$jsonin" "$obj/parse.o" "$obj/expr.o" \
	    "$obj/output.o" "$obj/pushdown.o" "$obj/summary.o" \
	    $pkglibs -lm >"$log" 2>&1; then
		echo "fuzz $h: build failed (see $log)"
		fail=$((fail + 1))
		continue
	fi

	# past finds first: libFuzzer runs each file given as an argument once
	nreg=0
	if [ -d "$here/regress/$h" ]; then
		for f in "$here/regress/$h"/*; do
			[ -f "$f" ] && nreg=$((nreg + 1))
		done
	fi
	if [ "$nreg" -gt 0 ]; then
		# shellcheck disable=SC2086
		if ! "$bin/$h" -timeout=10 -rss_limit_mb=2048 ${FUZZ_ARGS:-} \
		    "$here/regress/$h"/* >"$bin/$h.regress.log" 2>&1; then
			input=$(sed -n 's/^Running: //p' "$bin/$h.regress.log" | tail -n 1)
			echo "fuzz $h: regression input fails: ${input:-?}:" \
			    "$(what_failed "$h" "$bin/$h.regress.log")" \
			    "(log: $bin/$h.regress.log)"
			fail=$((fail + 1))
			continue
		fi
	fi
	if [ "$secs" -eq 0 ]; then
		echo "fuzz $h: 0 runs, cov 0, ft 0, 0 crashes ($nreg regression inputs)"
		pass=$((pass + 1))
		continue
	fi

	work=$bin/work-$h
	art=$bin/artifacts-$h
	mkdir -p "$work" "$art" || exit 2
	if [ -d "$here/corpus/$h" ]; then
		cp "$here/corpus/$h"/* "$work"/ 2>/dev/null
	fi
	# shellcheck disable=SC2086
	"$bin/$h" -max_total_time="$secs" -max_len=4096 -timeout=10 \
	    -rss_limit_mb=2048 -dict="$here/dict" -print_final_stats=1 \
	    -artifact_prefix="$art/" ${FUZZ_ARGS:-} "$work" >"$log" 2>&1
	status=$?
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
	# a crash ends the run before the final stats: the last "#N" line then
	[ -n "$runs" ] || runs=$(sed -n 's/^#\([0-9][0-9]*\).*/\1/p' "$log" | tail -n 1)
	last=$(grep -a -E '(cov|ft): [0-9]+' "$log" | tail -n 1)
	cov=$(printf '%s\n' "$last" | sed -n 's/.*cov: \([0-9]*\).*/\1/p')
	ft=$(printf '%s\n' "$last" | sed -n 's/.*ft: \([0-9]*\).*/\1/p')
	stats="${runs:-?} runs, cov ${cov:-?}, ft ${ft:-?}"
	if [ "$status" -eq 0 ]; then
		echo "fuzz $h: $stats, 0 crashes ($nreg regression inputs)"
		pass=$((pass + 1))
		continue
	fi
	artifact=$(sed -n 's/.*Test unit written to //p' "$log" | tail -n 1)
	echo "fuzz $h: $stats, 1 crash: $(what_failed "$h" "$log")"
	echo "  input: ${artifact:-none written} (log: $log)"
	[ -n "$artifact" ] &&
	    echo "  keep it as a regression input: mkdir -p tests/fuzz/regress/$h &&" \
		"cp $artifact tests/fuzz/regress/$h/"
	fail=$((fail + 1))
done

echo "fuzz: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
