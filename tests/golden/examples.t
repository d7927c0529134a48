# The commands of the EXAMPLES section of man/flowgrep.1, each exactly as
# the page shows it (tests/examples.sh checks that every one is here).

# The rejected SSH attempt of the runbook, then the same with bare words
# and either-direction port.
$ flowgrep 'action=REJECT and dstport=22' examples/runbook.log
> 2 111111111111 eni-aaaaa111111111111 10.0.0.100 1.2.3.4 35535 22 6 3 180 1418530010 1418530070 REJECT OK
$ flowgrep 'REJECT port=22' examples/tail.log
> 2024-01-28T20:29:11.000000+00:00 eni-b331155190b0ecf26-all 2 608965573510 eni-b331155190b0ecf26 10.0.229.234 104.27.153.246 22 31769 6 1 1275 1706473751 1706473781 REJECT OK
> 2024-01-28T20:29:11.000000+00:00 eni-f2326111a471918ad-all 2 465419316439 eni-f2326111a471918ad 10.0.79.70 10.0.142.222 11122 22 6 2 1166 1706473751 1706473783 REJECT OK

# CIDR in and out.
$ flowgrep -c 'src=10.0.0.0/8 dst!=10.0.0.0/8' examples/flows.log
> 118

# An S3 object with its header: the header is printed before the first match.
$ flowgrep 'egress pkt-dst-aws-service=dynamodb' examples/s3-v5.log
> version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status vpc-id subnet-id instance-id tcp-flags type pkt-srcaddr pkt-dstaddr region az-id sublocation-type sublocation-id pkt-src-aws-service pkt-dst-aws-service flow-direction traffic-path
> 5 561423994714 eni-112bd4acefaecbd38 10.1.109.186 10.1.147.195 3306 47564 6 3 1566 1703170845 1703170860 REJECT OK vpc-9c379023e7262b8a9 subnet-e52e71cf828a4fbd7 - 1 IPv4 10.1.109.186 10.1.147.195 eu-west-1 euw2-az2 - - S3 DYNAMODB egress -
> 5 561423994714 eni-b11f2d44dcc35e834 10.2.52.10 3.236.79.91 18476 6379 17 1 1463 1703170845 1703170901 ACCEPT OK vpc-9c379023e7262b8a9 subnet-efb52882f21b1aed2 i-6f5fa5d74cd2e4676 0 IPv4 10.2.52.10 3.236.79.91 eu-west-2 euw2-az3 - - - DYNAMODB egress -
> 5 741520749048 eni-138efbaebdb31ccd2 10.1.25.151 10.1.236.54 63550 5432 6 1 174 1703170846 1703170860 ACCEPT OK vpc-1667cd60b7924dede subnet-15d866b346e3bbc97 i-081e6d6c8e14aa460 3 IPv4 10.1.25.151 10.1.236.54 eu-west-2 euw2-az1 - - - DYNAMODB egress 6

# filter-log-events --output text: EVENTS lines printed whole.
$ flowgrep 'dstport=22' tests/data/filter-log-events-pattern-term-REJECT.txt
> EVENTS	1	1795940872644	eni-0a1b2c3d4e5f60718-all	2 111111111111 eni-0a1b2c3d4e5f60718 10.0.0.100 1.2.3.4 35535 22 6 3 180 1418530010 1418530070 REJECT OK	1795939380789
> EVENTS	8	1795940872644	eni-0a1b2c3d4e5f60718-all	2 111111111111 eni-0a1b2c3d4e5f60718 203.0.113.50 10.0.0.100 51234 22 6 1 44 1795939980 1795940040 REJECT OK	1795940040000
> EVENTS	16	1795940876472	eni-0f1e2d3c4b5a69788-all	2 111111111111 eni-0f1e2d3c4b5a69788 192.0.2.44 10.0.2.15 60111 22 6 3 180 1795939800 1795939860 REJECT OK	1795939860000

# JSON into jq.
$ flowgrep --json 'REJECT dstport<1024' examples/flows.log | jq -r .dstport | sort -n | uniq -c
>       2 0
>       3 22
>       2 25
>       1 53
>       1 80
>       1 123
>       9 445

