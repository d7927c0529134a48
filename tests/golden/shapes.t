# Every input shape is detected per line, with no flag.

# Bare default-format records (the messages as put).
$ flowgrep 'dstport=22 and action=REJECT' tests/data/records-put.txt
> 2 111111111111 eni-0a1b2c3d4e5f60718 10.0.0.100 1.2.3.4 35535 22 6 3 180 1418530010 1418530070 REJECT OK
> 2 111111111111 eni-0f1e2d3c4b5a69788 192.0.2.44 10.0.2.15 60111 22 6 3 180 1795939800 1795939860 REJECT OK
> 2 111111111111 eni-0a1b2c3d4e5f60718 203.0.113.50 10.0.0.100 51234 22 6 1 44 1795939980 1795940040 REJECT OK

# aws logs tail --format detailed: the whole line, prefix included, is printed.
$ flowgrep 'dstport=22 and action=REJECT' tests/data/tail-detailed.txt
> 2026-11-29T08:03:00.789000+00:00 eni-0a1b2c3d4e5f60718-all 2 111111111111 eni-0a1b2c3d4e5f60718 10.0.0.100 1.2.3.4 35535 22 6 3 180 1418530010 1418530070 REJECT OK
> 2026-11-29T08:11:00.000000+00:00 eni-0f1e2d3c4b5a69788-all 2 111111111111 eni-0f1e2d3c4b5a69788 192.0.2.44 10.0.2.15 60111 22 6 3 180 1795939800 1795939860 REJECT OK
> 2026-11-29T08:14:00.000000+00:00 eni-0a1b2c3d4e5f60718-all 2 111111111111 eni-0a1b2c3d4e5f60718 203.0.113.50 10.0.0.100 51234 22 6 1 44 1795939980 1795940040 REJECT OK

# --format short, json, and the colour variants all select the same records.
$ flowgrep -c 'dstport=22 and action=REJECT' tests/data/tail-short.txt tests/data/tail-json.txt tests/data/tail-detailed-color.txt tests/data/tail-short-color.txt tests/data/tail-json-color.txt
> tests/data/tail-short.txt:3
> tests/data/tail-json.txt:3
> tests/data/tail-detailed-color.txt:3
> tests/data/tail-short-color.txt:3
> tests/data/tail-json-color.txt:3

