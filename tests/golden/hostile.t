# Malformed input.  The rules: a line that is not a record is never
# selected (with or without -v), is counted and reported once at the
# end; a value that does not parse for its field counts as missing and
# is reported once.  Nothing crashes, nothing is lost.

# Empty input; input that is only a header.
$ flowgrep REJECT < /dev/null
? 1
$ flowgrep -c REJECT tests/data/empty.txt
> 0
? 1
$ head -n 1 tests/data/s3-mixed.log | flowgrep -v REJECT
? 1

# No final newline: the last line is still read, and printed with one.
$ printf '%s' '2 111111111111 eni-0a1b2c3d4e5f60718 10.0.0.100 1.2.3.4 35535 22 6 3 180 1418530010 1418530070 REJECT OK' | flowgrep REJECT
> 2 111111111111 eni-0a1b2c3d4e5f60718 10.0.0.100 1.2.3.4 35535 22 6 3 180 1418530010 1418530070 REJECT OK

# NUL bytes and invalid UTF-8 inside a line: the line is printed byte for byte.
$ printf '2 1 eni-a\0b 10.0.0.1 10.0.0.2 1 22 6 1 40 1 2 REJECT OK\n' | flowgrep dstport=22 | od -c | head -n 2
> 0000000   2       1       e   n   i   -   a  \0   b       1   0   .   0
> 0000020   .   0   .   1       1   0   .   0   .   0   .   2       1    
$ printf '2 1 eni-\377\376 10.0.0.1 10.0.0.2 1 22 6 1 40 1 2 REJECT OK\n' | flowgrep 'eni=eni-*' | od -c | head -n 1
> 0000000   2       1       e   n   i   - 377 376       1   0   .   0   .
$ printf '2 1 eni-a 10.0.0.1 10.0.0.2 1 22 6 1 40 1 2 REJ\0ECT OK\n' | flowgrep -c REJECT
> 0
? 1

# A 10 MB line: streamed past in constant memory, reported; the line numbers after it stay right.
$ { head -c 10000000 /dev/zero | tr '\0' x; echo; printf '%s\n' '2 111111111111 eni-0a1b2c3d4e5f60718 10.0.0.100 1.2.3.4 35535 22 6 3 180 1418530010 1418530070 REJECT OK'; } | flowgrep -n REJECT
> 2:2 111111111111 eni-0a1b2c3d4e5f60718 10.0.0.100 1.2.3.4 35535 22 6 3 180 1418530010 1418530070 REJECT OK
! flowgrep: warning: 1 line was not a flow-log record; first at (standard input):1: line longer than 1 MiB
# A line that never ends.
$ head -c 3000000 /dev/zero | tr '\0' y | flowgrep -c REJECT
> 0
! flowgrep: warning: 1 line was not a flow-log record; first at (standard input):1: line longer than 1 MiB
? 1

# 100 000 fields on one line.
$ awk 'BEGIN { for (i = 0; i < 100000; i++) printf "1 "; print "" }' | flowgrep -c REJECT
> 0
! flowgrep: warning: 1 line was not a flow-log record; first at (standard input):1: expected 14 fields, found 100000
? 1

# Records of the wrong field count mixed with good ones.
$ printf '%s\n2 1 eni-a 10.0.0.1\n%s extra\n%s\n' '2 111111111111 eni-0a1b2c3d4e5f60718 10.0.0.100 1.2.3.4 35535 22 6 3 180 1418530010 1418530070 REJECT OK' '2 111111111111 eni-0a1b2c3d4e5f60718 10.0.0.100 1.2.3.4 35535 22 6 3 180 1418530010 1418530070 REJECT OK' '2 111111111111 eni-0a1b2c3d4e5f60718 10.0.0.100 1.2.3.4 35535 22 6 3 180 1418530010 1418530070 REJECT OK' | flowgrep -c REJECT
> 2
! flowgrep: warning: 2 lines were not flow-log records; first at (standard input):2: expected 14 fields, found 4

# A header with unknown field names: opaque fields, usable as ${name}.
$ printf 'version srcaddr my-tag action\n2 10.0.0.1 blue REJECT\n2 10.0.0.2 red ACCEPT\n' | flowgrep '${my-tag}=blue'
> version srcaddr my-tag action
> 2 10.0.0.1 blue REJECT
$ printf 'version srcaddr my-tag action\n2 10.0.0.1 blue REJECT\n' | flowgrep 'my-tag=blue'
! flowgrep: unknown field 'my-tag' (a field that only a header names can be written ${my-tag})
!   my-tag=blue
!   ^~~~~~
? 2
# A header naming a field twice: the first column holds its value.
$ printf 'version srcaddr srcaddr action\n2 10.0.0.1 10.9.9.9 REJECT\n' | flowgrep -c 'srcaddr=10.0.0.1'
> 1
# A header line of more than 512 names is not a header.
$ awk 'BEGIN { for (i = 0; i < 600; i++) printf "srcaddr "; print "" }' | flowgrep -c REJECT
> 0
! flowgrep: warning: 1 line was not a flow-log record; first at (standard input):1: expected 14 fields, found 600
? 1

