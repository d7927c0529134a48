#!/bin/sh
# make check: unit tests; the golden suite against the plain build, the
# portable (no SIMD) build and the ASan+UBSan build, and its threaded
# cases under TSan; valgrind on the
# golden cases that between them run every line the suite runs
# (tests/golden/distinct.cases); summaries against awk and the bounds of
# their estimates (tests/summary.sh); clang and portable warnings;
# install; the man page; the real AWS CLI end to end (tests/e2e); the pushdown
# translations (tests/pushdown); a short fuzzing smoke.  Ends with one
# "N passed, N failed" line over all of it.
#
# The builds are the first step; the steps run side by side, CHECK_JOBS
# at a time (default: the number of processors, at least 2), each into
# its own log; the logs are then shown in a fixed order.
# FUZZ_SMOKE=SECONDS of fuzzing per harness (default 10; 0: replay past
# finds only; make fuzz fuzzes for a minute each).  "tests/check.sh
# quick" (make test) runs only the unit tests and the golden suite on
# the plain build.
set -u
cd "$(dirname "$0")/.." || exit 2
out=tests/out
rm -rf "$out"
mkdir -p "$out/plain" "$out/san" "$out/vg" "$out/portable" "$out/tsan" \
    "$out/logs"
ln -s ../../../flowgrep "$out/plain/flowgrep"
ln -s ../../../flowgrep-tsan "$out/tsan/flowgrep"
ln -s ../../../flowgrep-san "$out/san/flowgrep"
ln -s ../../../flowgrep-portable "$out/portable/flowgrep"
jobs=${CHECK_JOBS:-$(nproc 2>/dev/null || echo 2)}
[ "$jobs" -ge 2 ] 2>/dev/null || jobs=2
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1
# big.t's inputs, made once for the plain and the portable build
export GOLDEN_CACHE="$PWD/$out/cache"

# valgrind spends 0.4 s of each start reading libc's detached debug
# symbols (libc6-dbg, which valgrind depends on), 40% of a run.  Copies
# of the system's libraries without the build-id that leads to them
# keep every check and cut that; the frames of flowgrep keep their
# lines.  Without objcopy the system's libraries are used as they are.
valgrind_setup() {
	mkdir -p "$out/vg/lib"
	ldd ./flowgrep 2>/dev/null |
	    awk '$2 == "=>" && $3 ~ /^\// { print $3 }' |
	while read -r lib; do
		case $lib in */ld-linux*) continue ;; esac
		objcopy --remove-section .note.gnu.build-id \
		    --remove-section .gnu_debuglink "$lib" \
		    "$out/vg/lib/$(basename "$lib")" 2>/dev/null ||
		    rm -f "$out/vg/lib/$(basename "$lib")"
	done
	cat >"$out/vg/flowgrep" <<VG
#!/bin/sh
LD_LIBRARY_PATH="$PWD/$out/vg/lib\${LD_LIBRARY_PATH:+:\$LD_LIBRARY_PATH}"
export LD_LIBRARY_PATH
exec valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect "$PWD/flowgrep" "\$@"
VG
	chmod +x "$out/vg/flowgrep"
}

# The builds are a step of their own: the steps that test a build wait
# for it ("built"), the others (the fuzzing smoke, which builds its
# own, the warnings, the man page) run beside it.
build() {
	if ${MAKE:-make} -s -j"$jobs" flowgrep flowgrep-san flowgrep-portable \
	    flowgrep-tsan tests/unit tests/unit-san tests/unit-jsonin \
	    tests/unit-jsonin-san bench/gen tests/maxrss >"$out/build.log" 2>&1
	then
		cat "$out/build.log"	# warnings, if any
		echo "build: 1 passed, 0 failed"
	else
		echo "FAIL: the build failed; the end of what make said:"
		tail -n 20 "$out/build.log" | sed 's/^/  /'
		return 1
	fi
}
built() {
	# the step's status is written last (see step)
	while [ ! -e "$out/logs/build.status" ]; do
		sleep 0.2
	done
	if [ "$(cat "$out/logs/build.status")" -ne 0 ]; then
		echo "FAIL: the build failed"
		return 1
	fi
	"$@"
}

