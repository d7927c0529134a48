# Summaries (--by and the aggregates).  P is tests/data/records-put.txt:
# 20 records with IPv6, ICMP, NODATA and SKIPDATA ones; F is
# examples/flows.log, 500 records.  Without a mode, in a pipe, a summary
# is fields: keys then aggregates, one space apart, no header.

# Keys of each kind.  An address.
$ flowgrep --by srcaddr REJECT tests/data/records-put.txt
> 198.51.100.7 2
> 10.0.0.100 1
> 192.0.2.44 1
> 203.0.113.12 1
> 203.0.113.50 1
# ... IPv6 and missing ones ('-', its own group, last of equals).
$ flowgrep --by srcaddr 'version=2' tests/data/records-put.txt
> 10.0.2.15 5
> 10.0.0.100 4
> - 3
> 198.51.100.7 2
> 10.0.1.100 1
> 172.31.16.139 1
> 192.0.2.44 1
> 203.0.113.12 1
> 203.0.113.50 1
> 2001:db8:1234:a100:8d6e:3477:df66:f105 1
# Numbers: a port, a protocol and flags, by name with --names.
$ flowgrep --by dstport 'version=2' tests/data/records-put.txt
> 22 5
> - 3
> 53 2
> 443 2
> 3389 2
> 57442 2
> 0 1
> 80 1
> 123 1
> 38122 1
$ flowgrep --by protocol --names 'version=2' tests/data/records-put.txt
> tcp 13
> udp 3
> - 3
> icmp 1
$ flowgrep --by tcp-flags --names --format "$(cat tests/data/v5.logformat)" 'version=5' tests/data/records-put-v5.txt
> FIN+SYN 2
> SYN 1
> FIN+SYN+ACK 1
> - 1
# Text: words (action, log-status), an id, the stream of a tail; duration,
# a pseudo field.
$ flowgrep --by action,log-status 'version=2' tests/data/records-put.txt
> ACCEPT OK 11
> REJECT OK 6
> - NODATA 2
> - SKIPDATA 1
$ flowgrep --by interface-id --sum bytes REJECT tests/data/records-put.txt
> eni-0f1e2d3c4b5a69788 3 556
> eni-0a1b2c3d4e5f60718 3 264
$ flowgrep --by @logStream 'port=22' tests/data/tail-detailed.txt
> eni-0a1b2c3d4e5f60718-all 4
> eni-0f1e2d3c4b5a69788-all 1
$ flowgrep --by duration 'version=2' tests/data/records-put.txt
> 60 17
> 58 2
> 0 1
# A time, whole and cut into windows of seconds, minutes, hours, days.
$ flowgrep --by start REJECT tests/data/records-put.txt
> 1795939560 2
> 1418530010 1
> 1795939355 1
> 1795939800 1
> 1795939980 1
$ flowgrep --by start/5m --time=iso 'version=2' tests/data/records-put.txt
> 2026-11-29T08:05:00Z 6
> 2026-11-29T08:10:00Z 4
> 2026-11-29T08:00:00Z 3
> 2015-05-10T18:00:00Z 2
> 2026-11-29T08:20:00Z 2
> 2014-12-14T04:05:00Z 1
> 2022-03-25T14:35:00Z 1
> 2026-11-29T08:15:00Z 1
$ flowgrep --by end/1h,action --time=iso -o end,action,count 'version=2' tests/data/records-put.txt
> 2026-11-29T08:00:00Z ACCEPT 10
> 2026-11-29T08:00:00Z REJECT 5
> 2015-05-10T18:00:00Z - 2
> 2014-12-14T04:00:00Z REJECT 1
> 2022-03-25T14:00:00Z ACCEPT 1
> 2026-11-29T08:00:00Z - 1
$ flowgrep --by start/1d --time=iso 'version=2' tests/data/records-put.txt
> 2026-11-29T00:00:00Z 16
> 2015-05-10T00:00:00Z 2
> 2014-12-14T00:00:00Z 1
> 2022-03-25T00:00:00Z 1
$ flowgrep --by start/30s 'version=2' examples/runbook.log
> 1418529990 1
> 1648219020 1
# @timestamp in windows, from a tail (ISO) and from EVENTS lines (ms).
$ flowgrep --by @timestamp/5m --time=iso 'version=2' tests/data/tail-detailed.txt
> 2026-11-29T08:00:00Z 6
> 2026-11-29T08:05:00Z 6
> 2026-11-29T08:10:00Z 5
> 2026-11-29T08:20:00Z 3
$ flowgrep --by @timestamp/5m 'version=2' tests/data/filter-log-events.txt
> 1795939200 6
> 1795939500 6
> 1795939800 5
> 1795940400 3
# Addresses cut: IPv4 to /24, IPv6 to /64, both; the family not named stays whole.
$ flowgrep --by srcaddr/24 'version=2' tests/data/records-put.txt
> 10.0.2.0/24 5
> 10.0.0.0/24 4
> - 3
> 198.51.100.0/24 2
> 203.0.113.0/24 2
> 10.0.1.0/24 1
> 172.31.16.0/24 1
> 192.0.2.0/24 1
> 2001:db8:1234:a100:8d6e:3477:df66:f105 1
$ flowgrep --by dstaddr/64 'addr=2001:db8::/32' tests/data/records-put.txt
> 2001:db8:1234:a102::/64 1
$ flowgrep --by dstaddr/16/48 'tcp' tests/data/records-put.txt
> 10.0.0.0/16 8
> 1.2.0.0/16 1
> 52.95.0.0/16 1
> 169.254.0.0/16 1
> 172.31.0.0/16 1
> 2001:db8:1234::/48 1
$ flowgrep --by srcaddr/0 'version=2' examples/runbook.log
> 0.0.0.0/0 2
# A ${name} field that only a header names, and one no record has.
$ flowgrep --by '${az-id}' 'version=5' examples/s3-v5.log
> euw2-az2 75
> euw2-az1 68
> euw2-az3 57
$ flowgrep --by '${nothere}' 'version=2' examples/runbook.log
> - 2

