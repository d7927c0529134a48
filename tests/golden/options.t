# Options, as grep has them, and exit status: 0 selected, 1 none, 2 error (2 wins).

$ flowgrep -c REJECT tests/data/records-put.txt
> 6
$ flowgrep -c 'dstport=9999' tests/data/records-put.txt
> 0
? 1
$ flowgrep -v -c 'action=ACCEPT' tests/data/records-put.txt
> 9
$ flowgrep --invert-match --count 'action=ACCEPT' tests/data/records-put.txt
> 9
$ flowgrep -m 2 REJECT tests/data/records-put.txt
> 2 111111111111 eni-0a1b2c3d4e5f60718 10.0.0.100 1.2.3.4 35535 22 6 3 180 1418530010 1418530070 REJECT OK
> 2 111111111111 eni-0f1e2d3c4b5a69788 203.0.113.12 10.0.2.15 0 0 1 4 336 1795939355 1795939415 REJECT OK
$ flowgrep --max-count=1 -c REJECT tests/data/records-put.txt tests/data/tail-short.txt
> tests/data/records-put.txt:1
> tests/data/tail-short.txt:1
$ flowgrep -m 0 REJECT tests/data/records-put.txt
? 1
$ flowgrep -q REJECT tests/data/records-put.txt
$ flowgrep -q 'dstport=9999' tests/data/records-put.txt
? 1
$ flowgrep -n 'dstport=3389' tests/data/records-put.txt
> 9:2 111111111111 eni-0a1b2c3d4e5f60718 198.51.100.7 10.0.0.100 49761 3389 6 1 40 1795939560 1795939620 REJECT OK
> 10:2 111111111111 eni-0f1e2d3c4b5a69788 198.51.100.7 10.0.2.15 49762 3389 6 1 40 1795939560 1795939620 REJECT OK
$ flowgrep -H 'dstport=3389 and eni=eni-0a*' tests/data/records-put.txt
> tests/data/records-put.txt:2 111111111111 eni-0a1b2c3d4e5f60718 198.51.100.7 10.0.0.100 49761 3389 6 1 40 1795939560 1795939620 REJECT OK
$ flowgrep 'dstport=3389 and eni=eni-0a*' tests/data/records-put.txt tests/data/tail-short.txt
> tests/data/records-put.txt:2 111111111111 eni-0a1b2c3d4e5f60718 198.51.100.7 10.0.0.100 49761 3389 6 1 40 1795939560 1795939620 REJECT OK
> tests/data/tail-short.txt:2026-11-29T08:07:00 2 111111111111 eni-0a1b2c3d4e5f60718 198.51.100.7 10.0.0.100 49761 3389 6 1 40 1795939560 1795939620 REJECT OK
$ flowgrep -h 'dstport=3389 and eni=eni-0a*' tests/data/records-put.txt tests/data/tail-short.txt
> 2 111111111111 eni-0a1b2c3d4e5f60718 198.51.100.7 10.0.0.100 49761 3389 6 1 40 1795939560 1795939620 REJECT OK
> 2026-11-29T08:07:00 2 111111111111 eni-0a1b2c3d4e5f60718 198.51.100.7 10.0.0.100 49761 3389 6 1 40 1795939560 1795939620 REJECT OK
$ flowgrep -Hn 'dstport=3389 and eni=eni-0a*' - < tests/data/records-put.txt
> (standard input):9:2 111111111111 eni-0a1b2c3d4e5f60718 198.51.100.7 10.0.0.100 49761 3389 6 1 40 1795939560 1795939620 REJECT OK
$ cat tests/data/records-put.txt | flowgrep -c REJECT
> 6
$ cat tests/data/records-put.txt | flowgrep -c REJECT - tests/data/records-put.txt
> (standard input):6
> tests/data/records-put.txt:6
$ flowgrep -c REJECT -- tests/data/records-put.txt
> 6
$ flowgrep -c -- '!ACCEPT' tests/data/records-put.txt
> 6

