# I/O faults and streaming.

# A write error is reported and exits 2.
$ flowgrep REJECT tests/data/records-put.txt > /dev/full
! flowgrep: write error: No space left on device
? 2
$ flowgrep -c REJECT tests/data/records-put.txt > /dev/full
! flowgrep: write error: No space left on device
? 2
# So is a failed --help, --version, --list-fields or --explain.
$ flowgrep --help > /dev/full
! flowgrep: write error: No space left on device
? 2
$ flowgrep --version > /dev/full
! flowgrep: write error: No space left on device
? 2
$ flowgrep --list-fields > /dev/full
! flowgrep: write error: No space left on device
? 2
$ flowgrep --explain port=22 > /dev/full
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

# A match is written before flowgrep waits for more input (no --line-buffered needed):
# the writer keeps its end of the pipe open until the match is out (or 10 s have passed).
$ o=${TMPDIR:-/tmp}/fg-flush.$$; { printf '%s\n' '2 111111111111 eni-0a1b2c3d4e5f60718 10.0.0.100 1.2.3.4 35535 22 6 3 180 1418530010 1418530070 REJECT OK'; i=0; until [ -s $o ] || [ $i -ge 200 ]; do sleep 0.05; i=$((i + 1)); done; [ -s $o ] && echo 'out while the input was open' >&2; } | flowgrep REJECT >$o; cat $o; rm -f $o
> 2 111111111111 eni-0a1b2c3d4e5f60718 10.0.0.100 1.2.3.4 35535 22 6 3 180 1418530010 1418530070 REJECT OK
! out while the input was open
# -m ends the stream at once, even if the writer goes on (-c prints when flowgrep ends).
$ o=${TMPDIR:-/tmp}/fg-m1.$$; { printf '%s\n' '2 111111111111 eni-0a1b2c3d4e5f60718 10.0.0.100 1.2.3.4 35535 22 6 3 180 1418530010 1418530070 REJECT OK'; i=0; until [ -s $o ] || [ $i -ge 200 ]; do sleep 0.05; i=$((i + 1)); done; [ -s $o ] && echo 'ended while the input was open' >&2; printf '%s\n' '2 111111111111 eni-0a1b2c3d4e5f60718 10.0.0.100 1.2.3.4 35535 22 6 3 180 1418530010 1418530070 REJECT OK' 2>/dev/null; } | flowgrep -m1 -c REJECT >$o; cat $o; rm -f $o
> 1
! ended while the input was open
# SIGTERM while following: what was selected is out, then flowgrep dies of the signal.
$ o=${TMPDIR:-/tmp}/fg-sig.$$; rm -f $o $o.done; { printf '%s\n' '2 111111111111 eni-0a1b2c3d4e5f60718 10.0.0.100 1.2.3.4 35535 22 6 3 180 1418530010 1418530070 REJECT OK'; i=0; until [ -e $o.done ] || [ $i -ge 200 ]; do sleep 0.05; i=$((i + 1)); done; } | { exec 3<&0; flowgrep REJECT <&3 >$o & pid=$!; i=0; until [ -s $o ] || [ $i -ge 200 ]; do sleep 0.05; i=$((i + 1)); done; kill -TERM $pid; wait $pid 2>/dev/null; echo "status $?" >&2; : >$o.done; cat $o; }; rm -f $o $o.done
> 2 111111111111 eni-0a1b2c3d4e5f60718 10.0.0.100 1.2.3.4 35535 22 6 3 180 1418530010 1418530070 REJECT OK
! status 143
# --line-buffered flushes after each record.
$ printf '%s\n' '2 111111111111 eni-0a1b2c3d4e5f60718 10.0.0.100 1.2.3.4 35535 22 6 3 180 1418530010 1418530070 REJECT OK' | flowgrep --line-buffered -c REJECT
> 1
