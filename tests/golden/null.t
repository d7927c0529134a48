# A missing value (-) behaves as SQL NULL: every comparison on it is
# unknown, not/and/or follow three-valued logic, only true selects, and
# -v selects exactly the records that are not selected without it.

# NODATA and SKIPDATA records have - in every per-flow field.
$ flowgrep -c 'dstport!=22' tests/data/records-put.txt
> 12
$ flowgrep -c 'dstport=22' tests/data/records-put.txt
> 5
$ flowgrep -c 'not dstport=22' tests/data/records-put.txt
> 12
$ flowgrep -c -v 'dstport=22' tests/data/records-put.txt
> 15
$ flowgrep -c 'not (dstport=22 or dstport!=22)' tests/data/records-put.txt
> 0
? 1
$ flowgrep -c 'dstport=22 or dstport!=22' tests/data/records-put.txt
> 17
$ flowgrep -c 'dstport=22 or log-status=NODATA' tests/data/records-put.txt
> 7
$ flowgrep -c 'not (dstport=22 and log-status=NODATA)' tests/data/records-put.txt
> 18
$ flowgrep -c 'action !~ /ACC/' tests/data/records-put.txt
> 6
$ flowgrep -c 'srcaddr not in (10.0.0.0/8)' tests/data/records-put.txt
> 7
$ flowgrep -c 'not srcaddr in (10.0.0.0/8)' tests/data/records-put.txt
> 7
$ flowgrep -c 'bytes < 100 or bytes >= 100' tests/data/records-put.txt
> 17

# field=- is true when the value is missing, field!=- when present.
$ flowgrep 'dstaddr=-' tests/data/records-put.txt
> 2 111111111111 eni-0a1b2c3d4e5f60718 - - - - - - - 1431280876 1431280934 - NODATA
> 2 111111111111 eni-0f1e2d3c4b5a69788 - - - - - - - 1431280876 1431280934 - SKIPDATA
> 2 111111111111 eni-0f1e2d3c4b5a69788 - - - - - - - 1795940340 1795940400 - NODATA
$ flowgrep -c 'action!=-' tests/data/records-put.txt
> 17
$ flowgrep -c 'not action=-' tests/data/records-put.txt
> 17
$ flowgrep -c 'port=-' tests/data/records-put.txt
> 3

# A field the format lacks is missing too (with one warning), never an error.
$ flowgrep -c 'tcp-flags=SYN' tests/data/records-put.txt
> 0
! flowgrep: warning: tests/data/records-put.txt:1: the format has no field 'tcp-flags'; it is missing in these records (fields: version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status)
? 1
$ flowgrep -c 'tcp-flags!=SYN' tests/data/records-put.txt
> 0
! flowgrep: warning: tests/data/records-put.txt:1: the format has no field 'tcp-flags'; it is missing in these records (fields: version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status)
? 1
$ flowgrep -c 'tcp-flags=- and vpc-id=-' tests/data/records-put.txt
> 20
! flowgrep: warning: tests/data/records-put.txt:1: the format has no field 'vpc-id'; it is missing in these records (fields: version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status)
! flowgrep: warning: tests/data/records-put.txt:1: the format has no field 'tcp-flags'; it is missing in these records (fields: version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status)

# A value that does not parse for its type counts as missing, reported once at the end.
$ printf '2 1 eni-a 10.0.0.1 10.0.0.2 1 abc 6 1 40 1 2 REJECT OK\n2 1 eni-a 10.0.0.1 10.0.0.2 1 70000 6 1 40 1 2 REJECT OK\n2 1 eni-a 10.0.0.1 10.0.0.2 1 22 6 1 40 1 2 REJECT OK\n' | flowgrep 'dstport!=443'
> 2 1 eni-a 10.0.0.1 10.0.0.2 1 22 6 1 40 1 2 REJECT OK
! flowgrep: warning: 2 records had a value that is not of its field's type, counted as missing; first: field 'dstport' at (standard input):1
$ printf '2 1 eni-a 10.0.0.1 10.0.0.2 1 abc 6 1 40 1 2 REJECT OK\n' | flowgrep -v 'dstport=443'
> 2 1 eni-a 10.0.0.1 10.0.0.2 1 abc 6 1 40 1 2 REJECT OK
! flowgrep: warning: 1 record had a value that is not of its field's type, counted as missing; first: field 'dstport' at (standard input):1
$ printf '2 1 eni-a 999.1.1.1 10.0.0.2 1 22 6 1 40 1 2 REJECT OK\n2 1 eni-a 1.2.3 10.0.0.2 1 22 6 1 40 1 2 REJECT OK\n2 1 eni-a fe80::1%%eth0 10.0.0.2 1 22 6 1 40 1 2 REJECT OK\n' | flowgrep -c 'srcaddr!=10.0.0.0/8'
> 0
! flowgrep: warning: 3 records had a value that is not of its field's type, counted as missing; first: field 'srcaddr' at (standard input):1
? 1

# field=- also holds for a value that does not parse for its type (it counts as missing).
$ printf '2 1 eni-a 10.0.0.1 10.0.0.2 1 abc 6 1 40 1 2 REJECT OK\n2 1 eni-a 10.0.0.1 10.0.0.2 1 22 6 1 40 1 2 REJECT OK\n' | flowgrep -n 'dstport=-'
> 1:2 1 eni-a 10.0.0.1 10.0.0.2 1 abc 6 1 40 1 2 REJECT OK
! flowgrep: warning: 1 record had a value that is not of its field's type, counted as missing; first: field 'dstport' at (standard input):1
$ printf '2 1 eni-a 10.0.0.1 10.0.0.2 1 abc 6 1 40 1 2 REJECT OK\n2 1 eni-a 10.0.0.1 10.0.0.2 1 22 6 1 40 1 2 REJECT OK\n' | flowgrep -n 'dstport!=-'
> 2:2 1 eni-a 10.0.0.1 10.0.0.2 1 22 6 1 40 1 2 REJECT OK
! flowgrep: warning: 1 record had a value that is not of its field's type, counted as missing; first: field 'dstport' at (standard input):1