# A file that cannot be read: a message, the other files still read, exit 2 even with matches.
$ flowgrep -c REJECT tests/data/no-such-file tests/data/records-put.txt
> tests/data/records-put.txt:6
! flowgrep: tests/data/no-such-file: No such file or directory
? 2
$ flowgrep -s -c REJECT tests/data/no-such-file tests/data/records-put.txt
> tests/data/records-put.txt:6
? 2
$ flowgrep -c REJECT tests/data tests/data/records-put.txt
> tests/data/records-put.txt:6
! flowgrep: tests/data: is a directory
? 2

# Lines that are not records: skipped, counted, one summary at the end; -s hides it; --strict makes the first an error.
$ printf 'hello world\n2 1 eni-a 10.0.0.1 10.0.0.2 1 22 6 1 40 1 2 REJECT OK\n2 1 eni-a 10.0.0.1\n#comment\n' | flowgrep REJECT
> 2 1 eni-a 10.0.0.1 10.0.0.2 1 22 6 1 40 1 2 REJECT OK
! flowgrep: warning: 3 lines were not flow-log records; first at (standard input):1: expected 14 fields, found 2
$ printf 'hello world\n2 1 eni-a 10.0.0.1 10.0.0.2 1 22 6 1 40 1 2 REJECT OK\n' | flowgrep -v REJECT
! flowgrep: warning: 1 line was not a flow-log record; first at (standard input):1: expected 14 fields, found 2
? 1
$ printf 'hello world\n2 1 eni-a 10.0.0.1 10.0.0.2 1 22 6 1 40 1 2 REJECT OK\n' | flowgrep -s REJECT
> 2 1 eni-a 10.0.0.1 10.0.0.2 1 22 6 1 40 1 2 REJECT OK
$ printf '2 1 eni-a 10.0.0.1 10.0.0.2 1 22 6 1 40 1 2 REJECT OK\nhello world\n2 1 eni-a 10.0.0.1 10.0.0.2 1 22 6 1 40 1 2 REJECT OK\n' | flowgrep --strict REJECT
> 2 1 eni-a 10.0.0.1 10.0.0.2 1 22 6 1 40 1 2 REJECT OK
! flowgrep: (standard input):2: not a flow-log record: expected 14 fields, found 2
? 2

# --format: the LogFormat as describe-flow-logs prints it; a bad one is an error.
$ flowgrep --format '${srcaddr} ${dstaddr} ${action}' REJECT < /dev/null
? 1
$ flowgrep --format '${srcaddr} $dstaddr' REJECT < /dev/null
! flowgrep: --format: '$dstaddr' is not a field name
? 2
$ flowgrep --format '' REJECT < /dev/null
! flowgrep: --format: no field names
? 2
$ printf '10.0.0.1 10.0.0.2 REJECT x\n' | flowgrep --format 'srcaddr dstaddr action ${my-field}' '${my-field}=x'
> 10.0.0.1 10.0.0.2 REJECT x

# Lists from a file: values one per line, # comments.
$ flowgrep 'srcaddr in @tests/data/blocklist.txt' tests/data/records-put.txt
> 2 111111111111 eni-0f1e2d3c4b5a69788 10.0.2.15 10.0.0.100 443 57442 6 5 2406 1795939280 1795939340 ACCEPT OK
> 2 111111111111 eni-0f1e2d3c4b5a69788 203.0.113.12 10.0.2.15 0 0 1 4 336 1795939355 1795939415 REJECT OK
> 2 111111111111 eni-0f1e2d3c4b5a69788 10.0.2.15 10.0.0.2 50512 53 17 1 72 1795939500 1795939560 ACCEPT OK
> 2 111111111111 eni-0a1b2c3d4e5f60718 2001:db8:1234:a100:8d6e:3477:df66:f105 2001:db8:1234:a102:3304:8879:34cf:4071 34892 22 6 54 8855 1795939620 1795939680 ACCEPT OK
> 2 111111111111 eni-0f1e2d3c4b5a69788 10.0.2.15 52.95.128.179 41928 443 6 1250 1804219 1795939680 1795939740 ACCEPT OK
> 2 111111111111 eni-0f1e2d3c4b5a69788 10.0.2.15 10.0.3.7 5432 38122 6 110 98310 1795939920 1795939980 ACCEPT OK
> 2 111111111111 eni-0a1b2c3d4e5f60718 203.0.113.50 10.0.0.100 51234 22 6 1 44 1795939980 1795940040 REJECT OK
> 2 111111111111 eni-0f1e2d3c4b5a69788 10.0.2.15 10.0.2.1 123 123 17 1 76 1795940520 1795940580 ACCEPT OK
$ flowgrep -c 'dstport in @tests/data/ports.txt' tests/data/records-put.txt
> 7
$ flowgrep -c 'dstport in @tests/data/empty.txt' tests/data/records-put.txt
> 0
? 1
$ flowgrep -c 'dstport not in @tests/data/empty.txt' tests/data/records-put.txt
> 17
$ flowgrep -c 'dstport in @tests/data/blocklist.txt' tests/data/records-put.txt
! flowgrep: tests/data/blocklist.txt:2: '10.0.2.0/24' is not a port (0 to 65535)
!   dstport in @tests/data/blocklist.txt
!              ^~~~~~~~~~~~~~~~~~~~~~~~~
? 2
$ flowgrep --explain 'addr in @tests/data/blocklist.txt'
> (addr in (10.0.2.0/24, 203.0.113.0/24, 2001:db8::/32))

