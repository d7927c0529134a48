# A 100 MB object, made here (not kept): S3 objects are this size and larger.
# Too slow for valgrind, which runs tests/golden/distinct.cases only.
$ d=$(mktemp -d); bench/gen -s 100M | gzip -1 >$d/g.log.gz; flowgrep -c 'dstport=22 and action=REJECT' $d/g.log.gz; flowgrep -c REJECT <$d/g.log.gz; zcat $d/g.log.gz | flowgrep -c 'dstport=22 and action=REJECT'; rm -r $d
> 41953
> 166661
> 41953
