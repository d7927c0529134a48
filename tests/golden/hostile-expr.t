# Hostile expressions and option arguments: clear errors, no stack overflow, no hang.

# Nesting deeper than 200 is an error, never a stack overflow; 200 levels are fine.
$ flowgrep "$(awk 'BEGIN { for (i = 0; i < 100000; i++) printf "("; print "REJECT" }')" < /dev/null 2>&1 | head -n 1
> flowgrep: expression nested more than 200 deep
$ flowgrep -c "$(awk 'BEGIN { for (i = 0; i < 199; i++) printf "("; printf "REJECT"; for (i = 0; i < 199; i++) printf ")"; print "" }')" examples/runbook.log
> 1
$ flowgrep "$(awk 'BEGIN { for (i = 0; i < 30000; i++) printf "not "; print "REJECT" }')" < /dev/null 2>&1 | head -n 1
> flowgrep: expression nested more than 200 deep

# An expression as long as one argument may be (128 KiB): thousands of or'ed terms.
$ flowgrep -c "$(awk 'BEGIN { printf "dstport=1"; for (i = 2; i < 7500; i++) printf " or dstport=%d", i; print "" }')" tests/data/records-put.txt
> 13
$ flowgrep -c "$(awk 'BEGIN { printf "dstport=1"; for (i = 2; i < 7500; i++) printf " or dstport=%d", i; print "" }') or" tests/data/records-put.txt 2>&1 | cut -c 1-60
> flowgrep: expected a comparison at the end of the expression
>   ...=7497 or dstport=7498 or dstport=7499 or
>                                              ^

# A regular expression with catastrophic backtracking: the match limit ends it, and it is reported once.
$ awk 'BEGIN { s = ""; for (i = 0; i < 40; i++) s = s "a"; for (j = 0; j < 3; j++) print "2 1 eni-" s "b 10.0.0.1 10.0.0.2 1 22 6 1 40 1 2 REJECT OK" }' | flowgrep -c 'interface-id ~ /^eni-(a+)+$/'
> 0
! flowgrep: warning: a regular expression hit its match limit 3 times; those comparisons counted as unknown (neither ~ nor !~ holds)
? 1
$ awk 'BEGIN { s = ""; for (i = 0; i < 40; i++) s = s "a"; print "2 1 eni-" s "b 10.0.0.1 10.0.0.2 1 22 6 1 40 1 2 REJECT OK" }' | flowgrep -c -v 'interface-id ~ /^eni-(a+)+$/'
> 1
! flowgrep: warning: a regular expression hit its match limit 1 time; those comparisons counted as unknown (neither ~ nor !~ holds)

# in @FILE: missing, empty, binary, 100 000 CIDRs (a sorted range table, not a scan), a million ports.
$ flowgrep 'srcaddr in @/nonexistent/list' < /dev/null
! flowgrep: cannot read list /nonexistent/list: No such file or directory
!   srcaddr in @/nonexistent/list
!              ^~~~~~~~~~~~~~~~~~
? 2
$ cd "$T" && printf 'abc\0def\n' > binary.list && flowgrep 'srcaddr in @binary.list' < /dev/null
! flowgrep: binary.list:1: 'abc' is binary (it holds a NUL byte)
!   srcaddr in @binary.list
!              ^~~~~~~~~~~~
? 2
$ flowgrep 'srcaddr in @tests' < /dev/null
! flowgrep: cannot read list tests: Is a directory
!   srcaddr in @tests
!              ^~~~~~
? 2
$ awk 'BEGIN { for (i = 0; i < 100000; i++) printf "172.%d.%d.0/24\n", 16 + int(i / 256) % 16, i % 256; print "10.0.0.100" }' > $T/cidrs.list; flowgrep -c "srcaddr in @$T/cidrs.list" tests/data/records-put.txt
> 5
$ seq 0 999999 | awk '{ print $1 % 65536 }' > $T/ports.list; flowgrep -c "dstport in @$T/ports.list" tests/data/records-put.txt
> 17
$ awk 'BEGIN { for (i = 0; i < 100000; i++) printf "172.%d.%d.0/24\n", 16 + int(i / 256) % 16, i % 256 }' > $T/explain.list; flowgrep --explain "srcaddr in @$T/explain.list" | cut -c 1-80
> (srcaddr in (172.16.0.0/24, 172.16.1.0/24, 172.16.2.0/24, 172.16.3.0/24, 172.16.

# Every option with a missing or bad argument.
$ flowgrep -o
! flowgrep: option -o needs an argument
! usage: flowgrep [-chHnqrsv] [-j N] [-m NUM] [-o LIST | -t TEMPLATE | --json | --csv | --tsv | --table]
!                 [--format FORMAT] [--strict] [--explain] EXPRESSION [FILE ...]
? 2
$ flowgrep -t
! flowgrep: option -t needs an argument
! usage: flowgrep [-chHnqrsv] [-j N] [-m NUM] [-o LIST | -t TEMPLATE | --json | --csv | --tsv | --table]
!                 [--format FORMAT] [--strict] [--explain] EXPRESSION [FILE ...]
? 2
$ flowgrep --format
! flowgrep: option --format needs an argument
! usage: flowgrep [-chHnqrsv] [-j N] [-m NUM] [-o LIST | -t TEMPLATE | --json | --csv | --tsv | --table]
!                 [--format FORMAT] [--strict] [--explain] EXPRESSION [FILE ...]
? 2
$ flowgrep --time
! flowgrep: option --time needs an argument
! usage: flowgrep [-chHnqrsv] [-j N] [-m NUM] [-o LIST | -t TEMPLATE | --json | --csv | --tsv | --table]
!                 [--format FORMAT] [--strict] [--explain] EXPRESSION [FILE ...]
? 2
$ flowgrep -m 1x REJECT
! flowgrep: -m: '1x' is not a count (a whole number, 0 or more)
? 2
$ flowgrep -m 99999999999999999999999 REJECT
! flowgrep: -m: '99999999999999999999999' is not a count (a whole number, 0 or more)
? 2
$ flowgrep --time=utc REJECT
! flowgrep: --time: 'utc' is not epoch, iso or local
? 2
$ flowgrep --colour=yes REJECT
! flowgrep: --color: 'yes' is not never, always or auto
? 2
$ flowgrep --format '${srcaddr' REJECT < /dev/null
! flowgrep: --format: '${srcaddr' is not a field name
? 2
$ flowgrep -o '' REJECT < /dev/null
! flowgrep: -o: empty field name
!   
!   ^
? 2
$ flowgrep -t '' REJECT examples/runbook.log
>
$ FLOWGREP_NOW=yesterday flowgrep 'start>-1h' < /dev/null
! flowgrep: FLOWGREP_NOW: 'yesterday' is not epoch seconds or an ISO 8601 time
? 2
