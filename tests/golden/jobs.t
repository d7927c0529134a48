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
