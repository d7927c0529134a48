#!/bin/sh
# Pick the golden cases that between them run every line of flowgrep
# the whole suite runs, for the slow checkers (valgrind) in make check.
#
# usage: tests/distinct-cases.sh > tests/golden/distinct.cases
#
# Builds flowgrep with gcov into tests/out/cov, runs each golden case
# alone, notes the source lines it ran, and chooses greedily: first the
# case that runs the most lines, then the one that adds the most, until
# nothing is added.  Rerun it (make distinct-cases) when the suite or
# the code changes much; a case no longer in the suite is then dropped.
# A case whose comment says [valgrind] is always taken (the large gzip
# object, whose lines other cases also run but not at its sizes).
set -u
cd "$(dirname "$0")/.." || exit 2
cov=$PWD/tests/out/cov
rm -rf "$cov"
mkdir -p "$cov/bin" "$cov/lines"
srcs=$(make -s --no-print-directory --eval 'print-srcs: ; @echo $(SRCS)' print-srcs)
# shellcheck disable=SC2086
(cd "$cov" && cc -std=c11 -D_POSIX_C_SOURCE=200809L -pthread -O0 --coverage \
    $(pkg-config --cflags libpcre2-8 libutf8proc zlib yajl 2>/dev/null) \
    -o bin/flowgrep $(for s in $srcs; do echo "../../../$s"; done) \
    $(pkg-config --libs libpcre2-8 libutf8proc zlib yajl 2>/dev/null) -lm) || exit 2

# After each case: the lines it ran, as "source:line", into lines/N.
cat >"$cov/after" <<'AFTER'
n=$(cat "$COV/n"); echo $((n + 1)) >"$COV/n"
printf '%s\t%s\n' "$1" "$(cat "$3")" >"$COV/lines/$n.case"
cd "$COV" && gcov -t -o bin bin/*.gcda 2>/dev/null |
    awk -F: '/^ *-: *0:Source:/ { src = $4 } $1 ~ /^ *[0-9]+\*?$/ { print src ":" $2 + 0 }' |
    sort -u >"$COV/lines/$n"
rm -f "$COV"/bin/*.gcda
AFTER
echo 0 >"$cov/n"
export COV="$cov"
# golden.sh keeps the command in $tmp/cmd; hand its path on
# (big.t is too slow for valgrind, whatever it covers)
GOLDEN_AFTER='sh "$COV/after" "$@"' \
    sh tests/golden.sh "$cov/bin" $(ls tests/golden/*.t | grep -v /big.t) >&2
{ awk '
FNR == 1 { id = FILENAME; sub(/.*\//, "", id) }
FILENAME ~ /\.case$/ { sub(/\.case$/, "", id); name[id] = $0; next }
{ has[id, $0] = 1 }
END {
	for (;;) {
		split("", gain)
		for (k in has) {
			split(k, part, SUBSEP)
			if (!(part[2] in got))
				gain[part[1]]++
		}
		best = ""; most = 0
		for (id in gain)
			if (gain[id] > most || (gain[id] == most && id < best)) {
				most = gain[id]; best = id
			}
		if (best == "")
			break
		print name[best]
		for (k in has) {
			split(k, part, SUBSEP)
			if (part[1] == best) {
				got[part[2]] = 1
				delete has[k]
			}
		}
	}
}' "$cov"/lines/*
# and the cases asked for by name
awk '/^#.*\[valgrind\]/ { want = 1; next }
    want && /^\$ / { print FILENAME "\t" substr($0, 3); want = 0 }' \
    $(ls tests/golden/*.t | grep -v /big.t)
} | awk '!seen[$0]++'