# golden LABEL BINDIR [GOLDEN_ONLY list]: every file, one job each.
# big.t (objects of 100 MB, memory limits) is for the builds without
# sanitizers: ASan cannot run under a memory limit.
golden() {
	label=$1 bindir=$2 only=${3:-}
	mkdir -p "$out/$label"
	# shellcheck disable=SC2016
	ls tests/golden/*.t | case $label in
	plain|portable) cat ;;
	*) grep -v '/big\.t$' ;;
	esac | GOLDEN_ONLY=$only xargs -P "$jobs" -I{} sh -c \
	    'sh tests/golden.sh "$1" "$2" >"$3/$(basename "$2").log" 2>&1' \
	    sh "$bindir" {} "$out/$label"
	cat "$out/$label"/*.log | awk '
	    /^golden: [0-9]+ passed, [0-9]+ failed$/ { p += $2; f += $4; next }
	    { print }
	    END { print "golden: " p " passed, " f " failed" }'
}

# The same with the -j workers indexing every block of a plain file,
# which they otherwise do only while the reader is behind.
golden_ahead() {
	( export FLOWGREP_INDEX_AHEAD=always; golden "$@" )
}

valgrind_golden() {
	valgrind_setup &&
	    golden vg "$PWD/$out/vg" "$PWD/tests/golden/distinct.cases"
}

install_check() {
	dest=$PWD/$out/inst
	make -s install DESTDIR="$dest" PREFIX=/usr >/dev/null &&
	    test -x "$dest/usr/bin/flowgrep" &&
	    test -f "$dest/usr/share/man/man1/flowgrep.1" &&
	    cmp -s completions/flowgrep.bash \
	    "$dest/usr/share/bash-completion/completions/flowgrep" &&
	    cmp -s completions/_flowgrep "$dest/usr/share/zsh/site-functions/_flowgrep" &&
	    cmp -s completions/flowgrep.fish \
	    "$dest/usr/share/fish/vendor_completions.d/flowgrep.fish" &&
	    "$dest/usr/bin/flowgrep" -c REJECT examples/runbook.log >/dev/null &&
	    echo "install: 1 passed, 0 failed"
}

# Each step: NAME COMMAND..., run in the background, its output in a log.
steps= started=0
step() {
	name=$1
	shift
	steps="$steps $name"
	# a step that has ended has left its status behind
	while [ $((started - $(ls "$out/logs" | grep -c '\.status$'))) -ge "$jobs" ]
	do
		sleep 0.2
	done
	started=$((started + 1))
	( t0=$(date +%s); "$@" >"$out/logs/$name" 2>&1; rc=$?
	  # wall time, and the CPU time of the step's processes (times
	  # in a command substitution would see none of them)
	  times >"$out/logs/$name.times"
	  echo "$(($(date +%s) - t0)) s, $(awk 'NR == 2 { split($1 "m" $2, t, "m")
	      print int(t[1] * 60 + t[2] + t[3] * 60 + t[4]) }' \
	      "$out/logs/$name.times") s CPU" >"$out/logs/$name.secs"
	  echo $rc >"$out/logs/$name.status" ) &
}

if [ "${1:-}" = quick ]; then	# make test: a tier for while working
	step unit tests/unit
	step unit-jsonin tests/unit-jsonin
	step golden golden quick "$PWD/$out/plain"
else
	# the slow ones first, so that they overlap the rest
	step fuzz-smoke sh tests/fuzz/run.sh "${FUZZ_SMOKE:-10}"
	step build build
	step golden-valgrind built valgrind_golden
	step e2e built sh tests/e2e/run.sh "$PWD/$out/plain"
	step completion built sh tests/completion/run.sh "$PWD/$out/plain"
	step pushdown built sh tests/pushdown/run.sh "$PWD/$out/plain"
	step summary built sh tests/summary.sh "$PWD/$out/plain"
	step unit built tests/unit
	step unit-san built tests/unit-san
	step unit-jsonin built tests/unit-jsonin
	step unit-jsonin-san built tests/unit-jsonin-san
	step golden built golden plain "$PWD/$out/plain"
	step golden-portable built golden portable "$PWD/$out/portable"
	step golden-san built golden san "$PWD/$out/san"
	step golden-ahead built golden_ahead ahead "$PWD/$out/plain"
	step golden-tsan built sh tests/golden.sh "$PWD/$out/tsan" \
	    tests/golden/jobs.t tests/golden/gzip.t
	step golden-tsan-ahead built env FLOWGREP_INDEX_AHEAD=always \
	    sh tests/golden.sh "$PWD/$out/tsan" tests/golden/jobs.t \
	    tests/golden/gzip.t
	step clang-warnings sh tests/clang-warnings.sh
	step install built install_check
	step manlint sh tests/manlint.sh
	step examples sh tests/examples.sh
fi
wait
rm -rf "$GOLDEN_CACHE"	# 400 MB

total_pass=0 total_fail=0
for name in $steps; do
	log=$out/logs/$name
	echo "== $name ($(cat "$log.secs" 2>/dev/null || echo ?))"
	grep -E '^(FAIL|SKIPPED|---|\+\+\+|[-+@ ]|.*passed.*failed)|(warning|error):' "$log" |
	    head -n 60
	line=$(grep -E '[0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
	p=$(echo "$line" | sed -nE 's/.* ([0-9]+) passed.*/\1/p')
	f=$(echo "$line" | sed -nE 's/.* ([0-9]+) failed.*/\1/p')
	[ -n "$p" ] || { p=0 f=1; }
	rc=$(cat "$log.status" 2>/dev/null || echo 1)
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		echo "$name: exited $rc"
		f=1
	fi
	total_pass=$((total_pass + p)) total_fail=$((total_fail + f))
done
echo "check: $total_pass passed, $total_fail failed"
[ "$total_fail" -eq 0 ]