# Aggregates.  --sum: a key with no value to add shows '-', as SQL's SUM.
$ flowgrep --by action --sum bytes,packets 'version=2' tests/data/records-put.txt
> ACCEPT 11 1924889 1465
> REJECT 6 820 13
> - 3 - -
# --min and --max of numbers and times.  The first aggregate given orders
# the rows, largest first: here the latest min-start.
$ flowgrep --by action --max bytes --min bytes,start --time=iso 'version=2' tests/data/records-put.txt
> ACCEPT 11 1804219 72 2022-03-25T14:37:11Z
> REJECT 6 336 40 2014-12-14T04:06:50Z
> - 3 - - 2015-05-10T18:01:16Z
$ flowgrep --by action --min start --max end 'version=2' tests/data/records-put.txt
> ACCEPT 11 1648219031 1795940580
> - 3 1431280876 1795940400
> REJECT 6 1418530010 1795940040
# --distinct: exact; a missing value is not a value.
$ flowgrep --by action --distinct dstport,srcaddr/24 'version=2' tests/data/records-put.txt
> ACCEPT 11 7 5
> REJECT 6 3 4
> - 3 0 0
# Aggregates without --by: one group of all, one row even of nothing.
$ flowgrep --sum bytes --distinct srcaddr REJECT tests/data/records-put.txt
> 6 820 5
$ flowgrep --sum bytes 'dstport=9' tests/data/records-put.txt
> 0 -
? 1

# --top N: the first N by the first aggregate (count, or here sum-bytes);
# ties in the order of the keys.
$ flowgrep --by srcaddr --top 3 'version=2' tests/data/records-put.txt
> 10.0.2.15 5
> 10.0.0.100 4
> - 3
$ flowgrep --by dstport --top 4 REJECT tests/data/records-put.txt
> 22 3
> 3389 2
> 0 1
$ flowgrep --by srcaddr --sum bytes --top 2 'version=2' tests/data/records-put.txt
> 10.0.2.15 5 1905083
> 2001:db8:1234:a100:8d6e:3477:df66:f105 1 8855
# -o picks and orders the columns: count first, as uniq -c.
$ flowgrep --by srcaddr -o count,srcaddr --top 2 REJECT tests/data/records-put.txt
> 2 198.51.100.7
> 1 10.0.0.100

