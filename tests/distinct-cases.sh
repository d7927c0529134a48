#!/bin/sh
# Pick the golden cases that between them run every line of flowgrep
# the whole suite runs, for the slow checkers (valgrind) in make check.
#
# usage: tests/distinct-cases.sh > tests/golden/distinct.cases
#
# Builds flowgrep with gcov into tests/out/cov, runs each golden case
# alone, notes the source lines it ran and what it would cost under
# valgrind, and chooses greedily: each time the case that adds the most
# lines for its cost, until nothing is added; then drops, dearest first,
# any chosen case whose lines the others all run.  Under valgrind a
# case costs about half a second for each start of flowgrep, and about
# five times its run here.  Rerun it (make distinct-cases) when the
# suite or the code changes much; a case no longer in the suite is then
# dropped.
# A case whose comment says [valgrind] is always taken (the large gzip
# object, whose lines other cases also run but not at its sizes).
set -u
cd "$(dirname "$0")/.." || exit 2
cov=$PWD/tests/out/cov
rm -rf "$cov"
mkdir -p "$cov/bin" "$cov/path" "$cov/lines"
srcs=$(make -s --no-print-directory --eval 'print-srcs: ; @echo $(SRCS)' print-srcs)
# shellcheck disable=SC2086
(cd "$cov" && cc -std=c11 -D_POSIX_C_SOURCE=200809L -pthread -O0 --coverage \
    $(pkg-config --cflags libpcre2-8 libutf8proc zlib yajl 2>/dev/null) \
    -o bin/flowgrep $(for s in $srcs; do echo "../../../$s"; done) \
    $(pkg-config --libs libpcre2-8 libutf8proc zlib yajl 2>/dev/null) -lm) || exit 2

# Each start of flowgrep leaves a line in calls.
cat >"$cov/path/flowgrep" <<'CALL'
#!/bin/sh
echo >>"$COV/calls"
exec "$COV/bin/flowgrep" "$@"
CALL
chmod +x "$cov/path/flowgrep"

# After each case: the lines it ran, as "source:line", into lines/N, and
# its cost (starts, seconds since the last case ended) into N.cost.
cat >"$cov/after" <<'AFTER'
n=$(cat "$COV/n"); echo $((n + 1)) >"$COV/n"
printf '%s\t%s\n' "$1" "$(cat "$3")" >"$COV/lines/$n.case"
now=$(date +%s.%N)
echo "$(wc -l <"$COV/calls") $now $(cat "$COV/ended")" >"$COV/lines/$n.cost"
: >"$COV/calls"
cd "$COV" && gcov -t -o bin bin/*.gcda 2>/dev/null |
    awk -F: '/^ *-: *0:Source:/ { src = $4 } $1 ~ /^ *[0-9]+\*?$/ { print src ":" $2 + 0 }' |
    sort -u >"$COV/lines/$n"
rm -f "$COV"/bin/*.gcda
date +%s.%N >"$COV/ended"
AFTER
echo 0 >"$cov/n"
: >"$cov/calls"
date +%s.%N >"$cov/ended"
export COV="$cov"
# golden.sh keeps the command in $tmp/cmd; hand its path on
# (big.t is too slow for valgrind, whatever it covers)
GOLDEN_AFTER='sh "$COV/after" "$@"' \
    sh tests/golden.sh "$cov/path" $(ls tests/golden/*.t | grep -v /big.t) >&2
{ awk '
FNR == 1 { id = FILENAME; sub(/.*\//, "", id) }
FILENAME ~ /\.case$/ { sub(/\.case$/, "", id); name[id] = $0; next }
FILENAME ~ /\.cost$/ {
	sub(/\.cost$/, "", id)
	cost[id] = 0.5 * $1 + 5 * ($2 - $3)
	if (cost[id] < 0.1)
		cost[id] = 0.1
	next
}
{ line[id, ++lines[id]] = $0 }
# what case id would add now, for its cost
function worth(id,   i, gain) {
	gain = 0
	for (i = 1; i <= lines[id]; i++)
		if (!(line[id, i] in got))
			gain++
	return gain / cost[id]
}
END {
	# Greedy, lazily: what a case adds only shrinks as others are
	# chosen, so one whose fresh worth still tops the last worth of
	# every other is the best now.
	for (id in lines)
		last[id] = worth(id)
	for (;;) {
		best = ""
		for (id in last)
			if (best == "" || last[id] > last[best] ||
			    (last[id] == last[best] && id < best))
				best = id
		if (best == "" || last[best] == 0)
			break
		now = worth(best)
		top = 1
		for (id in last)
			if (id != best && last[id] > now)
				top = 0
		last[best] = now
		if (!top || now == 0)
			continue
		delete last[best]
		chosen[best] = 1
		for (i = 1; i <= lines[best]; i++)
			got[line[best, i]]++
	}
	# then a chosen case whose every line another chosen case runs
	# goes, the dearest first
	n = 0
	for (id in chosen)
		order[++n] = id
	for (i = 1; i <= n; i++)
		for (j = i + 1; j <= n; j++)
			if (cost[order[j]] > cost[order[i]]) {
				t = order[i]; order[i] = order[j]; order[j] = t
			}
	for (k = 1; k <= n; k++) {
		id = order[k]
		spare = 1
		for (i = 1; i <= lines[id] && spare; i++)
			if (got[line[id, i]] < 2)
				spare = 0
		if (!spare)
			continue
		delete chosen[id]
		for (i = 1; i <= lines[id]; i++)
			got[line[id, i]]--
	}
	for (id in chosen)
		print cost[id] "\t" name[id]
}' "$cov"/lines/* | sort -rn | cut -f 2-
# and the cases asked for by name
awk '/^#.*\[valgrind\]/ { want = 1; next }
    want && /^\$ / { print FILENAME "\t" substr($0, 3); want = 0 }' \
    $(ls tests/golden/*.t | grep -v /big.t)
} | awk '!seen[$0]++'
