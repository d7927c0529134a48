# Output modes.  R is the runbook pair; the samples add - values, IPv6,
# tail prefixes, a header change mid-stream and odd bytes.

# -o: chosen fields in list order, one space apart; aliases, pseudo fields; - for missing values.
$ flowgrep -o srcaddr,dport,proto,bytes REJECT examples/runbook.log
> 10.0.0.100 22 6 180
$ flowgrep -o src,dst,duration,action 'NODATA or port=22' tests/data/records-put.txt
> 10.0.0.100 1.2.3.4 60 REJECT
> - - 58 -
> 172.31.16.139 172.31.16.21 60 ACCEPT
> 2001:db8:1234:a100:8d6e:3477:df66:f105 2001:db8:1234:a102:3304:8879:34cf:4071 60 ACCEPT
> 192.0.2.44 10.0.2.15 60 REJECT
> 203.0.113.50 10.0.0.100 60 REJECT
> - - 60 -
$ flowgrep -o @timestamp,@logStream,srcaddr 'dstport=22' tests/data/tail-detailed.txt
> 2026-11-29T08:03:00.789000+00:00 eni-0a1b2c3d4e5f60718-all 10.0.0.100
> 2026-11-29T08:05:00.000000+00:00 eni-0a1b2c3d4e5f60718-all 172.31.16.139
> 2026-11-29T08:08:00.000000+00:00 eni-0a1b2c3d4e5f60718-all 2001:db8:1234:a100:8d6e:3477:df66:f105
> 2026-11-29T08:11:00.000000+00:00 eni-0f1e2d3c4b5a69788-all 192.0.2.44
> 2026-11-29T08:14:00.000000+00:00 eni-0a1b2c3d4e5f60718-all 203.0.113.50
$ flowgrep -o @timestamp,srcaddr 'dstport=22' tests/data/filter-log-events.txt
> 1795939380789 10.0.0.100
> 1795939500000 172.31.16.139
> 1795939680000 2001:db8:1234:a100:8d6e:3477:df66:f105
> 1795940040000 203.0.113.50
> 1795939860000 192.0.2.44
$ flowgrep -o srcaddr,dstaddr 'addr=2001:db8::/32' tests/data/records-put.txt
> 2001:db8:1234:a100:8d6e:3477:df66:f105 2001:db8:1234:a102:3304:8879:34cf:4071
$ flowgrep --fields=all 'dstport=3389' tests/data/records-put.txt
> 2 111111111111 eni-0a1b2c3d4e5f60718 198.51.100.7 10.0.0.100 49761 3389 6 1 40 1795939560 1795939620 REJECT OK
> 2 111111111111 eni-0f1e2d3c4b5a69788 198.51.100.7 10.0.2.15 49762 3389 6 1 40 1795939560 1795939620 REJECT OK
$ flowgrep -o 'version, action' REJECT examples/runbook.log
> 2 REJECT
$ flowgrep -o srcaddr,tcp-flags 'dstport=22' tests/data/s3-mixed.log
> 203.0.113.50 2
> 10.0.0.100 -
! flowgrep: warning: some records have no field 'tcp-flags'; printed as '-'

# -o errors point at the column.
$ flowgrep -o srcaddr,dstprot REJECT examples/runbook.log
! flowgrep: -o: unknown field 'dstprot' (did you mean 'dstport'?)
!   srcaddr,dstprot
!           ^~~~~~~
? 2
$ flowgrep -o port REJECT examples/runbook.log
! flowgrep: -o: 'port' stands for either srcport or dstport and cannot be printed; name one of them
!   port
!   ^~~~
? 2
$ flowgrep -o 'srcaddr,,dstaddr' REJECT examples/runbook.log
! flowgrep: -o: empty field name
!   srcaddr,,dstaddr
!           ^
? 2

