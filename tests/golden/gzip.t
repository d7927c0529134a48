# gzip input, as S3 delivers flow logs (.log.gz): the sizes where the read
# path's buffers change, members, truncation, and what only looks like gzip.
# Files are made in a scratch directory; messages name them as given.

# An empty file named .gz is an empty input; so is a gzip object of nothing.
$ d=$(mktemp -d); : >$d/empty.log.gz; flowgrep -c REJECT $d/empty.log.gz; printf '' | gzip >$d/nothing.log.gz; flowgrep -c REJECT $d/nothing.log.gz; s=$?; rm -r $d; exit $s
> 0
> 0
? 1
# One byte, compressed: a blank line.
$ printf '\n' | gzip | flowgrep -c REJECT
> 0
? 1
# gzip on standard input, and in members one after the other (cat a.gz b.gz).
$ gzip -c tests/data/records-put.txt | flowgrep -c REJECT
> 6
$ { gzip -c tests/data/records-put.txt; gzip -c tests/data/records-put.txt; printf '' | gzip; gzip -c tests/data/records-put.txt; } | flowgrep -c REJECT
> 18
# A member cut short: the records before the cut count, the cut line is not
# read as a record, and the message names the file (status 2).
$ d=$(mktemp -d); head -c 400 tests/data/records-put.txt.gz >$d/cut.log.gz; cd $d && flowgrep -c REJECT cut.log.gz; s=$?; cd - >/dev/null; rm -r $d; exit $s
> 4
! flowgrep: cut.log.gz: truncated gzip data
? 2
# ... and later files are still read.
$ r=$PWD d=$(mktemp -d); head -c 400 tests/data/records-put.txt.gz >$d/cut.log.gz; cd $d && flowgrep -c REJECT cut.log.gz - <$r/tests/data/records-put.txt; s=$?; cd $r; rm -r $d; exit $s
> cut.log.gz:4
> (standard input):6
! flowgrep: cut.log.gz: truncated gzip data
? 2
# Garbage after a member is an error too, after the member's records.
$ { gzip -c tests/data/records-put.txt; printf 'not gzip\n'; } | flowgrep -c REJECT
> 6
! flowgrep: (standard input): incorrect header check
? 2
# A .gz name whose content is plain text is read as text.
$ d=$(mktemp -d); cp tests/data/records-put.txt $d/plain.log.gz; flowgrep -c REJECT $d/plain.log.gz; rm -r $d
> 6
# Text that starts with gzip's two magic bytes is text, and not a record.
$ printf '\037\213\n2 111111111111 eni-0a1b2c3d4e5f60718 10.0.0.100 1.2.3.4 35535 22 6 3 180 1418530010 1418530070 REJECT OK\n' | flowgrep -c REJECT
> 1
! flowgrep: warning: 1 line was not a flow-log record; first at (standard input):1: expected 14 fields, found 1
# An object of more than 1 MiB, compressed (a 64 KiB buffer took the first
# 1 MiB read here, and crashed): the same count as through zcat, from a file
# and from a pipe.  [valgrind]
$ d=$(mktemp -d); bench/gen -s 5M | gzip >$d/big.log.gz; flowgrep -c 'dstport=22 and action=REJECT' $d/big.log.gz; flowgrep -c 'dstport=22 and action=REJECT' <$d/big.log.gz; zcat $d/big.log.gz | flowgrep -c 'dstport=22 and action=REJECT'; rm -r $d
> 2113
> 2113
> 2113
