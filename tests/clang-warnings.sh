#!/bin/sh
# The sources must be warning-free with clang as well as with gcc (the
# build uses cc), and so must the plain C paths that processors without
# SSE2/AVX2 (arm64) build: -Werror here, whatever CI says.
cd "$(dirname "$0")/.." || exit 2
pass=0 fail=0
flags="-std=c11 -D_POSIX_C_SOURCE=200809L -O2 -Wall -Wextra -Wpedantic -Werror -I."
cflags=$(pkg-config --cflags libpcre2-8 libutf8proc zlib yajl)
for cc in clang gcc; do
	for f in *.c tests/*.c tests/fuzz/*.c bench/*.c; do
		for mode in "" -DFLOWGREP_PORTABLE; do
			# the harnesses are clang's; gcc checks the product
			case $cc:$f in gcc:tests/fuzz/*) continue ;; esac
			# shellcheck disable=SC2086
			if $cc $flags $mode $cflags -fsyntax-only "$f"; then
				pass=$((pass + 1))
			else
				fail=$((fail + 1))
				echo "FAIL: $cc $mode warns on $f"
			fi
		done
	done
done
echo "clang-warnings: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