# --names and --time in -o mode.
$ flowgrep --names -o protocol,tcp-flags,traffic-path --format "$(cat tests/data/v5.logformat)" OK tests/data/records-put-v5.txt
> tcp FIN+SYN+ACK igw
> tcp FIN+SYN -
> tcp SYN -
> tcp FIN+SYN intra-vpc
$ flowgrep --time=iso -o start,end REJECT examples/runbook.log
> 2014-12-14T04:06:50Z 2014-12-14T04:07:50Z
$ TZ=Europe/Paris flowgrep --time=local -o start,@timestamp 'dstport=22' tests/data/tail-json.txt
> 2014-12-14T05:06:50+01:00 2026-11-29T09:03:00.789+01:00
> 2026-11-29T09:04:00+01:00 2026-11-29T09:05:00+01:00
> 2026-11-29T09:07:00+01:00 2026-11-29T09:08:00+01:00
> 2026-11-29T09:10:00+01:00 2026-11-29T09:11:00+01:00
> 2026-11-29T09:13:00+01:00 2026-11-29T09:14:00+01:00
$ flowgrep --time=epoch -o @timestamp 'dstport=22' tests/data/tail-detailed.txt
> 1795939380.789
> 1795939500
> 1795939680
> 1795939860
> 1795940040

# Templates: placeholders, modifiers, padding, escapes, literal braces.
$ flowgrep -t '{srcaddr}:{srcport} -> {dstaddr}:{dstport} {protocol:name} {action}' REJECT examples/runbook.log
> 10.0.0.100:35535 -> 1.2.3.4:22 tcp REJECT
$ flowgrep -t '{start:iso} {end:epoch} {bytes:human} {packets:human}' 'bytes>1k' tests/data/records-put.txt
> 2026-11-29T08:01:20Z 1795939340 2.41k 5
> 2026-11-29T08:04:00Z 1795939500 4.25k 20
> 2026-11-29T08:07:00Z 1795939680 8.86k 54
> 2026-11-29T08:08:00Z 1795939740 1.80M 1.25k
> 2026-11-29T08:11:00Z 1795939920 5.32k 9
> 2026-11-29T08:12:00Z 1795939980 98.3k 110
$ flowgrep -t '[{srcaddr:-15}] [{dstport:6}] [{action:-7}]' REJECT examples/runbook.log
> [10.0.0.100     ] [    22] [REJECT ]
$ flowgrep -t '{{{action}}}\t{dstport}\\n' REJECT examples/runbook.log
> {REJECT}	22\n
$ flowgrep -t '{@logStream} {@timestamp:iso} {@timestamp:local}' 'dstport=22' tests/data/tail-json.txt
> eni-0a1b2c3d4e5f60718-all 2026-11-29T08:03:00.789Z 2026-11-29T08:03:00.789+00:00
> eni-0a1b2c3d4e5f60718-all 2026-11-29T08:05:00Z 2026-11-29T08:05:00+00:00
> eni-0a1b2c3d4e5f60718-all 2026-11-29T08:08:00Z 2026-11-29T08:08:00+00:00
> eni-0f1e2d3c4b5a69788-all 2026-11-29T08:11:00Z 2026-11-29T08:11:00+00:00
> eni-0a1b2c3d4e5f60718-all 2026-11-29T08:14:00Z 2026-11-29T08:14:00+00:00
$ flowgrep --format "$(cat tests/data/v5.logformat)" -t '{tcp-flags:name:-9}|{traffic-path:name}|{flow-direction}' OK tests/data/records-put-v5.txt
> FIN+SYN+ACK|igw|egress
> FIN+SYN  |-|ingress
> SYN      |-|ingress
> FIN+SYN  |intra-vpc|egress
$ flowgrep -t '{dstport} {srcaddr:human}' REJECT examples/runbook.log
! flowgrep: -t: modifier 'human' applies only to counts (packets, bytes, duration ...)
!   {dstport} {srcaddr:human}
!                      ^~~~~
? 2
$ flowgrep -t '{start:isoo}' REJECT examples/runbook.log
! flowgrep: -t: unknown modifier 'isoo' (known: name iso local epoch human -N N)
!   {start:isoo}
!          ^~~~
? 2
$ flowgrep -t '{start' REJECT examples/runbook.log
! flowgrep: -t: unclosed '{' (write '{{' for a literal brace)
!   {start
!   ^
? 2
$ flowgrep -t 'a } b' REJECT examples/runbook.log
! flowgrep: -t: stray '}' (write '}}' for a literal brace)
!   a } b
!     ^
? 2
$ flowgrep -t '{dstprot}' REJECT examples/runbook.log
! flowgrep: -t: unknown field 'dstprot' (did you mean 'dstport'?)
!   {dstprot}
!    ^~~~~~~
? 2

