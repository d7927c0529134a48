# A 100 MB object: S3 objects are this size and larger.  The inputs here are
# made by tests/bigdata.sh, not kept in the tree.  Too slow for valgrind,
# which runs tests/golden/distinct.cases only.
$ g=$(tests/bigdata.sh gen-100M.log.gz) || exit; flowgrep -c 'dstport=22 and action=REJECT' $g; flowgrep -c REJECT <$g; zcat $g | flowgrep -c 'dstport=22 and action=REJECT'
> 41953
> 166661
> 41953
# A filter-log-events document of a million events (315 MB), as the CLI
# prints it: streamed, never held whole (tests/maxrss measures the peak).
$ e=$(tests/bigdata.sh events-1M.json) || exit; tests/maxrss 16 flowgrep -c REJECT $e; bench/gen -n 1000000 | flowgrep -c REJECT
> 194191
> 194191
! peak under 16 MiB
# Out of memory ends flowgrep one way, wherever it happens: a message and
# status 2 (here a list of three million addresses under a 40 MB limit).
$ l=$(tests/bigdata.sh addrs-3M.list) || exit; ulimit -v 40000; flowgrep -c "addr in @$l" examples/flows.log
! flowgrep: out of memory
? 2
# Reading ahead (-j) keeps memory bounded: at most -j files ahead, a few
# blocks each.  (Here, not in jobs.t: the sanitizer builds, which skip
# this file, take several times the memory.)
$ d=$(tests/bigdata.sh objects-6x8M) || exit; tests/maxrss 48 flowgrep -j4 -c 'dstport=22' $d/*.gz | wc -l
> 6
! peak under 48 MiB