# --explain prints the expression as understood, and exits 0 without reading.
$ flowgrep --explain 'REJECT port=22 10.0.0.0/8'
> (((action = REJECT) and (port = 22)) and (addr in 10.0.0.0/8))

# --help and --version go to stdout; a bad option or a missing expression is an error.
$ flowgrep --version
> flowgrep 1.0.0
# --list-fields: one field a line, its type and, for a closed set, its words.
$ flowgrep --list-fields | grep -E '^(dstport|action|flow-direction|@timestamp|tgw-id)	'
> dstport	port
> action	word	ACCEPT REJECT
> flow-direction	word	ingress egress
> @timestamp	time
> tgw-id	string
$ flowgrep --list-fields | wc -l
> 79
$ flowgrep --help | head -3
> usage: flowgrep [-chHnqrsv] [-j N] [-m NUM] [-o LIST | -t TEMPLATE | --json | --csv | --tsv | --table]
>                 [--format FORMAT] [--strict] [--explain] EXPRESSION [FILE ...]
>
$ flowgrep
! flowgrep: no expression given
! usage: flowgrep [-chHnqrsv] [-j N] [-m NUM] [-o LIST | -t TEMPLATE | --json | --csv | --tsv | --table]
!                 [--format FORMAT] [--strict] [--explain] EXPRESSION [FILE ...]
? 2
$ flowgrep --frobnicate REJECT
! flowgrep: unknown option --frobnicate
! usage: flowgrep [-chHnqrsv] [-j N] [-m NUM] [-o LIST | -t TEMPLATE | --json | --csv | --tsv | --table]
!                 [--format FORMAT] [--strict] [--explain] EXPRESSION [FILE ...]
? 2
$ flowgrep -m
! flowgrep: option -m needs an argument
! usage: flowgrep [-chHnqrsv] [-j N] [-m NUM] [-o LIST | -t TEMPLATE | --json | --csv | --tsv | --table]
!                 [--format FORMAT] [--strict] [--explain] EXPRESSION [FILE ...]
? 2
$ flowgrep -m abc REJECT
! flowgrep: -m: 'abc' is not a count (a whole number, 0 or more)
? 2
$ flowgrep -m -1 REJECT
! flowgrep: -m: '-1' is not a count (a whole number, 0 or more)
? 2
$ flowgrep --time=never -o start REJECT
! flowgrep: --time: 'never' is not epoch, iso or local
? 2
$ flowgrep --color=sometimes REJECT
! flowgrep: --color: 'sometimes' is not never, always or auto
? 2
$ flowgrep --json --csv REJECT
! flowgrep: choose one of --json, --csv, --tsv, --table and -t
? 2

