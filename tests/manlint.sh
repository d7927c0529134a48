#!/bin/sh
# The man page must be mandoc -Tlint clean (style messages included).
cd "$(dirname "$0")/.." || exit 2
if out=$(mandoc -Tlint -W style man/flowgrep.1 2>&1) && [ -z "$out" ]; then
	echo "manlint: 1 passed, 0 failed"
else
	printf '%s\n' "$out"
	echo "manlint: 0 passed, 1 failed"
	exit 1
fi
