# A bad expression: exit 2, the message, the expression and a caret under the column.

$ flowgrep 'dstprot=22' tests/data/records-put.txt
! flowgrep: unknown field 'dstprot' (did you mean 'dstport'?)
!   dstprot=22
!   ^~~~~~~
? 2
$ flowgrep 'dstport=22 and acton=REJECT' tests/data/records-put.txt
! flowgrep: unknown field 'acton' (did you mean 'action'?)
!   dstport=22 and acton=REJECT
!                  ^~~~~
? 2
$ flowgrep 'frobnicate=1'
! flowgrep: unknown field 'frobnicate' (a field that only a header names can be written ${frobnicate})
!   frobnicate=1
!   ^~~~~~~~~~
? 2
$ flowgrep 'srcport=abc'
! flowgrep: 'abc' is not a port (0 to 65535) for srcport
!   srcport=abc
!           ^~~
? 2
$ flowgrep 'srcport=65536'
! flowgrep: '65536' is not a port (0 to 65535) for srcport
!   srcport=65536
!           ^~~~~
? 2
$ flowgrep 'srcaddr=10.0.0.0/33'
! flowgrep: '10.0.0.0/33' is not an address/prefix (bad address or prefix length) for srcaddr
!   srcaddr=10.0.0.0/33
!           ^~~~~~~~~~~
? 2
$ flowgrep 'srcaddr=10.0.0.256'
! flowgrep: '10.0.0.256' is not an IPv4 or IPv6 address for srcaddr
!   srcaddr=10.0.0.256
!           ^~~~~~~~~~
? 2
$ flowgrep 'srcaddr=2001:db8:::1'
! flowgrep: '2001:db8:::1' is not an IPv4 or IPv6 address for srcaddr
!   srcaddr=2001:db8:::1
!           ^~~~~~~~~~~~
? 2
$ flowgrep 'protocol=tpc'
! flowgrep: 'tpc' is not a protocol number or name for protocol
!   protocol=tpc
!            ^~~
? 2
$ flowgrep 'tcp-flags=SYNACK'
! flowgrep: 'SYNACK' is not a TCP flag (FIN SYN RST PSH ACK URG ECE CWR, joined by + for all of them) or number for tcp-flags
!   tcp-flags=SYNACK
!             ^~~~~~
? 2
$ flowgrep 'traffic-path=9'
? 1
$ flowgrep 'bytes>1.5'
! flowgrep: '1.5' is not a number for bytes
!   bytes>1.5
!         ^~~
? 2
$ flowgrep 'bytes>1X'
! flowgrep: '1X' is not a number for bytes
!   bytes>1X
!         ^~
? 2
$ flowgrep 'start>2024-13-01'
! flowgrep: '2024-13-01' is not a time (epoch seconds, ISO 8601 such as 2024-03-25T14:00:00Z, or relative such as -15m) for start
!   start>2024-13-01
!         ^~~~~~~~~~
? 2
$ flowgrep 'start>yesterday'
! flowgrep: 'yesterday' is not a time (epoch seconds, ISO 8601 such as 2024-03-25T14:00:00Z, or relative such as -15m) for start
!   start>yesterday
!         ^~~~~~~~~
? 2
$ flowgrep 'dstport=100..10'
! flowgrep: '100..10' is an empty range (the first bound is larger) for dstport
!   dstport=100..10
!           ^~~~~~~
? 2
$ flowgrep '(dstport=22 or dstport=3389'
! flowgrep: unbalanced parenthesis: this ( is not closed
!   (dstport=22 or dstport=3389
!   ^
? 2
$ flowgrep 'dstport=22)'
! flowgrep: unbalanced parenthesis: no ( to close
!   dstport=22)
!             ^
? 2
$ flowgrep '((dstport=22)'
! flowgrep: unbalanced parenthesis: this ( is not closed
!   ((dstport=22)
!   ^
? 2
$ flowgrep 'dstport=22 and'
! flowgrep: expected a comparison at the end of the expression
!   dstport=22 and
!                 ^
? 2
$ flowgrep 'dstport='
! flowgrep: expected a value at the end of the expression
!   dstport=
!           ^
? 2
$ flowgrep 'dstport'
! flowgrep: expected an operator (= != < <= > >= ~ !~ in) after field 'dstport'
!   dstport
!          ^
? 2
$ flowgrep 'and dstport=22'
! flowgrep: expected a comparison, not 'and'
!   and dstport=22
!   ^~~
? 2
$ flowgrep 'dstport=22 or or REJECT'
! flowgrep: expected a comparison, not 'or'
!   dstport=22 or or REJECT
!                 ^~
? 2
$ flowgrep 'dstport in (22, 80'
! flowgrep: expected , or ) in the list
!   dstport in (22, 80
!                     ^
? 2
$ flowgrep 'dstport in (22 80)'
! flowgrep: expected , or ) in the list
!   dstport in (22 80)
!                  ^~
? 2
$ flowgrep 'srcaddr ~ /10\.(/'
! flowgrep: bad regular expression: missing closing parenthesis (at offset 5)
!   srcaddr ~ /10\.(/
!                   ^
? 2
$ flowgrep 'srcaddr ~ /abc'
! flowgrep: unterminated regular expression (missing closing /)
!   srcaddr ~ /abc
!             ^~~~
? 2
$ flowgrep 'srcaddr ~ /abc/x'
! flowgrep: unknown regex flag 'x' (only i is known)
!   srcaddr ~ /abc/x
!                  ^
? 2
$ flowgrep 'srcaddr ~ 1,2'
! flowgrep: ~ takes one regular expression, not a list
!   srcaddr ~ 1,2
!           ^
? 2
$ flowgrep 'srcaddr = /abc/'
! flowgrep: a regular expression needs ~ or !~
!   srcaddr = /abc/
!             ^~~~~
? 2
$ flowgrep 'action < REJECT'
! flowgrep: < does not apply to action, a word field (use = with * wildcards, or ~)
!   action < REJECT
!          ^
? 2
$ flowgrep 'dstport < 1,2'
! flowgrep: < needs a single number, time or address
!   dstport < 1,2
!           ^
? 2
$ flowgrep 'dstport < -'
! flowgrep: only = and != compare with - (the missing value)
!   dstport < -
!           ^
? 2
$ flowgrep 'dstport = 1,-'
! flowgrep: - (the missing value) cannot be part of a list
!   dstport = 1,-
!               ^
? 2
$ flowgrep "action='REJECT"
! flowgrep: unterminated single-quoted string
!   action='REJECT
!          ^~~~~~~
? 2
$ flowgrep 'hello'
! flowgrep: 'hello' is neither a field followed by an operator nor a value flowgrep recognises on its own
!   hello
!   ^~~~~
? 2
$ flowgrep '"REJECT"'
! flowgrep: a quoted value needs a field and an operator before it
!   "REJECT"
!   ^~~~~~~~
? 2
$ flowgrep 'dstport=22 # comment'
! flowgrep: '#' is neither a field followed by an operator nor a value flowgrep recognises on its own
!   dstport=22 # comment
!              ^
? 2
$ flowgrep 'dstport=22 ^ 3'
! flowgrep: '^' is neither a field followed by an operator nor a value flowgrep recognises on its own
!   dstport=22 ^ 3
!              ^
? 2
# An empty expression selects every record (for reformatting).
$ flowgrep -c '' tests/data/records-put.txt
> 20
$ flowgrep -c '   ' tests/data/records-put.txt
> 20
$ flowgrep 'srcport=22 and dstport=443 and action=ACCEPT and srcaddr=10.0.0.1 and dstaddr=10.0.0.2 and protocol=tcp and packets>10 and bytes>1000 and log-status=OK and interface-id=eni-1 and start>=1 and end>dstprt'
! flowgrep: 'dstprt' is not a time (epoch seconds, ISO 8601 such as 2024-03-25T14:00:00Z, or relative such as -15m) for end
!   ...interface-id=eni-1 and start>=1 and end>dstprt
!                                              ^~~~~~
? 2
$ flowgrep 'dstport=22 and éàü=1'
! flowgrep: unknown field 'éàü' (a field that only a header names can be written ${éàü})
!   dstport=22 and éàü=1
!                  ^~~
? 2
$ flowgrep 'srcaddr in @tests/data/no-such-list'
! flowgrep: cannot read list tests/data/no-such-list: No such file or directory
!   srcaddr in @tests/data/no-such-list
!              ^~~~~~~~~~~~~~~~~~~~~~~~
? 2