# CSV, table, template.
$ flowgrep -o start,src,dst,bytes --csv --time=iso 'dstport=3389 REJECT' examples/flows.log
> start,srcaddr,dstaddr,bytes
> 2024-01-22T17:56:07Z,10.3.76.38,10.2.231.159,1626
> 2024-01-22T17:56:09Z,10.1.216.246,10.0.77.13,871
> 2024-01-22T17:56:10Z,10.2.98.238,10.1.108.221,2202
> 2024-01-22T17:56:11Z,10.3.147.42,10.2.5.44,312
> 2024-01-22T17:56:14Z,203.0.109.184,10.3.103.128,588
> 2024-01-22T17:56:15Z,10.1.204.117,10.1.201.126,3320
$ flowgrep -o src,sport,dst,dport,proto,action --table --names port=3389 examples/tail.log
> srcaddr          srcport  dstaddr          dstport  protocol  action
> 10.1.185.75         3389  10.1.129.115       18727  tcp       ACCEPT
> 10.1.173.143        3389  10.3.241.138       46848  tcp       ACCEPT
> 10.0.189.158        3389  3.71.156.14        53480  udp       ACCEPT
> 10.3.118.138        3389  10.2.0.25          21690  tcp       ACCEPT
$ flowgrep -m 3 -t '{src}:{sport} -> {dst}:{dport} {bytes:human}' 'REJECT tcp' examples/flows.log
> 10.2.224.60:55562 -> 34.237.194.16:445 743
> 18.78.95.63:12085 -> 10.1.122.193:3154 6.14k
> 10.0.219.59:37905 -> 142.2.81.134:8080 1.34k

# -c per file.
$ flowgrep -c REJECT examples/runbook.log examples/flows.log examples/tail.log
> examples/runbook.log:1
> examples/flows.log:63
> examples/tail.log:16

# --explain shows the precedence.
$ flowgrep --explain 'REJECT port=22 or port=3389 and not 10.0.0.0/8'
> (((action = REJECT) and (port = 22)) or ((port = 3389) and (not (addr in 10.0.0.0/8))))

# --to: the same expressions as other services' queries.
$ flowgrep --to=filter-pattern 'dstport=22 and action=REJECT'
> [version, account_id, interface_id, srcaddr, dstaddr, srcport, dstport=22, protocol, packets, bytes, start, end, action=%^[Rr][Ee][Jj][Ee][Cc][Tt]$%, log_status]
$ flowgrep --to=insights 'REJECT port=22,3389 not src=10.0.0.0/8'
> fields @timestamp, @message
> | parse @message /^(?<fg_version>\S+) (?<fg_account_id>\S+) (?<fg_interface_id>\S+) (?<fg_srcaddr>\S+) (?<fg_dstaddr>\S+) (?<fg_srcport>\S+) (?<fg_dstport>\S+) (?<fg_protocol>\S+) (?<fg_packets>\S+) (?<fg_bytes>\S+) (?<fg_start>\S+) (?<fg_end>\S+) (?<fg_action>\S+) (?<fg_log_status>\S+)$/
> | filter (isValidIp(fg_srcaddr) and not (isIpv4InSubnet(fg_srcaddr, "10.0.0.0/8"))) and (fg_action != "-" and tolower(fg_action) = "reject") and ((fg_srcport != "-" and fg_srcport in [22, 3389]) or (fg_dstport != "-" and fg_dstport in [22, 3389]))
> | sort @timestamp desc
$ flowgrep --to=athena 'start>-1d and dstaddr=203.0.113.0/24'
> SELECT *
> FROM vpc_flow_logs
> WHERE start >= 1795854601
>   AND contains('203.0.113.0/24', TRY_CAST(NULLIF(dstaddr, '-') AS IPADDRESS))
>   AND "date" >= DATE '2026-11-27'

# A block list from a file.
$ flowgrep -c 'addr in @tests/data/blocklist.txt' examples/flows.log
> 18

# Time windows: a second of @timestamp; relative to a pinned now.
$ flowgrep -c '@timestamp=2024-01-28T20:29:12' examples/tail.log
> 50
$ FLOWGREP_NOW=2024-01-22T17:56:45Z flowgrep -c 'end>-30s' examples/flows.log
> 451