# JSON lines: typed values, null for -, AWS key names, prefix fields, odd bytes escaped.
$ flowgrep --json REJECT examples/runbook.log
> {"version":2,"account-id":"111111111111","interface-id":"eni-aaaaa111111111111","srcaddr":"10.0.0.100","dstaddr":"1.2.3.4","srcport":35535,"dstport":22,"protocol":6,"packets":3,"bytes":180,"start":1418530010,"end":1418530070,"action":"REJECT","log-status":"OK"}
$ flowgrep --json 'NODATA' tests/data/records-put.txt
> {"version":2,"account-id":"111111111111","interface-id":"eni-0a1b2c3d4e5f60718","srcaddr":null,"dstaddr":null,"srcport":null,"dstport":null,"protocol":null,"packets":null,"bytes":null,"start":1431280876,"end":1431280934,"action":null,"log-status":"NODATA"}
> {"version":2,"account-id":"111111111111","interface-id":"eni-0f1e2d3c4b5a69788","srcaddr":null,"dstaddr":null,"srcport":null,"dstport":null,"protocol":null,"packets":null,"bytes":null,"start":1795940340,"end":1795940400,"action":null,"log-status":"NODATA"}
$ flowgrep --json -o srcaddr,dstport,bytes,tcp-flags 'dstport=22' tests/data/tail-detailed.txt
> {"srcaddr":"10.0.0.100","dstport":22,"bytes":180,"tcp-flags":null}
> {"srcaddr":"172.31.16.139","dstport":22,"bytes":4249,"tcp-flags":null}
> {"srcaddr":"2001:db8:1234:a100:8d6e:3477:df66:f105","dstport":22,"bytes":8855,"tcp-flags":null}
> {"srcaddr":"192.0.2.44","dstport":22,"bytes":180,"tcp-flags":null}
> {"srcaddr":"203.0.113.50","dstport":22,"bytes":44,"tcp-flags":null}
! flowgrep: warning: some records have no field 'tcp-flags'; printed as null
$ flowgrep --json --names --time=iso -o protocol,start,@timestamp 'dstport=3389' tests/data/tail-short.txt
> {"protocol":"tcp","start":"2026-11-29T08:06:00Z","@timestamp":"2026-11-29T08:07:00Z"}
> {"protocol":"tcp","start":"2026-11-29T08:06:00Z","@timestamp":"2026-11-29T08:07:00Z"}
$ flowgrep --json -o interface-id REJECT tests/data/odd-bytes.log
> {"interface-id":"eni-a\u0001b"}
> {"interface-id":"eni-\ufffd\ufffd"}
> {"interface-id":"eni-\"q\\\\u"}
> {"interface-id":"eni-中文"}
> {"interface-id":"eni-a,b"}
> {"interface-id":"eni-é"}
$ flowgrep --json -o interface-id REJECT tests/data/odd-bytes.log | jq -r '."interface-id"' | od -c | sed -n 1,3p
> 0000000   e   n   i   -   a 001   b  \n   e   n   i   - 357 277 275 357
> 0000020 277 275  \n   e   n   i   -   "   q   \   \   u  \n   e   n   i
> 0000040   - 344 270 255 346 226 207  \n   e   n   i   -   a   ,   b  \n
$ printf '2 1 eni-a 10.0.0.1 10.0.0.2 1 abc 6 1 40 1 2 REJECT OK\n' | flowgrep -s --json -o dstport,protocol REJECT
> {"dstport":"abc","protocol":6}

