#!/bin/sh
# The --to translations against engines and models (tests/pushdown/):
# Athena SQL parsed by a Trino grammar and run on DuckDB, filter patterns
# and Insights queries run by models of their syntax, each compared with
# what flowgrep selects.  The engines come from npm, pinned by
# tests/pushdown/package-lock.json and installed by make deps; without
# them the step says SKIPPED and why.
#
# usage: tests/pushdown/run.sh [BINDIR]   (the flowgrep in BINDIR, default
# the one at the top of the tree)
set -u
cd "$(dirname "$0")/../.." || exit 2
flowgrep=${1:-.}/flowgrep
dir=tests/pushdown
skip() {
	echo "SKIPPED: pushdown: $*"
	echo "pushdown: 0 passed, 0 failed, 1 skipped"
	exit 0
}
command -v node >/dev/null 2>&1 || skip "node is not installed"
command -v npm >/dev/null 2>&1 || skip "npm is not installed"
major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null)
[ "${major:-0}" -ge 18 ] || skip "node ${major:-?} is older than 18"
# make deps installs the engines (tests/deps.sh); a check installs nothing
if [ ! -f "$dir/node_modules/.installed" ]; then
	skip "its engines are not installed (make deps runs npm ci)"
fi
if [ "$dir/package-lock.json" -nt "$dir/node_modules/.installed" ]; then
	skip "package-lock.json is newer than the engines (make deps again)"
fi
# esbuild's platform binary comes as an optional package: no script needed
bundle=$dir/node_modules/.trino.bundle.mjs
if [ ! -f "$bundle" ] || [ "$dir/node_modules/.installed" -nt "$bundle" ]; then
	"$dir/node_modules/.bin/esbuild" "$dir/trino-entry.mjs" --bundle \
	    --platform=node --format=esm --outfile="$bundle" --log-level=warning ||
	    skip "esbuild could not bundle dt-sql-parser"
fi
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
${CC:-cc} -O2 -o "$tmp/gen" bench/gen.c || exit 2
node "$dir/run.mjs" "$flowgrep" "$tmp/gen" "$bundle"
