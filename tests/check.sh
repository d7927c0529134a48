#!/bin/sh
# make check: unit tests, the golden suite against the plain build, the
# ASan+UBSan build and valgrind, the man page lint, the man page's
# examples, and a short fuzzing smoke.  Ends with one "N passed, N
# failed" line over all of it.
set -u
cd "$(dirname "$0")/.." || exit 2
out=tests/out
rm -rf "$out"
mkdir -p "$out/plain" "$out/san" "$out/vg"
ln -s ../../../flowgrep "$out/plain/flowgrep"
ln -s ../../../flowgrep-san "$out/san/flowgrep"
cat >"$out/vg/flowgrep" <<VG
#!/bin/sh
exec valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect "$PWD/flowgrep" "\$@"
VG
chmod +x "$out/vg/flowgrep"

total_pass=0 total_fail=0
tally() {	# the last "N passed, N failed" line of a step's output
	line=$(grep -E '[0-9]+ passed, [0-9]+ failed' "$1" | tail -n 1)
	p=$(echo "$line" | sed -E 's/.* ([0-9]+) passed.*/\1/')
	f=$(echo "$line" | sed -E 's/.* ([0-9]+) failed.*/\1/')
	[ -n "$p" ] || { p=0; f=1; }
	total_pass=$((total_pass + p)) total_fail=$((total_fail + f))
}
step() {	# name, command...
	name=$1; shift
	echo "== $name"
	"$@" >"$out/$name.log" 2>&1
	rc=$?
	grep -v '^== ' "$out/$name.log" | grep -E '^(FAIL|---|\+\+\+|[-+@ ]|.*passed.*failed)' | head -n 60
	tally "$out/$name.log"
	[ $rc -eq 0 ] || grep -qE ' [1-9][0-9]* failed' "$out/$name.log" ||
		{ echo "$name: exited $rc"; total_fail=$((total_fail + 1)); }
}

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1
step unit tests/unit
step unit-san tests/unit-san
step unit-jsonin tests/unit-jsonin
step unit-jsonin-san tests/unit-jsonin-san
step golden sh tests/golden.sh "$out/plain"
step golden-san sh tests/golden.sh "$out/san"
# valgrind adds what ASan lacks (reads of uninitialised memory); it is
# slow, so it runs the suite but for the files of many invocations.
step golden-valgrind sh tests/golden.sh "$out/vg" $(ls tests/golden/*.t |
    grep -v -e prefilter.t -e operators.t)
step clang-warnings sh tests/clang-warnings.sh
step install sh -c 'make -s install DESTDIR="$1" PREFIX=/usr >/dev/null &&
    test -x "$1/usr/bin/flowgrep" && test -f "$1/usr/share/man/man1/flowgrep.1" &&
    "$1/usr/bin/flowgrep" -c REJECT examples/runbook.log >/dev/null &&
    echo "install: 1 passed, 0 failed"' sh "$PWD/$out/inst"
step manlint sh tests/manlint.sh
step examples sh tests/examples.sh
if [ "${FUZZ_SMOKE:-30}" -gt 0 ]; then
	step fuzz-smoke sh tests/fuzz/run.sh "${FUZZ_SMOKE:-30}"
fi
echo "check: $total_pass passed, $total_fail failed"
[ "$total_fail" -eq 0 ]