# CSV (RFC 4180) and TSV, with a header row unless --no-header.
$ flowgrep --csv -o srcaddr,dstport,action,interface-id REJECT examples/runbook.log tests/data/odd-bytes.log
> @file,srcaddr,dstport,action,interface-id
> examples/runbook.log,10.0.0.100,22,REJECT,eni-aaaaa111111111111
> tests/data/odd-bytes.log,10.0.0.1,22,REJECT,eni-ab
> tests/data/odd-bytes.log,10.0.0.1,22,REJECT,eni-��
> tests/data/odd-bytes.log,10.0.0.1,22,REJECT,"eni-""q\\u"
> tests/data/odd-bytes.log,10.0.0.1,22,REJECT,eni-中文
> tests/data/odd-bytes.log,10.0.0.1,22,REJECT,"eni-a,b"
> tests/data/odd-bytes.log,10.0.0.1,22,REJECT,eni-é
$ flowgrep --csv --no-header -o srcaddr,dstport REJECT examples/runbook.log
> 10.0.0.100,22
$ flowgrep --tsv -o interface-id,action REJECT tests/data/odd-bytes.log | od -c | sed -n 1,4p
> 0000000   i   n   t   e   r   f   a   c   e   -   i   d  \t   a   c   t
> 0000020   i   o   n  \n   e   n   i   -   a 001   b  \t   R   E   J   E
> 0000040   C   T  \n   e   n   i   - 377 376  \t   R   E   J   E   C   T
> 0000060  \n   e   n   i   -   "   q   \   \   \   \   u  \t   R   E   J
$ flowgrep --csv 'dstport=3389' tests/data/records-put.txt
> version,account-id,interface-id,srcaddr,dstaddr,srcport,dstport,protocol,packets,bytes,start,end,action,log-status
> 2,111111111111,eni-0a1b2c3d4e5f60718,198.51.100.7,10.0.0.100,49761,3389,6,1,40,1795939560,1795939620,REJECT,OK
> 2,111111111111,eni-0f1e2d3c4b5a69788,198.51.100.7,10.0.2.15,49762,3389,6,1,40,1795939560,1795939620,REJECT,OK
$ flowgrep --tsv 'dstport=3389' tests/data/tail-detailed.txt
> version	account-id	interface-id	srcaddr	dstaddr	srcport	dstport	protocol	packets	bytes	start	end	action	log-status	@timestamp	@logStream
> 2	111111111111	eni-0a1b2c3d4e5f60718	198.51.100.7	10.0.0.100	49761	3389	6	1	40	1795939560	1795939620	REJECT	OK	2026-11-29T08:07:00.000000+00:00	eni-0a1b2c3d4e5f60718-all
> 2	111111111111	eni-0f1e2d3c4b5a69788	198.51.100.7	10.0.2.15	49762	3389	6	1	40	1795939560	1795939620	REJECT	OK	2026-11-29T08:07:00.000000+00:00	eni-0f1e2d3c4b5a69788-all

# A header change mid-stream: CSV keeps its columns and says once that a field is missing.
$ flowgrep --csv -o srcaddr,tcp-flags,action 'dstport=22' tests/data/s3-mixed.log
> srcaddr,tcp-flags,action
> 203.0.113.50,2,REJECT
> 10.0.0.100,,REJECT
! flowgrep: warning: some records have no field 'tcp-flags'; printed as empty
$ flowgrep --json -o srcaddr,tcp-flags 'dstport=22' tests/data/s3-mixed.log
> {"srcaddr":"203.0.113.50","tcp-flags":2}
> {"srcaddr":"10.0.0.100","tcp-flags":null}
! flowgrep: warning: some records have no field 'tcp-flags'; printed as null

