#!/bin/sh
# What flowgrep needs from the system, by Debian package name.
#
#   tests/deps.sh install        make deps: install what building and
#                                testing need and is missing (apt-get,
#                                as root); otherwise name it
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
	command -v gawk >/dev/null 2>&1 || command -v mawk >/dev/null 2>&1 ||
	    echo mawk
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

missing() {
	case $1 in
	build) missing_build ;;
	test) missing_build; missing_test ;;
	esac | tr '\n' ' ' | sed 's/ $//'
}

case ${1:-} in
install)
	need=$(missing test)
	[ -z "$need" ] && exit 0
	if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
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