# Output modes.  The table, the default at a terminal: numbers right, the
# widths of all rows; ACCEPT and REJECT coloured at a terminal.
$ flowgrep --by srcaddr,dstport --sum bytes --table --top 4 'version=2' tests/data/records-put.txt
> srcaddr                                 dstport     count  sum-bytes
> 10.0.2.15                                   443         1    1804219
> 10.0.2.15                                 38122         1      98310
> 2001:db8:1234:a100:8d6e:3477:df66:f105       22         1       8855
> 10.0.1.100                                57442         1       5320
$ script -qec "flowgrep --by action REJECT examples/runbook.log" /dev/null | tr -d '\r'
> action     count
> [31mREJECT[0m         1
$ flowgrep --by action --sum bytes --table --no-header --color=always 'version=2' tests/data/records-put.txt
> [32mACCEPT[0m        11    1924889
> [31mREJECT[0m         6        820
> -              3          -
$ flowgrep --by action --sum bytes --json 'version=2' tests/data/records-put.txt
> {"action":"ACCEPT","count":11,"sum-bytes":1924889}
> {"action":"REJECT","count":6,"sum-bytes":820}
> {"action":null,"count":3,"sum-bytes":null}
$ flowgrep --by start/1h,protocol --names --time=iso --json --top 2 'version=2' tests/data/records-put.txt
> {"start":"2026-11-29T08:00:00Z","protocol":"tcp","count":11}
> {"start":"2026-11-29T08:00:00Z","protocol":"udp","count":3}
$ flowgrep --by action --min start --json 'version=2' tests/data/records-put.txt
> {"action":"ACCEPT","count":11,"min-start":1648219031}
> {"action":null,"count":3,"min-start":1431280876}
> {"action":"REJECT","count":6,"min-start":1418530010}
$ flowgrep --by action --sum bytes --csv 'version=2' tests/data/records-put.txt
> action,count,sum-bytes
> ACCEPT,11,1924889
> REJECT,6,820
> ,3,
$ flowgrep --by action --sum bytes --tsv --no-header 'version=2' tests/data/records-put.txt
> ACCEPT	11	1924889
> REJECT	6	820
> 	3	
$ flowgrep --by srcaddr/24 -t '{srcaddr:-18}{count:4} flows {sum-bytes:human}' --sum bytes --top 3 'version=2' tests/data/records-put.txt
> 10.0.2.0/24          5 flows 1.91M
> 2001:db8:1234:a100:8d6e:3477:df66:f105   1 flows 8.86k
> 10.0.1.0/24          1 flows 5.32k
$ flowgrep --by @timestamp/1m --min @timestamp --time=local --top 2 --json 'version=2' tests/data/filter-log-events.txt
> {"@timestamp":"2026-11-29T08:23:00+00:00","count":1,"min-@timestamp":"2026-11-29T08:23:00.999+00:00"}
> {"@timestamp":"2026-11-29T08:22:00+00:00","count":1,"min-@timestamp":"2026-11-29T08:22:00+00:00"}
# milliseconds are kept: seconds with .mmm, a JSON number.
$ flowgrep --by @logStream --min @timestamp --json 'port=22' tests/data/tail-detailed.txt
> {"@logStream":"eni-0f1e2d3c4b5a69788-all","count":1,"min-@timestamp":1795939860}
> {"@logStream":"eni-0a1b2c3d4e5f60718-all","count":4,"min-@timestamp":1795939380.789}
$ flowgrep --by @logStream --min @timestamp --time=iso -o min-@timestamp 'port=22' tests/data/tail-detailed.txt
> 2026-11-29T08:11:00Z
> 2026-11-29T08:03:00.789Z
# No record selected: CSV still has its header; exit status 1.
$ flowgrep --by action --csv 'dstport=9' tests/data/records-put.txt
> action,count
? 1
$ flowgrep --by action 'dstport=9' tests/data/records-put.txt
? 1

# With other options: -v, -m, several files, gzip, JSON input.
$ flowgrep -v --by action REJECT examples/flows.log
> ACCEPT 436
> - 1
$ flowgrep -m 2 --by action REJECT examples/flows.log examples/runbook.log
> REJECT 3
$ flowgrep --by action 'version=2' tests/data/records-put.txt.gz examples/runbook.log
> ACCEPT 12
> REJECT 7
> - 3
$ flowgrep --by @logStream --sum bytes 'dstport=22' tests/data/filter-log-events.json
> eni-0a1b2c3d4e5f60718-all 4 13328
> eni-0f1e2d3c4b5a69788-all 1 180
$ flowgrep -q --by action REJECT examples/flows.log
# A value not of its type counts as missing, with the usual warning.
$ printf '2 1 eni-a 10.0.0.1 10.0.0.2 1 22 6 1 40 1 2 REJECT OK\n2 1 eni-a 999.1.1.1 10.0.0.2 1 22 6 x 40 1 2 REJECT OK\n' | flowgrep --by srcaddr --sum packets REJECT
> 10.0.0.1 1 1
> - 1 -
! flowgrep: warning: 1 record had a value that is not of its field's type, counted as missing; first: field 'srcaddr' at (standard input):2

# Past --max-keys the heaviest are kept (Space-Saving): count-error says
# how much a count may be too high, and a note gives the bound.
$ flowgrep --by srcaddr --max-keys 3 --top 3 'version=2' tests/data/records-put.txt
> 10.0.0.100 7 6
> 10.0.2.15 7 5
> 203.0.113.50 6 5
! flowgrep: note: more than 3 keys (--max-keys): the 3 heaviest by count are kept (Space-Saving); a count may be too high by its count-error, never by more than 6 (the total over 3), and no key over that is missing
$ flowgrep --by srcaddr --max-keys 2 --json 'version=2' tests/data/records-put.txt
> {"srcaddr":"10.0.0.100","count":10,"count-error":9}
> {"srcaddr":"10.0.2.15","count":10,"count-error":9}
! flowgrep: note: more than 2 keys (--max-keys): the 2 heaviest by count are kept (Space-Saving); a count may be too high by its count-error, never by more than 10 (the total over 2), and no key over that is missing
$ flowgrep --by interface-id --sum bytes --max-keys 1 -s 'version=2' tests/data/records-put.txt
> eni-0f1e2d3c4b5a69788 1 1925709 1925633

# Distinct values past 256 a key are estimated (3000 sources, 1500 each):
# distinct-F-error bounds the estimate; dstaddr is exact, with no column.
$ awk 'BEGIN { for (i = 0; i < 3000; i++) printf "2 1 eni-%d 10.%d.%d.%d 10.0.0.1 1 22 6 1 40 1 2 REJECT OK\n", i % 2, i % 7, i / 256 % 256, i % 256 }' | flowgrep --by interface-id --distinct srcaddr,dstaddr REJECT
> eni-0 1500 1545 51 1
> eni-1 1500 1502 49 1
! flowgrep: note: distinct-srcaddr is estimated past 256 values (HyperLogLog, 4096 registers): within its distinct-srcaddr-error (3.25%) 19 times in 20

# --every: the summary as it stands while the input is followed, a blank
# line between snapshots; one only when records came in since the last.
# The second half is written once the first snapshot is out.
$ t=$(mktemp -d); (cat examples/runbook.log; until [ -s $t/o ]; do sleep 0.1; done; cat examples/runbook.log) | flowgrep --by action --every 1s 'version=2' >$t/o; cat $t/o; rm -r $t
> ACCEPT 1
> REJECT 1
>
> ACCEPT 2
> REJECT 2
$ t=$(mktemp -d); (cat examples/runbook.log; until [ -s $t/o ]; do sleep 0.1; done; cat examples/runbook.log) | flowgrep --by action --every 500ms --csv 'version=2' >$t/o; cat $t/o; rm -r $t
> action,count
> ACCEPT,1
> REJECT,1
>
> action,count
> ACCEPT,2
> REJECT,2

# Errors point at the bad part of the list.
$ flowgrep --by srcaddr,dstprot REJECT examples/runbook.log
! flowgrep: --by: unknown field 'dstprot' (did you mean 'dstport'?)
!   srcaddr,dstprot
!           ^~~~~~~
? 2
$ flowgrep --by port REJECT examples/runbook.log
! flowgrep: --by: 'port' stands for either srcport or dstport; name one of them
!   port
!   ^~~~
? 2
$ flowgrep --by 'srcaddr,,action' REJECT examples/runbook.log
! flowgrep: --by: empty field name
!   srcaddr,,action
!           ^
? 2
$ flowgrep --by srcaddr/33/64 REJECT examples/runbook.log
! flowgrep: --by: '33' is not a prefix length (0 to 32 for IPv4, to 128 for IPv6; /24/64 gives both)
!   srcaddr/33/64
!           ^~
? 2
$ flowgrep --by srcaddr/24/129 REJECT examples/runbook.log
! flowgrep: --by: '129' is not an IPv6 prefix length (0 to 128)
!   srcaddr/24/129
!              ^~~
? 2
$ flowgrep --by srcaddr/ REJECT examples/runbook.log
! flowgrep: --by: expected a prefix length after '/'
!   srcaddr/
!           ^
? 2
$ flowgrep --by action,start/5x REJECT examples/runbook.log
! flowgrep: --by: '5x' is not a window: a whole number and s, m, h or d (30s, 5m, 1h, 1d)
!   action,start/5x
!                ^~
? 2
$ flowgrep --by dstport/10 REJECT examples/runbook.log
! flowgrep: --by: '/10' cuts only addresses (srcaddr/24) and times (start/5m); dstport is neither
!   dstport/10
!          ^~~
? 2
$ flowgrep --by srcaddr,srcaddr/24 REJECT examples/runbook.log
! flowgrep: --by: srcaddr is a key already (a field is one key)
!   srcaddr,srcaddr/24
!           ^~~~~~~~~~
? 2
$ flowgrep --by action --sum bytes,action REJECT examples/runbook.log
! flowgrep: --sum: action is not a count: --sum adds counts (packets, bytes, duration ...)
!   bytes,action
!         ^~~~~~
? 2
$ flowgrep --by action --max srcaddr REJECT examples/runbook.log
! flowgrep: --max: srcaddr is neither a number nor a time, which --min and --max take
!   srcaddr
!   ^~~~~~~
? 2
$ flowgrep --by action --sum bytes --sum Bytes REJECT examples/runbook.log
! flowgrep: --sum: sum-bytes is asked for already
!   Bytes
!   ^~~~~
? 2
$ flowgrep --by action --min start/5m REJECT examples/runbook.log
! flowgrep: --min: only --by and --distinct cut values (srcaddr/24, start/5m)
!   start/5m
!        ^~~
? 2
$ flowgrep --by '${count}' REJECT examples/runbook.log
! flowgrep: --by: count is the name of a column of the summary
!   ${count}
!   ^~~~~~~~
? 2
$ flowgrep --by action --sum bytes --max sum-bytes REJECT examples/runbook.log
! flowgrep: --max: sum-bytes is the name of a column of the summary
!   sum-bytes
!   ^~~~~~~~~
? 2
$ flowgrep --by action -o action,bytes REJECT examples/runbook.log
! flowgrep: -o: 'bytes' is not a column here (the columns: action count count-error)
!   action,bytes
!          ^~~~~
? 2
$ flowgrep --by action -t '{action} {sum-bytes}' REJECT examples/runbook.log
! flowgrep: -t: unknown field 'sum-bytes' (did you mean 'bytes'?)
!   {action} {sum-bytes}
!             ^~~~~~~~~
? 2
$ flowgrep --top 3 REJECT examples/runbook.log
! flowgrep: --top needs --by (or --sum, --min, --max, --distinct)
? 2
$ flowgrep --by action --top 0 REJECT examples/runbook.log
! flowgrep: --top: '0' is not a count (a whole number, 1 or more)
? 2
$ flowgrep --by action --max-keys -5 REJECT examples/runbook.log
! flowgrep: --max-keys: '-5' is not a count (a whole number, 1 or more)
? 2
$ flowgrep --by action --every 10 REJECT examples/runbook.log
! flowgrep: --every: '10' is not a time: a whole number and ms, s, m, h or d (10s)
? 2
$ flowgrep -c --by action REJECT examples/runbook.log
! flowgrep: choose one of -c and --by (a summary has the counts)
? 2