# The colour codes are printed back unchanged.
$ flowgrep 'dstport=3389' tests/data/tail-short-color.txt | od -c | head -2
> 0000000 033   [   3   2   m   2   0   2   6   -   1   1   -   2   9   T
> 0000020   0   8   :   0   7   :   0   0 033   [   0   m       2       1

# @timestamp and @logStream come from the prefix.
$ flowgrep '@logStream=eni-0f*-all and REJECT' tests/data/tail-detailed.txt
> 2026-11-29T08:03:35.000000+00:00 eni-0f1e2d3c4b5a69788-all 2 111111111111 eni-0f1e2d3c4b5a69788 203.0.113.12 10.0.2.15 0 0 1 4 336 1795939355 1795939415 REJECT OK
> 2026-11-29T08:07:00.000000+00:00 eni-0f1e2d3c4b5a69788-all 2 111111111111 eni-0f1e2d3c4b5a69788 198.51.100.7 10.0.2.15 49762 3389 6 1 40 1795939560 1795939620 REJECT OK
> 2026-11-29T08:11:00.000000+00:00 eni-0f1e2d3c4b5a69788-all 2 111111111111 eni-0f1e2d3c4b5a69788 192.0.2.44 10.0.2.15 60111 22 6 3 180 1795939800 1795939860 REJECT OK
$ flowgrep '@timestamp >= 2026-11-29T08:20' tests/data/tail-json.txt
> 2026-11-29T08:20:00+00:00 eni-0f1e2d3c4b5a69788-all 2 111111111111 eni-0f1e2d3c4b5a69788 - - - - - - - 1795940340 1795940400 - NODATA
> 2026-11-29T08:22:00+00:00 eni-0a1b2c3d4e5f60718-all 2 111111111111 eni-0a1b2c3d4e5f60718 10.0.0.100 169.254.169.254 42100 80 6 6 921 1795940460 1795940520 ACCEPT OK
> 2026-11-29T08:23:00.999000+00:00 eni-0f1e2d3c4b5a69788-all 2 111111111111 eni-0f1e2d3c4b5a69788 10.0.2.15 10.0.2.1 123 123 17 1 76 1795940520 1795940580 ACCEPT OK
$ flowgrep '@timestamp = 2026-11-29T08:02:00' tests/data/tail-detailed-color.txt
> [32m2026-11-29T08:02:00.123000+00:00[0m [36meni-0a1b2c3d4e5f60718-all[0m 2 111111111111 eni-0a1b2c3d4e5f60718 10.0.0.100 10.0.1.100 57442 443 6 7 311 1648219031 1648219031 ACCEPT OK
$ flowgrep -c '@logStream=-' tests/data/tail-short.txt
> 20

# An old CLI left out a zero fraction even in detailed; zones other than +00:00 are read too.
$ printf '2023-11-14T22:13:20+00:00 eni-a-all 2 123456789010 eni-a 10.0.0.1 10.0.0.2 443 49152 6 10 840 1700000000 1700000060 ACCEPT OK\n2023-11-14T23:13:20.500+01:00 eni-a-all 2 123456789010 eni-a 10.0.0.1 10.0.0.2 443 49152 6 10 840 1700000000 1700000060 ACCEPT OK\n' | flowgrep '@timestamp=2023-11-14T22:13:20Z..2023-11-14T22:13:20.999Z'
> 2023-11-14T22:13:20+00:00 eni-a-all 2 123456789010 eni-a 10.0.0.1 10.0.0.2 443 49152 6 10 840 1700000000 1700000060 ACCEPT OK
> 2023-11-14T23:13:20.500+01:00 eni-a-all 2 123456789010 eni-a 10.0.0.1 10.0.0.2 443 49152 6 10 840 1700000000 1700000060 ACCEPT OK

# filter-log-events --output text: the EVENTS line is printed whole; the SEARCHEDLOGSTREAMS lines are skipped silently.
$ flowgrep 'dstport=22 REJECT' tests/data/filter-log-events.txt
> EVENTS	1	1795940872644	eni-0a1b2c3d4e5f60718-all	2 111111111111 eni-0a1b2c3d4e5f60718 10.0.0.100 1.2.3.4 35535 22 6 3 180 1418530010 1418530070 REJECT OK	1795939380789
> EVENTS	8	1795940872644	eni-0a1b2c3d4e5f60718-all	2 111111111111 eni-0a1b2c3d4e5f60718 203.0.113.50 10.0.0.100 51234 22 6 1 44 1795939980 1795940040 REJECT OK	1795940040000
> EVENTS	16	1795940876472	eni-0f1e2d3c4b5a69788-all	2 111111111111 eni-0f1e2d3c4b5a69788 192.0.2.44 10.0.2.15 60111 22 6 3 180 1795939800 1795939860 REJECT OK	1795939860000
$ flowgrep '@logStream=eni-0a1b2c3d4e5f60718-all and @timestamp < 2026-11-29T08:04' tests/data/filter-log-events-interleaved.txt
> EVENTS	0	1795940872644	eni-0a1b2c3d4e5f60718-all	2 111111111111 eni-0a1b2c3d4e5f60718 10.0.0.100 10.0.1.100 57442 443 6 7 311 1648219031 1648219031 ACCEPT OK	1795939320123
> EVENTS	1	1795940872644	eni-0a1b2c3d4e5f60718-all	2 111111111111 eni-0a1b2c3d4e5f60718 10.0.0.100 1.2.3.4 35535 22 6 3 180 1418530010 1418530070 REJECT OK	1795939380789

# get-log-events --output text: the token line is skipped silently.
$ flowgrep -c OK tests/data/get-log-events.txt
> 9
$ flowgrep --format "$(cat tests/data/v5.logformat)" 'tcp-flags=SYN' tests/data/get-log-events-v5.txt
> EVENTS	1795940880512	5 111111111111 eni-0a1b2c3d4e5f60718 10.0.0.100 52.95.128.179 41928 443 6 12 5411 1795939460 1795939520 ACCEPT OK vpc-0a1b2c3d4e5f60789 subnet-0123456789abcdef0 i-0c50d5961bcb2d47b 19 IPv4 10.0.0.100 52.95.128.179 eu-west-2 euw2-az2 - - - S3 egress 8	1795939520000
> EVENTS	1795940880512	5 111111111111 eni-0a1b2c3d4e5f60718 10.0.1.25 10.0.0.100 55012 8080 6 9 1820 1795939520 1795939580 ACCEPT OK vpc-0a1b2c3d4e5f60789 subnet-0123456789abcdef0 i-0c50d5961bcb2d47b 3 IPv4 198.51.100.20 10.0.0.100 eu-west-2 euw2-az2 - - - - ingress -	1795939580000
> EVENTS	1795940880512	5 111111111111 eni-0a1b2c3d4e5f60718 203.0.113.50 10.0.0.100 51234 22 6 1 44 1795939580 1795939640 REJECT OK vpc-0a1b2c3d4e5f60789 subnet-0123456789abcdef0 i-0c50d5961bcb2d47b 2 IPv4 203.0.113.50 10.0.0.100 eu-west-2 euw2-az2 - - - - ingress -	1795939640000
> EVENTS	1795940880512	5 111111111111 eni-0a1b2c3d4e5f60718 10.0.0.100 10.0.5.20 38222 443 6 14 2210 1795939700 1795939760 ACCEPT OK vpc-0a1b2c3d4e5f60789 subnet-0123456789abcdef0 i-0c50d5961bcb2d47b 3 IPv4 10.0.0.100 10.0.5.20 eu-west-2 euw2-az2 outpost op-0123456789abcdef0 - - egress 1	1795939760000

# --query 'events[].message' --output text: one line of tab-joined records; each is selected and printed on its own.
$ flowgrep 'dstport=22 and action=REJECT' tests/data/filter-log-events-messages.txt
> 2 111111111111 eni-0a1b2c3d4e5f60718 10.0.0.100 1.2.3.4 35535 22 6 3 180 1418530010 1418530070 REJECT OK
> 2 111111111111 eni-0a1b2c3d4e5f60718 203.0.113.50 10.0.0.100 51234 22 6 1 44 1795939980 1795940040 REJECT OK
> 2 111111111111 eni-0f1e2d3c4b5a69788 192.0.2.44 10.0.2.15 60111 22 6 3 180 1795939800 1795939860 REJECT OK
$ flowgrep -n -c 'REJECT' tests/data/get-log-events-messages.txt
> 3

# A v5 custom format given as the LogFormat string, or as bare names.
$ flowgrep --format "$(cat tests/data/v5.logformat)" 'flow-direction=ingress' tests/data/tail-v5-detailed.txt
> 2026-11-29T08:06:20.000000+00:00 eni-0a1b2c3d4e5f60718-all 5 111111111111 eni-0a1b2c3d4e5f60718 10.0.1.25 10.0.0.100 55012 8080 6 9 1820 1795939520 1795939580 ACCEPT OK vpc-0a1b2c3d4e5f60789 subnet-0123456789abcdef0 i-0c50d5961bcb2d47b 3 IPv4 198.51.100.20 10.0.0.100 eu-west-2 euw2-az2 - - - - ingress -
> 2026-11-29T08:07:20.000000+00:00 eni-0a1b2c3d4e5f60718-all 5 111111111111 eni-0a1b2c3d4e5f60718 203.0.113.50 10.0.0.100 51234 22 6 1 44 1795939580 1795939640 REJECT OK vpc-0a1b2c3d4e5f60789 subnet-0123456789abcdef0 i-0c50d5961bcb2d47b 2 IPv4 203.0.113.50 10.0.0.100 eu-west-2 euw2-az2 - - - - ingress -
$ flowgrep --format "$(cat tests/data/v5.header)" -c 'pkt-srcaddr=198.51.100.0/24' tests/data/records-put-v5.txt
> 1
$ flowgrep --format '${srcaddr} ${dstaddr}' 'dst=10.0.0.0/8' tests/data/records-put-v5.txt
! flowgrep: warning: 5 lines were not flow-log records; first at tests/data/records-put-v5.txt:1: expected 2 fields, found 29 (version 5? --format v5)
? 1

# Without --format, a 29-field line is not a default record.
$ flowgrep -c OK tests/data/records-put-v5.txt
> 0
! flowgrep: warning: 5 lines were not flow-log records; first at tests/data/records-put-v5.txt:1: expected 14 fields, found 29 (version 5? --format v5)
? 1

# An S3 object's header sets the format; several objects in one stream each bring theirs, and the header is printed before the first record it governs.
$ flowgrep 'dstport=22' tests/data/s3-mixed.log
> version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status vpc-id subnet-id instance-id tcp-flags type pkt-srcaddr pkt-dstaddr region az-id sublocation-type sublocation-id pkt-src-aws-service pkt-dst-aws-service flow-direction traffic-path
> 5 111111111111 eni-0a1b2c3d4e5f60718 203.0.113.50 10.0.0.100 51234 22 6 1 44 1795939580 1795939640 REJECT OK vpc-0a1b2c3d4e5f60789 subnet-0123456789abcdef0 i-0c50d5961bcb2d47b 2 IPv4 203.0.113.50 10.0.0.100 eu-west-2 euw2-az2 - - - - ingress -
> version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status
> 2 111111111111 eni-0a1b2c3d4e5f60718 10.0.0.100 1.2.3.4 35535 22 6 3 180 1418530010 1418530070 REJECT OK
$ flowgrep 'tcp-flags=SYN' tests/data/s3-mixed.log
> version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status vpc-id subnet-id instance-id tcp-flags type pkt-srcaddr pkt-dstaddr region az-id sublocation-type sublocation-id pkt-src-aws-service pkt-dst-aws-service flow-direction traffic-path
> 5 111111111111 eni-0a1b2c3d4e5f60718 10.0.0.100 52.95.128.179 41928 443 6 12 5411 1795939460 1795939520 ACCEPT OK vpc-0a1b2c3d4e5f60789 subnet-0123456789abcdef0 i-0c50d5961bcb2d47b 19 IPv4 10.0.0.100 52.95.128.179 eu-west-2 euw2-az2 - - - S3 egress 8
> 5 111111111111 eni-0a1b2c3d4e5f60718 10.0.1.25 10.0.0.100 55012 8080 6 9 1820 1795939520 1795939580 ACCEPT OK vpc-0a1b2c3d4e5f60789 subnet-0123456789abcdef0 i-0c50d5961bcb2d47b 3 IPv4 198.51.100.20 10.0.0.100 eu-west-2 euw2-az2 - - - - ingress -
> 5 111111111111 eni-0a1b2c3d4e5f60718 203.0.113.50 10.0.0.100 51234 22 6 1 44 1795939580 1795939640 REJECT OK vpc-0a1b2c3d4e5f60789 subnet-0123456789abcdef0 i-0c50d5961bcb2d47b 2 IPv4 203.0.113.50 10.0.0.100 eu-west-2 euw2-az2 - - - - ingress -
> 5 111111111111 eni-0a1b2c3d4e5f60718 10.0.0.100 10.0.5.20 38222 443 6 14 2210 1795939700 1795939760 ACCEPT OK vpc-0a1b2c3d4e5f60789 subnet-0123456789abcdef0 i-0c50d5961bcb2d47b 3 IPv4 10.0.0.100 10.0.5.20 eu-west-2 euw2-az2 outpost op-0123456789abcdef0 - - egress 1
> version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status vpc-id subnet-id instance-id tcp-flags type pkt-srcaddr pkt-dstaddr region az-id sublocation-type sublocation-id pkt-src-aws-service pkt-dst-aws-service flow-direction traffic-path
> 5 111111111111 eni-0a1b2c3d4e5f60718 10.0.0.100 52.95.128.179 41928 443 6 12 5411 1795939460 1795939520 ACCEPT OK vpc-0a1b2c3d4e5f60789 subnet-0123456789abcdef0 i-0c50d5961bcb2d47b 19 IPv4 10.0.0.100 52.95.128.179 eu-west-2 euw2-az2 - - - S3 egress 8
> 5 111111111111 eni-0a1b2c3d4e5f60718 10.0.1.25 10.0.0.100 55012 8080 6 9 1820 1795939520 1795939580 ACCEPT OK vpc-0a1b2c3d4e5f60789 subnet-0123456789abcdef0 i-0c50d5961bcb2d47b 3 IPv4 198.51.100.20 10.0.0.100 eu-west-2 euw2-az2 - - - - ingress -
! flowgrep: warning: tests/data/s3-mixed.log:11: the format has no field 'tcp-flags'; it is missing in these records (fields: version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status)
$ flowgrep -c 'OK' tests/data/s3-mixed.log
> 10

# CRLF line ends (printed as they came), runs of spaces, leading and trailing spaces, blank lines.
$ printf '2 1 eni-a 10.0.0.1 10.0.0.2 1 22 6 1 40 1 2 REJECT OK\r\n\n   \n2  1 eni-b  10.0.0.1 10.0.0.2 1 22 6 1 40 1 2 REJECT OK  \n' | flowgrep dstport=22 | od -c | sed -n '1,8p'
> 0000000   2       1       e   n   i   -   a       1   0   .   0   .   0
> 0000020   .   1       1   0   .   0   .   0   .   2       1       2   2
> 0000040       6       1       4   0       1       2       R   E   J   E
> 0000060   C   T       O   K  \r  \n   2           1       e   n   i   -
> 0000100   b           1   0   .   0   .   0   .   1       1   0   .   0
> 0000120   .   0   .   2       1       2   2       6       1       4   0
> 0000140       1       2       R   E   J   E   C   T       O   K        
> 0000160  \n

# NODATA and SKIPDATA records are records.
$ flowgrep 'NODATA or SKIPDATA' tests/data/records-put.txt
> 2 111111111111 eni-0a1b2c3d4e5f60718 - - - - - - - 1431280876 1431280934 - NODATA
> 2 111111111111 eni-0f1e2d3c4b5a69788 - - - - - - - 1431280876 1431280934 - SKIPDATA
> 2 111111111111 eni-0f1e2d3c4b5a69788 - - - - - - - 1795940340 1795940400 - NODATA

# gzip input (S3 delivers .log.gz) is read directly; concatenated objects each bring their header.
$ flowgrep -c 'dstport=22 and action=REJECT' tests/data/records-put.txt.gz
> 3
$ flowgrep -c REJECT tests/data/two-objects.log.gz
> 41
$ cat tests/data/two-objects.log.gz | flowgrep -h 'tcp-flags=SYN+ACK and dstport=443'
> version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status vpc-id subnet-id instance-id tcp-flags type pkt-srcaddr pkt-dstaddr region az-id sublocation-type sublocation-id pkt-src-aws-service pkt-dst-aws-service flow-direction traffic-path
> 5 205380810795 eni-866d2287672fdf202 10.1.244.221 54.26.76.120 7974 443 6 1 1269 1703170846 1703170871 ACCEPT OK vpc-3771c23e17d4ffa0f subnet-37ae85484eb7f1414 i-fd08c33c839da457a 27 IPv4 10.1.244.221 54.26.76.120 eu-west-1 euw2-az3 - - - - egress 7
> 5 741520749048 eni-c3099f27150cb407a 10.1.19.155 10.0.203.237 45405 443 6 1 94 1703170847 1703170867 REJECT OK vpc-9c379023e7262b8a9 subnet-e4665ea199d106a37 i-9b0227a15e4217251 18 IPv4 10.1.19.155 10.0.203.237 us-east-1 euw2-az3 - - - - ingress -
> 5 334107653877 eni-2729135bdd70a39d1 34.167.93.232 10.0.83.79 10304 443 6 3 3336 1703170848 1703170889 ACCEPT OK vpc-7d1a80888c7ac6f37 subnet-ee1edcf3eb050864e i-98a1f78832a244cae 27 IPv4 34.167.93.232 10.0.83.79 eu-west-1 euw2-az3 - - - - ingress -
! flowgrep: warning: (standard input):203: the format has no field 'tcp-flags'; it is missing in these records (fields: version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status)
# A truncated object: the records before the cut count, the cut line is dropped, status 2.
$ head -c 400 tests/data/records-put.txt.gz | flowgrep -c REJECT
> 4
! flowgrep: (standard input): truncated gzip data
? 2
# Text that only starts with gzip's two magic bytes is text (and not a record).
$ printf '\037\213not gzip at all' | flowgrep REJECT
! flowgrep: warning: 1 line was not a flow-log record; first at (standard input):1: expected 14 fields, found 4
? 1

# The LogFormat may be pasted with the quotes describe-flow-logs output puts around it.
$ flowgrep --format "'$(cat tests/data/v5.logformat)'" -c REJECT tests/data/records-put-v5.txt
> 1
$ printf '10.0.0.1 10.0.0.2 REJECT\n' | flowgrep --format '"${srcaddr} ${dstaddr} ${action}"' -o dstaddr REJECT
> 10.0.0.2