# Numbers that overflow 64 bits, ports over 65535, protocols over 255.
$ printf '2 1 eni-a 10.0.0.1 10.0.0.2 1 22 6 1 99999999999999999999999 1 2 REJECT OK\n2 1 eni-a 10.0.0.1 10.0.0.2 1 22 6 1 18446744073709551615 1 2 REJECT OK\n' | flowgrep 'bytes>1G'
> 2 1 eni-a 10.0.0.1 10.0.0.2 1 22 6 1 18446744073709551615 1 2 REJECT OK
! flowgrep: warning: 1 record had a value that is not of its field's type, counted as missing; first: field 'bytes' at (standard input):1
$ printf '2 1 eni-a 10.0.0.1 10.0.0.2 1 65536 6 1 40 1 2 REJECT OK\n2 1 eni-a 10.0.0.1 10.0.0.2 1 22 256 1 40 1 2 REJECT OK\n' | flowgrep -c 'dstport>0 or protocol>0'
> 2
! flowgrep: warning: 1 record had a value that is not of its field's type, counted as missing; first: field 'dstport' at (standard input):1

# Addresses: 999.1.1.1, 1.2.3 and zone ids are not addresses; ::ffff:1.2.3.4 is 1.2.3.4; :: is the all-zero address.
$ printf '2 1 eni-a 999.1.1.1 10.0.0.2 1 22 6 1 40 1 2 REJECT OK\n2 1 eni-a 1.2.3 10.0.0.2 1 22 6 1 40 1 2 REJECT OK\n2 1 eni-a fe80::1%%eth0 10.0.0.2 1 22 6 1 40 1 2 REJECT OK\n2 1 eni-a ::ffff:1.2.3.4 10.0.0.2 1 22 6 1 40 1 2 REJECT OK\n2 1 eni-a :: 10.0.0.2 1 22 6 1 40 1 2 REJECT OK\n2 1 eni-a 01.2.3.4 10.0.0.2 1 22 6 1 40 1 2 REJECT OK\n' | flowgrep 'src=1.2.3.4 or src=::'
> 2 1 eni-a ::ffff:1.2.3.4 10.0.0.2 1 22 6 1 40 1 2 REJECT OK
> 2 1 eni-a :: 10.0.0.2 1 22 6 1 40 1 2 REJECT OK
! flowgrep: warning: 4 records had a value that is not of its field's type, counted as missing; first: field 'srcaddr' at (standard input):1

# Tail timestamps with odd fractions are read; a truncated tail prefix is not a record.
$ printf '2026-11-29T08:02:00.1+00:00 s %s\n2026-11-29T08:02:00.123456789Z s %s\n2026-11-29T08:02 %s\n2026-11-29T08:02:00. s %s\n' '2 111111111111 eni-0a1b2c3d4e5f60718 10.0.0.100 1.2.3.4 35535 22 6 3 180 1418530010 1418530070 REJECT OK' '2 111111111111 eni-0a1b2c3d4e5f60718 10.0.0.100 1.2.3.4 35535 22 6 3 180 1418530010 1418530070 REJECT OK' '2 111111111111 eni-0a1b2c3d4e5f60718 10.0.0.100 1.2.3.4 35535 22 6 3 180 1418530010 1418530070 REJECT OK' '2 111111111111 eni-0a1b2c3d4e5f60718 10.0.0.100 1.2.3.4 35535 22 6 3 180 1418530010 1418530070 REJECT OK' | flowgrep -n '@timestamp=2026-11-29T08:02'
> 1:2026-11-29T08:02:00.1+00:00 s 2 111111111111 eni-0a1b2c3d4e5f60718 10.0.0.100 1.2.3.4 35535 22 6 3 180 1418530010 1418530070 REJECT OK
> 2:2026-11-29T08:02:00.123456789Z s 2 111111111111 eni-0a1b2c3d4e5f60718 10.0.0.100 1.2.3.4 35535 22 6 3 180 1418530010 1418530070 REJECT OK
! flowgrep: warning: 2 lines were not flow-log records; first at (standard input):3: malformed aws logs tail timestamp

# ANSI escapes in odd places: around the prefix they are skipped; inside the record they are part of a value.
$ printf '\033[32m2026-11-29T08:02:00\033[0m %s\n\033[1m%s\033[0m\n2 1 eni-a 10.0.0.1 10.0.0.2 1 22 6 1 40 1 2 \033[31mREJECT\033[0m OK\n' '2 111111111111 eni-0a1b2c3d4e5f60718 10.0.0.100 1.2.3.4 35535 22 6 3 180 1418530010 1418530070 REJECT OK' '2 111111111111 eni-0a1b2c3d4e5f60718 10.0.0.100 1.2.3.4 35535 22 6 3 180 1418530010 1418530070 REJECT OK' | flowgrep -n -c REJECT
> 2

# Only whole AWS field names make a header: alias words do not.
$ printf 'src dst\nproto\n' | flowgrep -c REJECT
> 0
! flowgrep: warning: 2 lines were not flow-log records; first at (standard input):1: expected 14 fields, found 2
? 1
