# I/O faults and streaming.

# A write error is reported and exits 2.
$ flowgrep REJECT tests/data/records-put.txt > /dev/full
! flowgrep: write error: No space left on device
? 2
$ flowgrep -c REJECT tests/data/records-put.txt > /dev/full
! flowgrep: write error: No space left on device
? 2

# A closed pipe ends flowgrep quietly, as grep: killed by SIGPIPE (status 141 in the shell).
$ { yes 2>/dev/null '2 111111111111 eni-0a1b2c3d4e5f60718 10.0.0.100 1.2.3.4 35535 22 6 3 180 1418530010 1418530070 REJECT OK' | head -n 300000 2>/dev/null | flowgrep REJECT; echo "status $?" >&2; } | head -n 1
> 2 111111111111 eni-0a1b2c3d4e5f60718 10.0.0.100 1.2.3.4 35535 22 6 3 180 1418530010 1418530070 REJECT OK
! status 141
# With SIGPIPE ignored by the parent, EPIPE ends it quietly with status 0.
$ { trap '' PIPE; yes '2 111111111111 eni-0a1b2c3d4e5f60718 10.0.0.100 1.2.3.4 35535 22 6 3 180 1418530010 1418530070 REJECT OK' | head -n 300000 2>/dev/null | flowgrep REJECT; echo "status $?" >&2; } | head -n 1
> 2 111111111111 eni-0a1b2c3d4e5f60718 10.0.0.100 1.2.3.4 35535 22 6 3 180 1418530010 1418530070 REJECT OK
! yes: standard output: Broken pipe
! status 0

# A match is written before flowgrep waits for more input (no --line-buffered needed).
$ { printf '%s\n' '2 111111111111 eni-0a1b2c3d4e5f60718 10.0.0.100 1.2.3.4 35535 22 6 3 180 1418530010 1418530070 REJECT OK'; sleep 4; } | flowgrep REJECT | timeout 3 head -n 1
> 2 111111111111 eni-0a1b2c3d4e5f60718 10.0.0.100 1.2.3.4 35535 22 6 3 180 1418530010 1418530070 REJECT OK
# -m ends the stream at once, even if the writer goes on.
$ { printf '%s\n' '2 111111111111 eni-0a1b2c3d4e5f60718 10.0.0.100 1.2.3.4 35535 22 6 3 180 1418530010 1418530070 REJECT OK'; sleep 4; printf '%s\n' '2 111111111111 eni-0a1b2c3d4e5f60718 10.0.0.100 1.2.3.4 35535 22 6 3 180 1418530010 1418530070 REJECT OK'; } | timeout 3 flowgrep -m1 -c REJECT
> 1
# SIGTERM while following: what was selected is out, then flowgrep dies of the signal.
$ rm -f ${TMPDIR:-/tmp}/flowgrep-sig.out; { printf '%s\n' '2 111111111111 eni-0a1b2c3d4e5f60718 10.0.0.100 1.2.3.4 35535 22 6 3 180 1418530010 1418530070 REJECT OK'; sleep 4; } | { exec 3<&0; flowgrep REJECT <&3 >${TMPDIR:-/tmp}/flowgrep-sig.out & pid=$!; i=0; until [ -s ${TMPDIR:-/tmp}/flowgrep-sig.out ] || [ $i -ge 30 ]; do sleep 0.1; i=$((i + 1)); done; kill -TERM $pid; wait $pid 2>/dev/null; echo "status $?" >&2; cat ${TMPDIR:-/tmp}/flowgrep-sig.out; }
> 2 111111111111 eni-0a1b2c3d4e5f60718 10.0.0.100 1.2.3.4 35535 22 6 3 180 1418530010 1418530070 REJECT OK
! status 143
# --line-buffered flushes after each record.
$ { printf '%s\n' '2 111111111111 eni-0a1b2c3d4e5f60718 10.0.0.100 1.2.3.4 35535 22 6 3 180 1418530010 1418530070 REJECT OK'; sleep 1; } | flowgrep --line-buffered -c REJECT
> 1
