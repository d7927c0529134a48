#!/bin/sh
# Every command in the man page's EXAMPLES section is also a golden case
# in tests/golden/examples.t, so the examples cannot rot.
cd "$(dirname "$0")/.." || exit 2
pass=0 fail=0
tmp=$(mktemp) || exit 2
trap 'rm -f "$tmp"' EXIT
# .Dl lines between ".Sh EXAMPLES" and the next .Sh, mdoc escapes undone
sed -n '/^\.Sh EXAMPLES/,/^\.Sh [A-Z]/p' man/flowgrep.1 |
    sed -n 's/^\.Dl \$ //p' | sed 's/\\e/\\/g; s/\\(aq/'"'"'/g; s/\\-/-/g; s/\\&//g' >"$tmp"
while IFS= read -r cmd; do
	if grep -qxF "\$ $cmd" tests/golden/examples.t; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL: example not in tests/golden/examples.t: $cmd"
	fi
done <"$tmp"
[ $((pass + fail)) -gt 0 ] || { echo "FAIL: no examples found"; fail=1; }
echo "examples: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