# Aligned table: widths from field types, widened by longer values, display widths for wide characters.
$ flowgrep --table -o srcaddr,dstaddr,dstport,protocol,action 'port=22' tests/data/records-put.txt
> srcaddr          dstaddr          dstport  protocol  action
> 10.0.0.100       1.2.3.4               22         6  REJECT
> 172.31.16.139    172.31.16.21          22         6  ACCEPT
> srcaddr                                 dstaddr                                 dstport  protocol  action
> 2001:db8:1234:a100:8d6e:3477:df66:f105  2001:db8:1234:a102:3304:8879:34cf:4071       22         6  ACCEPT
> 192.0.2.44                              10.0.2.15                                    22         6  REJECT
> 203.0.113.50                            10.0.0.100                                   22         6  REJECT
$ flowgrep --table -o interface-id,action REJECT tests/data/odd-bytes.log
> interface-id           action
> eni-a�b                REJECT
> eni-��                 REJECT
> eni-"q\\u              REJECT
> eni-中文               REJECT
> eni-a,b                REJECT
> eni-é                  REJECT
$ flowgrep --table --names --time=iso -o start,protocol,bytes REJECT examples/runbook.log
> start                 protocol     bytes
> 2014-12-14T04:06:50Z  tcp            180
$ flowgrep --table --no-header -o srcaddr,action REJECT examples/runbook.log
> 10.0.0.100       REJECT
$ flowgrep --table --color=always -o srcaddr,action 'dstport=443 or REJECT' examples/runbook.log | od -c | sed -n 1,12p
> 0000000   s   r   c   a   d   d   r                                    
> 0000020       a   c   t   i   o   n  \n   1   0   .   0   .   0   .   1
> 0000040   0   0                             033   [   3   2   m   A   C
> 0000060   C   E   P   T 033   [   0   m  \n   1   0   .   0   .   0   .
> 0000100   1   0   0                             033   [   3   1   m   R
> 0000120   E   J   E   C   T 033   [   0   m  \n
> 0000132

# Colour: tested fields highlighted in the default mode; never under auto into a pipe; NO_COLOR.
$ flowgrep --color=always 'dstport=22 and action=REJECT' examples/runbook.log | od -c | sed -n 1,8p
> 0000000   2       1   1   1   1   1   1   1   1   1   1   1   1       e
> 0000020   n   i   -   a   a   a   a   a   1   1   1   1   1   1   1   1
> 0000040   1   1   1   1       1   0   .   0   .   0   .   1   0   0    
> 0000060   1   .   2   .   3   .   4       3   5   5   3   5     033   [
> 0000100   0   1   ;   3   1   m   2   2 033   [   m       6       3    
> 0000120   1   8   0       1   4   1   8   5   3   0   0   1   0       1
> 0000140   4   1   8   5   3   0   0   7   0     033   [   0   1   ;   3
> 0000160   1   m   R   E   J   E   C   T 033   [   m       O   K  \n
$ flowgrep --color 'dstport=22' examples/runbook.log | od -c | sed -n 1,2p
> 0000000   2       1   1   1   1   1   1   1   1   1   1   1   1       e
> 0000020   n   i   -   a   a   a   a   a   1   1   1   1   1   1   1   1
$ flowgrep --color=auto 'dstport=22' examples/runbook.log | od -c | sed -n 1,2p
> 0000000   2       1   1   1   1   1   1   1   1   1   1   1   1       e
> 0000020   n   i   -   a   a   a   a   a   1   1   1   1   1   1   1   1
$ NO_COLOR=1 flowgrep --color=never 'dstport=22' examples/runbook.log
> 2 111111111111 eni-aaaaa111111111111 10.0.0.100 1.2.3.4 35535 22 6 3 180 1418530010 1418530070 REJECT OK

# The JSON of every sample input parses with jq (one run over them all:
# under valgrind a run per file took 20 s).
$ flowgrep -s --json 'log-status=* or log-status=-' tests/data/*.txt tests/data/*.log tests/data/*.gz examples/*.log | jq -e . >/dev/null || echo "bad JSON"; flowgrep -s --json --format "$(cat tests/data/v5.logformat)" OK tests/data/records-put-v5.txt | jq -e -c '.["tcp-flags"]' | head -2
> 19
> 3

# -n and -H in every mode: a grep prefix before -o and -t lines, leading
# @file and @line columns in JSON, CSV, TSV and the table.
$ flowgrep -n -H -m1 -o srcaddr,action REJECT examples/runbook.log
> examples/runbook.log:2:10.0.0.100 REJECT
$ flowgrep -n -m1 -t '{srcaddr} {action}' REJECT examples/runbook.log examples/flows.log
> examples/runbook.log:2:10.0.0.100 REJECT
> examples/flows.log:6:10.2.146.90 REJECT
$ flowgrep -n -m1 --json -o srcaddr REJECT examples/runbook.log examples/flows.log
> {"@file":"examples/runbook.log","@line":2,"srcaddr":"10.0.0.100"}
> {"@file":"examples/flows.log","@line":6,"srcaddr":"10.2.146.90"}
$ flowgrep -n -H -m1 --csv -o srcaddr REJECT < examples/runbook.log
> @file,@line,srcaddr
> (standard input),2,10.0.0.100
$ flowgrep -n -m2 --tsv -o srcaddr,action REJECT examples/runbook.log
> @line	srcaddr	action
> 2	10.0.0.100	REJECT
$ flowgrep -n -m2 --table -o srcaddr,action REJECT examples/runbook.log
> @line  srcaddr          action
>     2  10.0.0.100       REJECT
# A column that -o names already is not added again.
$ flowgrep -n -H --csv -o srcaddr,@line REJECT examples/runbook.log
> @file,srcaddr,@line
> examples/runbook.log,10.0.0.100,2
$ flowgrep -h -m1 --json -o srcaddr REJECT examples/runbook.log examples/flows.log
> {"srcaddr":"10.0.0.100"}
> {"srcaddr":"10.2.146.90"}

# @file and @line are fields of the output: -o, -t, --json, --csv, --by.
$ flowgrep -m2 -o @file,@line,srcaddr REJECT examples/runbook.log
> examples/runbook.log 2 10.0.0.100
$ flowgrep -m1 -t '{@file}:{@line}: {srcaddr:8}|' REJECT examples/runbook.log
> examples/runbook.log:2: 10.0.0.100|
$ flowgrep -m1 --json -o @line,@file,action REJECT - < examples/runbook.log
> {"@line":2,"@file":"(standard input)","action":"REJECT"}
$ flowgrep -m1 --csv -o @file,@line REJECT examples/flows.log
> @file,@line
> examples/flows.log,6
$ flowgrep --by @file REJECT examples/runbook.log examples/flows.log
> examples/flows.log 63
> examples/runbook.log 1
$ flowgrep '@file=*.log' examples/flows.log
! flowgrep: @file is where a record was read, for -o, -t, --json, --csv and --by; an expression tests the record (to choose files, name them)
!   @file=*.log
!   ^~~~~
? 2
$ flowgrep 'srcport<@line' examples/flows.log
! flowgrep: @line is where a record was read, for -o, -t, --json, --csv and --by; an expression tests the record (to choose files, name them)
!   srcport<@line
!           ^~~~~
? 2
$ flowgrep -n --by action REJECT examples/runbook.log
! flowgrep: -n says where each record was read; a summary prints groups (--by @file groups by file)
? 2
$ flowgrep -H --by action REJECT examples/runbook.log
! flowgrep: -H says where each record was read; a summary prints groups (--by @file groups by file)
? 2

# The table widens a column when a value needs it, and prints the header
# again above the first row so widened.
$ printf '2 1 eni-a 10.0.0.1 10.0.0.2 1 22 6 1 40 1 2 REJECT OK\n2 1 eni-a 2001:db8:1234:5678:9abc::1 10.0.0.2 1 22 6 1 40 1 2 REJECT OK\n2 1 eni-a 10.0.0.3 10.0.0.2 1 22 6 1 40 1 2 REJECT OK\n' | flowgrep --table -o srcaddr,dstport,action REJECT
> srcaddr          dstport  action
> 10.0.0.1              22  REJECT
> srcaddr                     dstport  action
> 2001:db8:1234:5678:9abc::1       22  REJECT
> 10.0.0.3                         22  REJECT
$ printf '2 1 eni-a 10.0.0.1 10.0.0.2 1 22 6 1 40 1 2 REJECT OK\n2 1 eni-a 2001:db8:1234:5678:9abc::1 10.0.0.2 1 22 6 1 40 1 2 REJECT OK\n' | flowgrep --table --no-header -o srcaddr,action REJECT
> 10.0.0.1         REJECT
> 2001:db8:1234:5678:9abc::1  REJECT

# CSV, TSV and the table keep the first record's columns; a later record
# with more is warned of once.  Named columns are not.
$ flowgrep -h -m1 --csv REJECT examples/flows.log tests/data/tail-short.txt
> version,account-id,interface-id,srcaddr,dstaddr,srcport,dstport,protocol,packets,bytes,start,end,action,log-status
> 2,251282538206,eni-e722764e68c41561b,10.2.146.90,81.193.15.10,19016,9028,17,1,606,1705946166,1705946175,REJECT,OK
> 2,111111111111,eni-0a1b2c3d4e5f60718,10.0.0.100,1.2.3.4,35535,22,6,3,180,1418530010,1418530070,REJECT,OK
! flowgrep: warning: the columns are the first record's; later records have '@timestamp' too, left out (name the columns with -o)
$ (head -n 1 examples/flows.log; head -n 2 tests/data/s3-mixed.log) | flowgrep --csv ''
> version,account-id,interface-id,srcaddr,dstaddr,srcport,dstport,protocol,packets,bytes,start,end,action,log-status
> 2,748913461122,eni-4598336e375d66ed4,10.2.179.79,10.3.168.35,3389,26540,6,1,1365,1705946166,1705946180,ACCEPT,OK
> 5,111111111111,eni-0a1b2c3d4e5f60718,10.0.0.100,52.95.128.179,41928,443,6,12,5411,1795939460,1795939520,ACCEPT,OK
! flowgrep: warning: the columns are the first record's; later records have 'vpc-id' too, left out (name the columns with -o)
$ flowgrep -h -m1 --tsv -o srcaddr REJECT examples/flows.log tests/data/tail-short.txt
> srcaddr
> 10.2.146.90
> 10.0.0.100
$ flowgrep -h -m1 --csv -s REJECT examples/flows.log tests/data/tail-short.txt
> version,account-id,interface-id,srcaddr,dstaddr,srcport,dstport,protocol,packets,bytes,start,end,action,log-status
> 2,251282538206,eni-e722764e68c41561b,10.2.146.90,81.193.15.10,19016,9028,17,1,606,1705946166,1705946175,REJECT,OK
> 2,111111111111,eni-0a1b2c3d4e5f60718,10.0.0.100,1.2.3.4,35535,22,6,3,180,1418530010,1418530070,REJECT,OK

# @timestamp is one JSON type whatever the input wrote: epoch seconds, as
# --time=epoch prints them.
$ flowgrep -h -m1 --json -o @timestamp,action REJECT tests/data/tail-short.txt tests/data/tail-json.txt tests/data/filter-log-events.txt
> {"@timestamp":1795939380,"action":"REJECT"}
> {"@timestamp":1795939380.789,"action":"REJECT"}
> {"@timestamp":1795939380.789,"action":"REJECT"}
$ flowgrep -h -m1 --json --time=iso -o @timestamp REJECT tests/data/tail-short.txt tests/data/filter-log-events.txt
> {"@timestamp":"2026-11-29T08:03:00Z"}
> {"@timestamp":"2026-11-29T08:03:00.789Z"}