# Missing values: != skips the NODATA record, -v does not.
$ flowgrep -c 'dstport!=22' examples/flows.log
> 490
$ flowgrep -c -v 'dstport=22' examples/flows.log
> 491

# Compressed S3 objects joined in one file, each with its header.
$ flowgrep -h 'tcp-flags=SYN+ACK and dstport=443' tests/data/two-objects.log.gz
> version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status vpc-id subnet-id instance-id tcp-flags type pkt-srcaddr pkt-dstaddr region az-id sublocation-type sublocation-id pkt-src-aws-service pkt-dst-aws-service flow-direction traffic-path
> 5 205380810795 eni-866d2287672fdf202 10.1.244.221 54.26.76.120 7974 443 6 1 1269 1703170846 1703170871 ACCEPT OK vpc-3771c23e17d4ffa0f subnet-37ae85484eb7f1414 i-fd08c33c839da457a 27 IPv4 10.1.244.221 54.26.76.120 eu-west-1 euw2-az3 - - - - egress 7
> 5 741520749048 eni-c3099f27150cb407a 10.1.19.155 10.0.203.237 45405 443 6 1 94 1703170847 1703170867 REJECT OK vpc-9c379023e7262b8a9 subnet-e4665ea199d106a37 i-9b0227a15e4217251 18 IPv4 10.1.19.155 10.0.203.237 us-east-1 euw2-az3 - - - - ingress -
> 5 334107653877 eni-2729135bdd70a39d1 34.167.93.232 10.0.83.79 10304 443 6 3 3336 1703170848 1703170889 ACCEPT OK vpc-7d1a80888c7ac6f37 subnet-ee1edcf3eb050864e i-98a1f78832a244cae 27 IPv4 34.167.93.232 10.0.83.79 eu-west-1 euw2-az3 - - - - ingress -
! flowgrep: warning: tests/data/two-objects.log.gz:203: the format has no field 'tcp-flags'; it is missing in these records (fields: version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status)

# Summaries: the ports refused most, with how many sources tried each; the
# interfaces moving the most bytes; traffic to SQL Server, SMB and RDP by
# source network; the rejects of each minute of the tail.
$ flowgrep --by dstport --distinct srcaddr --top 5 REJECT examples/flows.log
> 1433 10 10
> 445 9 9
> 3389 6 6
> 22 3 3
> 0 2 2
$ flowgrep --by interface-id --sum bytes,packets --top 3 --json version=2 examples/flows.log
> {"interface-id":"eni-4a53f8a28abf3e3fc","count":2,"sum-bytes":1269315,"sum-packets":1601}
> {"interface-id":"eni-8ec24a3c5c754108f","count":1,"sum-bytes":262599,"sum-packets":813}
> {"interface-id":"eni-2d9f195d014822f53","count":3,"sum-bytes":75904,"sum-packets":66}
$ flowgrep --by srcaddr/16/48,action --sum bytes --top 6 --table 'dstport=1433,445,3389' examples/flows.log
> srcaddr             action     count  sum-bytes
> 52.81.0.0/16        ACCEPT         1    1268800
> 10.2.0.0/16         REJECT         4      61592
> 10.1.0.0/16         ACCEPT         3      28327
> 10.3.0.0/16         REJECT         7      18116
> 2001:db8:c6ef::/48  ACCEPT         1      14790
> 10.1.0.0/16         REJECT         7       7432
$ flowgrep -H -n --csv -o srcaddr,dstport -m 2 REJECT examples/flows.log examples/tail.log
> @file,@line,srcaddr,dstport
> examples/flows.log,6,10.2.146.90,9028
> examples/flows.log,12,10.2.224.60,445
> examples/tail.log,1,18.183.82.185,1371
> examples/tail.log,18,18.68.24.248,24011
$ flowgrep --by @file REJECT examples/flows.log examples/tail.log
> examples/flows.log 63
> examples/tail.log 16
$ flowgrep --by @timestamp/1m --min start --max end --time=iso --table REJECT examples/tail.log
> @timestamp               count  min-start             max-end
> 2024-01-28T20:29:00Z        16  2024-01-28T20:29:11Z  2024-01-28T20:30:10Z
