#!/bin/sh
# What flowgrep needs from the system, by Debian package name.
#
#   tests/deps.sh install        make deps: install what building and
#                                testing need and is missing (apt-get,
#                                as root; the pushdown test's engines
#                                with npm ci); otherwise name it
#   tests/deps.sh check build    make: say what building needs and lacks
#   tests/deps.sh check test     make check: the same for the tests
#
# Only "install" changes the system; make and make install never do.
set -u

# The build: pkg-config and the libraries' -dev packages.
missing_build() {
	command -v pkg-config >/dev/null 2>&1 || echo pkg-config
	command -v cc >/dev/null 2>&1 || echo gcc
	pkg-config --exists libpcre2-8 2>/dev/null || echo libpcre2-dev
	pkg-config --exists libutf8proc 2>/dev/null || echo libutf8proc-dev
	pkg-config --exists zlib 2>/dev/null || echo zlib1g-dev
	pkg-config --exists yajl 2>/dev/null || echo libyajl-dev
}

# The tests: checkers, the fuzzer runtime, the real AWS CLI v2.
missing_test() {
	command -v jq >/dev/null 2>&1 || echo jq
	command -v mandoc >/dev/null 2>&1 || echo mandoc
	command -v valgrind >/dev/null 2>&1 || echo valgrind
	# tests/completion types into the shells the completions are for.
	command -v zsh >/dev/null 2>&1 || echo zsh
	command -v fish >/dev/null 2>&1 || echo fish
	# tests/pushdown runs the Athena translation on DuckDB, from npm.
	command -v node >/dev/null 2>&1 || echo nodejs
	command -v npm >/dev/null 2>&1 || echo npm
	command -v gawk >/dev/null 2>&1 || command -v mawk >/dev/null 2>&1 ||
	    echo mawk
	# tests/bigdata.sh makes big.t's inputs once, under flock(1)
	command -v flock >/dev/null 2>&1 || echo util-linux
	# tests/e2e drives the real AWS CLI v2 (v1 has no "logs tail");
	# Debian's awscli package is v2 and lives at /usr/bin/aws.
	[ -x /usr/bin/aws ] || aws --version 2>&1 | grep -q '^aws-cli/2\.' ||
	    echo awscli
	if ! command -v clang >/dev/null 2>&1; then
		echo clang libclang-rt-dev
	elif ! echo 'int LLVMFuzzerTestOneInput(const char*d,long n){return 0;}' |
	    clang -x c -fsanitize=fuzzer -o /dev/null - >/dev/null 2>&1; then
		echo libclang-rt-dev
	fi
}

# The engines tests/pushdown runs, from npm, as its lock file pins them.
# Without them that step says SKIPPED; the rest of make check stands.
npm_modules() {
	dir=$(dirname "$0")/pushdown
	[ -f "$dir/node_modules/.installed" ] &&
	    [ ! "$dir/package-lock.json" -nt "$dir/node_modules/.installed" ] &&
	    return 0
	echo "flowgrep: npm ci in $dir" >&2
	if npm ci --prefix "$dir" --no-audit --no-fund --ignore-scripts \
	    >"$dir/npm.log" 2>&1; then
		touch "$dir/node_modules/.installed"
	else
		echo "flowgrep: npm ci failed ($(tail -n 1 "$dir/npm.log"));" \
		    "make check will skip tests/pushdown" >&2
	fi
}

missing() {
	case $1 in
	build) missing_build ;;
	test) missing_build; missing_test ;;
	esac | tr '\n' ' ' | sed 's/ $//'
}

case ${1:-} in
install)
	need=$(missing test)
	if [ -n "$need" ]; then
		if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1
		then
			echo "flowgrep: missing packages: $need (Debian names);" \
			    "run make deps as root, or install them" >&2
			exit 1
		fi
		echo "flowgrep: installing $need" >&2
		export DEBIAN_FRONTEND=noninteractive
		apt-get update -qq >/dev/null 2>&1
		# shellcheck disable=SC2086
		apt-get install -y -qq --no-install-recommends $need >/dev/null || {
			echo "flowgrep: apt-get install $need failed" >&2
			exit 1
		}
	fi
	npm_modules
	;;
check)
	need=$(missing "${2:-build}")
	[ -z "$need" ] && exit 0
	echo "flowgrep: missing packages: $need (Debian names);" \
	    "make deps (as root) installs them" >&2
	exit 1
	;;
*)
	echo "usage: tests/deps.sh install | check build | check test" >&2
	exit 2
	;;
esac
