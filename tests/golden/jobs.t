# -j: gzip objects opened and inflated ahead in threads.  The output is the
# same, byte for byte, whatever the number of threads: files in the order
# given, errors where -j1 has them.
$ d=$(mktemp -d); for i in 1 2 3 4; do bench/gen -s 2M --seed $i | gzip -1 >$d/f$i.log.gz; done; head -c 3000 $d/f1.log.gz >$d/cut.log.gz; cp tests/data/records-put.txt $d/plain.log; for j in 1 2 3 8; do flowgrep -j$j 'dstport=22 and action=REJECT' $d/f1.log.gz $d/cut.log.gz $d/plain.log $d/nosuch $d/f2.log.gz $d/f3.log.gz $d/f4.log.gz >$d/out$j 2>$d/err$j; echo "status $?"; done; for j in 2 3 8; do cmp $d/out1 $d/out$j && cmp $d/err1 $d/err$j && echo "-j$j same"; done; wc -l <$d/out1; sed "s|$d/||" $d/err1; rm -r $d
> status 2
> status 2
> status 2
> status 2
> -j2 same
> -j3 same
> -j8 same
> 3372
> flowgrep: cut.log.gz: truncated gzip data
> flowgrep: nosuch: No such file or directory
# A worker fills each block of 256 KiB from several inflate calls: text of
# one byte under, at and over a block, two blocks, two members that meet
# at a block's end, and an object cut past its first block, whose text up
# to the cut is selected before the error; each count agrees with zcat's
# (the lines cut short by head -c are the four that are not records).
$ d=$(mktemp -d); bench/gen -s 3M --seed 7 >$d/all; for n in 262143 262144 262145 524288; do head -c $n $d/all | gzip -1 >$d/t$n.log.gz; done; gzip -1 <$d/all | head -c 600000 >$d/cut.log.gz; (head -c 262144 $d/all | gzip -1; tail -c +262145 $d/all | gzip -1) >$d/two.log.gz; for j in 1 2 3; do flowgrep -j$j -c 'dstport=22' $d/*.gz >$d/out$j 2>$d/err$j; echo "status $?"; done; for j in 2 3; do cmp $d/out1 $d/out$j && cmp $d/err1 $d/err$j && echo "-j$j same"; done; for f in $d/*.gz; do zcat $f 2>/dev/null | flowgrep -s -c 'dstport=22'; done | paste -sd' '; sed "s|$d/||" $d/out1 | paste -sd' '; sed "s|$d/||" $d/err1; rm -r $d
> status 2
> status 2
> status 2
> -j2 same
> -j3 same
> 1274 192 192 192 379 2084
> cut.log.gz:1274 t262143.log.gz:192 t262144.log.gz:192 t262145.log.gz:192 t524288.log.gz:379 two.log.gz:2084
> flowgrep: cut.log.gz: truncated gzip data
> flowgrep: warning: 4 lines were not flow-log records; first at t262143.log.gz:2256: expected 14 fields, found 2
# Files ahead fill the shared pool (two 20 MB texts ahead want 160 blocks
# of 256 KiB, the pool has 128): workers wait for room and go on as the
# reader drains them, and -m or -q leave files whose queues are full.
$ d=$(mktemp -d); for i in 1 2 3; do bench/gen -s 20M --seed $i | gzip -1 >$d/f$i.log.gz; done; for j in 1 2 3; do { flowgrep -j$j -c 'dstport=22' $d/*.gz; flowgrep -j$j -n -m2 'dstport=22' $d/*.gz; flowgrep -j$j -q 'dstport=22' $d/*.gz; echo "status $?"; } >$d/out$j 2>&1; done; for j in 2 3; do cmp $d/out1 $d/out$j && echo "-j$j same"; done; sed "s|$d/||" $d/out1 | cut -c1-40; rm -r $d
> -j2 same
> -j3 same
> f1.log.gz:14177
> f2.log.gz:14504
> f3.log.gz:14266
> f1.log.gz:12:2 500136586050 eni-0fe81ded
> f1.log.gz:28:2 838899482680 eni-0d15c024
> f2.log.gz:23:2 415970409778 eni-03257410
> f2.log.gz:27:2 751446621400 eni-0c095a5c
> f3.log.gz:10:2 755203785797 eni-019d845c
> f3.log.gz:13:2 257540686432 eni-0d508be9
> status 0
# A gzip stream named as a file (a FIFO, or <(...)) is read ahead too, but
# its records go out as they come: a worker queues what it has when the
# next read would wait, rather than fill a block first.
$ d=$(mktemp -d); mkfifo $d/f; r='2 111111111111 eni-0a1b2c3d4e5f60718 10.0.0.100 1.2.3.4 35535 22 6 3 180 1418530010 1418530070 REJECT OK'; { printf '%s\n' "$r" | gzip; i=0; until [ -s $d/o ] || [ $i -ge 200 ]; do sleep 0.05; i=$((i + 1)); done; [ -s $d/o ] && echo 'out while the input was open' >&2; printf '%s\n' "$r" | gzip; } >$d/f & flowgrep -j2 -n REJECT $d/f >$d/o; wait; cat $d/o; rm -r $d
> 1:2 111111111111 eni-0a1b2c3d4e5f60718 10.0.0.100 1.2.3.4 35535 22 6 3 180 1418530010 1418530070 REJECT OK
> 2:2 111111111111 eni-0a1b2c3d4e5f60718 10.0.0.100 1.2.3.4 35535 22 6 3 180 1418530010 1418530070 REJECT OK
! out while the input was open
# Counting, -m and -q stop early; -r lists a tree first.
$ d=$(mktemp -d); for i in 1 2 3; do bench/gen -s 2M --seed $i | gzip -1 >$d/f$i.log.gz; done; flowgrep -j2 -c REJECT $d/*.gz | sed "s|$d/||"; flowgrep -j2 -m1 -c REJECT $d/*.gz | sed "s|$d/||"; flowgrep -j2 -q REJECT $d/*.gz; echo "status $?"; cd $d && flowgrep -j3 -r -c 'dstport=3389'; cd / && rm -r $d
> f1.log.gz:3390
> f2.log.gz:3235
> f3.log.gz:3287
> f1.log.gz:1
> f2.log.gz:1
> f3.log.gz:1
> status 0
> ./f1.log.gz:746
> ./f2.log.gz:690
> ./f3.log.gz:753
$ flowgrep -j0 x </dev/null
! flowgrep: -j: '0' is not a number of threads (1 to 256)
? 2
# Plain files are read ahead as well: a regular file, or standard input
# that is one (< file).  A worker reads blocks of 256 KiB, and the reader
# is lent each, with the unfinished line of the one before put in the
# 64 KiB of room before its text; a longer rest is copied as without -j.
# Lines that straddle the third block's end with 65535, 65536 and 65537
# bytes (and 1) before it, and lines of 1 MiB - 1 to 1 MiB + 1, read as
# -j1 reads them, by name and from standard input, whether the worker
# also indexes the blocks or not; then the count as read from a pipe, and
# -j2's count and warning from standard input.
$ d=$(mktemp -d); bench/gen -s 3M --seed 5 >$d/all; tail -c 1000000 $d/all | sed 1d >$d/tail; for c in 65535:65600 65536:65600 65537:65600 65536:65536 1:64 500000:1048575 500000:1048576 500000:1048577; do r=${c%:*}; n=${c#*:}; m=$(head -c $((262144 * 3 - r - 1000)) $d/all | sed '$d' | wc -c); f=$d/t$r-$n.log; { head -c $m $d/all; head -c $((262144 * 3 - r - m - 1)) /dev/zero | tr '\0' ' '; echo; head -c $n /dev/zero | tr '\0' y; echo; cat $d/tail; } >$f; flowgrep -j1 -n 'dstport=22 or REJECT' $f >$d/a 2>&1; for w in always never; do FLOWGREP_INDEX_AHEAD=$w flowgrep -j2 -n 'dstport=22 or REJECT' $f >$d/b$w 2>&1; FLOWGREP_INDEX_AHEAD=$w flowgrep -j2 -n 'dstport=22 or REJECT' <$f >$d/e$w 2>&1; done; flowgrep -j1 -n 'dstport=22 or REJECT' <$f >$d/c 2>&1; cmp -s $d/a $d/balways && cmp -s $d/a $d/bnever && cmp -s $d/c $d/ealways && cmp -s $d/c $d/enever && echo "$r $n same $(wc -l <$d/a) $(cat $f | flowgrep -c 'dstport=22 or REJECT' 2>/dev/null) $(flowgrep -j2 -c 'dstport=22 or REJECT' <$f 2>&1 | paste -sd' ')"; done; rm -r $d
> 65535 65600 same 3364 3363 3363 flowgrep: warning: 1 line was not a flow-log record; first at (standard input):6198: expected 14 fields, found 1
> 65536 65600 same 3364 3363 3363 flowgrep: warning: 1 line was not a flow-log record; first at (standard input):6198: expected 14 fields, found 1
> 65537 65600 same 3364 3363 3363 flowgrep: warning: 1 line was not a flow-log record; first at (standard input):6198: expected 14 fields, found 1
> 65536 65536 same 3364 3363 3363 flowgrep: warning: 1 line was not a flow-log record; first at (standard input):6198: expected 14 fields, found 1
> 1 64 same 3497 3496 3496 flowgrep: warning: 1 line was not a flow-log record; first at (standard input):6760: expected 14 fields, found 1
> 500000 1048575 same 2513 2512 2512 flowgrep: warning: 1 line was not a flow-log record; first at (standard input):2455: expected 14 fields, found 1
> 500000 1048576 same 2513 2512 2512 flowgrep: warning: 1 line was not a flow-log record; first at (standard input):2455: line longer than 1 MiB
> 500000 1048577 same 2513 2512 2512 flowgrep: warning: 1 line was not a flow-log record; first at (standard input):2455: line longer than 1 MiB
# Queries of every kind read by name and from standard input with -j2,
# the worker indexing every block or none, as -j1 reads them: a literal
# in most lines (the worker stops looking for it, as the reader does), in
# few (lean), -v, none, a regex; lines with a double space, a tab, or
# cut short, here and there in 3 MB.
$ d=$(mktemp -d); bench/gen -s 3M --seed 11 | awk 'NR % 997 == 0 { sub(/ /, "  ") } NR % 1999 == 0 { $0 = substr($0, 1, 40) } NR % 2503 == 0 { sub(/ /, "\t") } { print }' >$d/f; for q in '-c|action=ACCEPT' '-c|REJECT' '-n|dstport=22 and action=REJECT' '-c -v|REJECT' '-c|srcaddr=10.0.0.0/8' '-c|interface-id~/^eni-0a/' '-o srcaddr,dstport|REJECT' '-c|not (NODATA or REJECT)'; do o=${q%%|*}; e=${q#*|}; flowgrep -j1 $o "$e" $d/f >$d/a 2>&1; s=same; for w in always never; do FLOWGREP_INDEX_AHEAD=$w flowgrep -j2 $o "$e" $d/f >$d/b 2>&1; cmp -s $d/a $d/b || s=differ; FLOWGREP_INDEX_AHEAD=$w flowgrep -j2 $o "$e" <$d/f >$d/c 2>&1; sed "s|$d/f|(standard input)|" $d/a | cmp -s - $d/c || s=differ; done; echo "$o $e: $s, $(wc -l <$d/a) lines, $(head -1 $d/a | cut -c1-24)"; done; sed "s|$d/||" $d/a | tail -1; rm -r $d
> -c action=ACCEPT: same, 2 lines, 20648
> -c REJECT: same, 2 lines, 4868
> -n dstport=22 and action=REJECT: same, 1230 lines, 22:2 104684844199 eni-0e
> -c -v REJECT: same, 2 lines, 20910
> -c srcaddr=10.0.0.0/8: same, 2 lines, 10986
> -c interface-id~/^eni-0a/: same, 2 lines, 1100
> -o srcaddr,dstport REJECT: same, 4869 lines, 10.0.72.254 62319
> -c not (NODATA or REJECT): same, 2 lines, 20648
> flowgrep: warning: 32 lines were not flow-log records; first at f:1999: expected 14 fields, found 4
# A literal in most lines of a few blocks, not of the reader's window of
# 8192 lines: the worker keeps looking for it until the reader stops,
# so a bad value on a line without it is not evaluated, as with -j1.
$ d=$(mktemp -d); bench/gen -n 30000 --seed 9 | awk '{ $13 = NR >= 2700 && NR <= 5400 ? "REJECT" : "ACCEPT"; if (NR == 20000) $10 = "xyz"; print }' >$d/f; for w in always never; do for j in 1 2; do FLOWGREP_INDEX_AHEAD=$w flowgrep -j$j -c 'bytes>100 and action=REJECT' $d/f; FLOWGREP_INDEX_AHEAD=$w flowgrep -j$j -c 'bytes>100 and action=REJECT' <$d/f; done; done 2>&1 | sed "s|$d/||" | sort | uniq -c | awk '{ $1 = $1; print }'; rm -r $d
> 8 2389
# A first line like JSON that is not (an error at byte 100,010, before
# any event): text, however the input came in pieces.
$ d=$(mktemp -d); { printf '{"note":"'; head -c 100000 /dev/zero | tr '\0' a; printf '"}\n'; bench/gen -n 20000 --seed 3; } >$d/j; for j in 1 2; do flowgrep -j$j -c REJECT $d/j; echo "status $?"; done 2>&1 | sed "s|$d/||"; cat $d/j | flowgrep -c REJECT; rm -r $d
> 3823
> flowgrep: warning: 1 line was not a flow-log record; first at j:1: expected 14 fields, found 1
> status 0
> 3823
> flowgrep: warning: 1 line was not a flow-log record; first at j:1: expected 14 fields, found 1
> status 0
> 3823
! flowgrep: warning: 1 line was not a flow-log record; first at (standard input):1: expected 14 fields, found 1
# Standard input that cannot be read: reported as -j1 reports it.
$ d=$(mktemp -d); : >$d/w; for j in 1 2; do flowgrep -j$j -c REJECT - 0>>$d/w; echo "status $?"; done 2>&1; rm -r $d
> flowgrep: (standard input): Bad file descriptor
> 0
> status 2
> flowgrep: (standard input): Bad file descriptor
> 0
> status 2
# FLOWGREP_INDEX_AHEAD takes always or never (empty is unset); the counts
# are the same either way, and any other value is an error.
$ for w in always never ''; do FLOWGREP_INDEX_AHEAD=$w flowgrep -j2 -c REJECT examples/flows.log; done
> 63
> 63
> 63
$ FLOWGREP_INDEX_AHEAD=sometimes flowgrep REJECT examples/flows.log
! flowgrep: FLOWGREP_INDEX_AHEAD: 'sometimes' is not always or never
? 2
