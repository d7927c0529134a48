#!/bin/sh
# Golden tests, one file per topic in tests/golden/*.t, in a cram-like
# layout:
#
#   # a comment
#   $ flowgrep -c REJECT tests/data/records.txt     the command (sh -c)
#   > 6                                             expected stdout line
#   ! flowgrep: ...                                 expected stderr line
#   ? 1                                             expected exit status
#
# Each "$" line is one case; unless "?" says otherwise the status must
# be 0.  Commands run from the top of the tree with the flowgrep under
# test first in PATH, TZ=UTC, and "now" pinned by FLOWGREP_NOW.
# Scratch files go in "$T", a directory of this run alone (golden runs
# of several builds go on at once); where its path is printed, the
# expected text says $T.
#
# usage: tests/golden.sh BINDIR [--bless] [FILE...]
# --bless rewrites the files with what the commands print now: review
# the diff before committing it.
#
# GOLDEN_ONLY=LIST runs only the cases LIST names, one per line as
# "FILE<TAB>command" (tests/distinct-cases.sh writes such a list);
# GOLDEN_AFTER=COMMAND is run after each case, with the file, the case's
# line number and a file holding its command as arguments.
# GOLDEN_CACHE=DIR keeps big.t's inputs (tests/bigdata.sh) for other runs.
set -u
bindir=$1; shift
bless=false
[ "${1:-}" = --bless ] && { bless=true; shift; }
if $bless && [ -n "${GOLDEN_ONLY:-}" ]; then
	echo "golden: --bless rewrites whole files; unset GOLDEN_ONLY" >&2
	exit 2
fi
[ $# -eq 0 ] && set -- tests/golden/*.t
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/scratch" || exit 2
export T="$tmp/scratch"
pass=0 fail=0

export PATH="$bindir:$PATH" TZ=UTC LC_ALL=C FLOWGREP_NOW=2026-11-29T08:30:00Z
unset NO_COLOR GREP_COLORS

selected() {	# $1 file; command in $tmp/cmd
	[ -z "${GOLDEN_ONLY:-}" ] && return 0
	printf '%s\t%s\n' "$1" "$(cat "$tmp/cmd")" >"$tmp/key"
	grep -qxFf "$tmp/key" "$GOLDEN_ONLY"
}

run_case() {	# $1 file, $2 line number; command in $tmp/cmd
	if ! selected "$1"; then
		: >"$tmp/actual"
		return 0
	fi
	sh "$tmp/cmd" >"$tmp/out" 2>"$tmp/err" </dev/null
	echo $? >"$tmp/status"
	[ -n "${GOLDEN_AFTER:-}" ] && sh -c "$GOLDEN_AFTER" sh "$1" "$2" "$tmp/cmd"
	{ sed 's/^/> /; s/^> $/>/' "$tmp/out"
	  sed 's/^/! /; s/^! $/!/' "$tmp/err"
	  st=$(cat "$tmp/status"); [ "$st" = 0 ] || echo "? $st"
	} | sed "s|$T|\$T|g" >"$tmp/actual"
	if cmp -s "$tmp/expect" "$tmp/actual"; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		if ! $bless; then
			echo "FAIL $1:$2: $(cat "$tmp/cmd")"
			diff -u "$tmp/expect" "$tmp/actual" | sed -n '3,40p'
		fi
	fi
}

for f in "$@"; do
	: >"$tmp/new"
	lineno=0 start=0 incase=false
	while IFS= read -r line || [ -n "$line" ]; do
		lineno=$((lineno + 1))
		case $line in
		'$ '*)
			if $incase; then
				run_case "$f" "$start"
				cat "$tmp/actual" >>"$tmp/new"
			fi
			printf '%s\n' "$line" >>"$tmp/new"
			printf '%s\n' "${line#\$ }" >"$tmp/cmd"
			: >"$tmp/expect"
			incase=true start=$lineno
			;;
		'>'*|'!'*|'?'*)
			printf '%s\n' "$line" >>"$tmp/expect"
			;;
		*)
			if $incase; then
				run_case "$f" "$start"
				cat "$tmp/actual" >>"$tmp/new"
				incase=false
			fi
			printf '%s\n' "$line" >>"$tmp/new"
			;;
		esac
	done <"$f"
	if $incase; then
		run_case "$f" "$start"
		cat "$tmp/actual" >>"$tmp/new"
	fi
	$bless && cp "$tmp/new" "$f"
done
echo "golden: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
