#!/bin/sh
# Make sure what flowgrep needs is installed: "build" for make, "test"
# for make check.  As root on Debian the missing packages are installed
# with apt-get; otherwise the message names them.
need=
case $1 in
build)
	command -v pkg-config >/dev/null 2>&1 || need="$need pkg-config"
	pkg-config --exists libpcre2-8 2>/dev/null || need="$need libpcre2-dev"
	pkg-config --exists libutf8proc 2>/dev/null || need="$need libutf8proc-dev"
	pkg-config --exists zlib 2>/dev/null || need="$need zlib1g-dev"
	;;
test)
	command -v jq >/dev/null 2>&1 || need="$need jq"
	command -v mandoc >/dev/null 2>&1 || need="$need mandoc"
	command -v valgrind >/dev/null 2>&1 || need="$need valgrind"
	# tests/e2e drives the real AWS CLI v2 (v1 has no "logs tail");
	# Debian's awscli package is v2 and lives at /usr/bin/aws.
	[ -x /usr/bin/aws ] || aws --version 2>&1 | grep -q '^aws-cli/2\.' ||
		need="$need awscli"
	command -v clang >/dev/null 2>&1 || need="$need clang"
	if command -v clang >/dev/null 2>&1 &&
	    ! echo 'int LLVMFuzzerTestOneInput(const char*d,long n){return 0;}' |
	    clang -x c -fsanitize=fuzzer -o /dev/null - >/dev/null 2>&1; then
		need="$need libclang-rt-dev"
	fi
	;;
pushdown)
	# node and npm run tests/pushdown.sh, which says SKIPPED without
	# them: installed when root can, never demanded.
	command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 &&
		exit 0
	[ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 || exit 0
	need=" nodejs npm"
	;;
esac
[ -z "$need" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
	echo "flowgrep: installing$need" >&2
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq >/dev/null 2>&1
	# shellcheck disable=SC2086
	apt-get install -y -qq $need >/dev/null || {
		echo "flowgrep: apt-get install$need failed" >&2
		exit 1
	}
	exit 0
fi
echo "flowgrep: missing packages:$need (Debian names); install them and run make again" >&2
exit 1
