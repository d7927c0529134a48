# A 100 MB object, made here (not kept): S3 objects are this size and larger.
# Too slow for valgrind, which runs tests/golden/distinct.cases only.
$ d=$(mktemp -d); bench/gen -s 100M | gzip -1 >$d/g.log.gz; flowgrep -c 'dstport=22 and action=REJECT' $d/g.log.gz; flowgrep -c REJECT <$d/g.log.gz; zcat $d/g.log.gz | flowgrep -c 'dstport=22 and action=REJECT'; rm -r $d
> 41953
> 166661
> 41953
# A filter-log-events document of a million events (315 MB), as the CLI
# prints it: streamed, never held whole (tests/maxrss measures the peak).
$ d=$(mktemp -d); bench/gen -n 1000000 | awk 'BEGIN { print "{\n    \"events\": [" } NR > 1 { print "," } { printf "        {\n            \"logStreamName\": \"eni-%d-all\",\n            \"timestamp\": %d,\n            \"message\": \"%s\",\n            \"ingestionTime\": %d,\n            \"eventId\": \"%d\"\n        }", NR % 2, 1700000000000 + NR, $0, 1700000000000 + NR, NR } END { print "\n    ],\n    \"searchedLogStreams\": []\n}" }' >$d/events.json; tests/maxrss 16 flowgrep -c REJECT $d/events.json; bench/gen -n 1000000 | flowgrep -c REJECT; rm -r $d
> 194191
> 194191
! peak under 16 MiB
# Out of memory ends flowgrep one way, wherever it happens: a message and
# status 2 (here a list of three million addresses under a 40 MB limit).
$ d=$(mktemp -d); seq 1 3000000 | awk '{ printf "10.%d.%d.%d\n", int($1 / 65536) % 256, int($1 / 256) % 256, $1 % 256 }' >$d/list; (ulimit -v 40000; flowgrep -c "addr in @$d/list" examples/flows.log); s=$?; rm -r $d; exit $s
! flowgrep: out of memory
? 2
# Reading ahead (-j) keeps memory bounded: at most -j files ahead, a few
# blocks each.  (Here, not in jobs.t: the sanitizer builds, which skip
# this file, take several times the memory.)
$ d=$(mktemp -d); for i in 1 2 3 4 5 6; do bench/gen -s 8M --seed $i | gzip -1 >$d/f$i.log.gz; done; tests/maxrss 48 flowgrep -j4 -c 'dstport=22' $d/*.gz | wc -l; rm -r $d
> 6
! peak under 48 MiB