# -n numbers a copied header with its own line.
$ flowgrep -n 'dstport=22' tests/data/s3-mixed.log
> 1:version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status vpc-id subnet-id instance-id tcp-flags type pkt-srcaddr pkt-dstaddr region az-id sublocation-type sublocation-id pkt-src-aws-service pkt-dst-aws-service flow-direction traffic-path
> 4:5 111111111111 eni-0a1b2c3d4e5f60718 203.0.113.50 10.0.0.100 51234 22 6 1 44 1795939580 1795939640 REJECT OK vpc-0a1b2c3d4e5f60789 subnet-0123456789abcdef0 i-0c50d5961bcb2d47b 2 IPv4 203.0.113.50 10.0.0.100 eu-west-2 euw2-az2 - - - - ingress -
> 10:version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status
> 13:2 111111111111 eni-0a1b2c3d4e5f60718 10.0.0.100 1.2.3.4 35535 22 6 3 180 1418530010 1418530070 REJECT OK

# -c and -q print no CSV header; -o and -t cannot be combined, in either order.
$ flowgrep -c --csv -o srcaddr REJECT tests/data/records-put.txt
> 6
$ flowgrep -q --csv -o srcaddr REJECT tests/data/records-put.txt
$ flowgrep -o srcaddr -t '{srcaddr}' REJECT tests/data/records-put.txt
! flowgrep: choose one of -o and -t (a template names its fields)
? 2
$ flowgrep -t '{srcaddr}' -o srcaddr REJECT tests/data/records-put.txt
! flowgrep: choose one of -o and -t (a template names its fields)
? 2
$ flowgrep --csv -o srcaddr,dstport REJECT tests/data/records-put.txt
> srcaddr,dstport
> 10.0.0.100,22
> 203.0.113.12,0
> 198.51.100.7,3389
> 198.51.100.7,3389
> 192.0.2.44,22
> 203.0.113.50,22

# An expression the shell cut into words: said before anything is read.
$ flowgrep dstport=22 and action=REJECT examples/flows.log
! flowgrep: and: no such file; the expression is one argument, quote it:
!   flowgrep 'dstport=22 and action=REJECT' examples/flows.log
? 2
$ flowgrep 'dstport=22' and 'action=REJECT' -
! flowgrep: and: no such file; the expression is one argument, quote it:
!   flowgrep 'dstport=22 and action=REJECT' -
? 2
# An abbreviation of several options names them; --color takes its value after =.
$ flowgrep --t x </dev/null
! flowgrep: option --t is ambiguous (--template, --tsv, --table, --time, --to, --top)
! usage: flowgrep [-chHnqrsv] [-j N] [-m NUM] [-o LIST | -t TEMPLATE | --json | --csv | --tsv | --table]
!                 [--format FORMAT] [--strict] [--explain] EXPRESSION [FILE ...]
? 2
$ flowgrep --color always REJECT examples/runbook.log
! flowgrep: 'always' is neither a field followed by an operator nor a value flowgrep recognises on its own
!   always
!   ^~~~~~
! flowgrep: (--color takes its value after '=': --color=always)
? 2
# -r reads a tree (a synced AWSLogs/... prefix of .log.gz objects) in the order of its names.
$ d=$(mktemp -d); p=$d/AWSLogs/111111111111/vpcflowlogs/eu-west-1/2026/11; mkdir -p $p/28 $p/29 $p/29/.hidden; gzip -c tests/data/records-put.txt >$p/29/b.log.gz; cp tests/data/records-put.txt.gz $p/28/a.log.gz; cp tests/data/records-put.txt $p/29/.hidden/c.log; ln -s $p/28/a.log.gz $p/29/link.log.gz; cd $d && flowgrep -r -c REJECT; flowgrep -r -c REJECT AWSLogs/111111111111/vpcflowlogs/eu-west-1/2026/11/29; cd / && rm -r $d
> ./AWSLogs/111111111111/vpcflowlogs/eu-west-1/2026/11/28/a.log.gz:6
> ./AWSLogs/111111111111/vpcflowlogs/eu-west-1/2026/11/29/b.log.gz:6
> AWSLogs/111111111111/vpcflowlogs/eu-west-1/2026/11/29/b.log.gz:6
$ flowgrep -c REJECT tests
! flowgrep: tests: is a directory
? 2
