#!/bin/sh
# The sources must be warning-free with clang as well as with gcc (the
# build uses cc); -Werror here, whatever CI says.
cd "$(dirname "$0")/.." || exit 2
pass=0 fail=0
flags="-std=c11 -D_POSIX_C_SOURCE=200809L -O2 -Wall -Wextra -Wpedantic -Werror -I."
cflags=$(pkg-config --cflags libpcre2-8 libutf8proc zlib)
for f in flowgrep.c parse.c expr.c output.c pushdown.c tests/unit.c bench/gen.c bench/latency.c \
    tests/fuzz/fuzz_parse.c tests/fuzz/fuzz_expr.c tests/fuzz/fuzz_output.c; do
	# shellcheck disable=SC2086
	if clang $flags $cflags -fsyntax-only "$f"; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL: clang warns on $f"
	fi
done
echo "clang-warnings: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
