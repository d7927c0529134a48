# Each operator and value type, on the records as put (tests/data/records-put.txt).

# Integers: = == != < <= > >= and the words eq ne lt le gt ge.
$ flowgrep -c 'dstport=443' tests/data/records-put.txt
> 2
$ flowgrep -c 'dstport==443' tests/data/records-put.txt
> 2
$ flowgrep -c 'dstport eq 443' tests/data/records-put.txt
> 2
$ flowgrep -c 'dstport!=443' tests/data/records-put.txt
> 15
$ flowgrep -c 'dstport ne 443' tests/data/records-put.txt
> 15
$ flowgrep -c 'dstport<53' tests/data/records-put.txt
> 6
$ flowgrep -c 'dstport<=53' tests/data/records-put.txt
> 8
$ flowgrep -c 'dstport lt 53' tests/data/records-put.txt
> 6
$ flowgrep -c 'dstport>3389' tests/data/records-put.txt
> 3
$ flowgrep -c 'dstport>=3389' tests/data/records-put.txt
> 5
$ flowgrep -c 'dstport gt 3389 or dstport le 0' tests/data/records-put.txt
> 4

# Ranges and lists: = means in, != means not in.
$ flowgrep -c 'dstport=1024..65535' tests/data/records-put.txt
> 5
$ flowgrep -c 'dstport=22,3389' tests/data/records-put.txt
> 7
$ flowgrep -c 'dstport in (22, 3389, 50000..60000)' tests/data/records-put.txt
> 9
$ flowgrep -c 'dstport!=22,443,53' tests/data/records-put.txt
> 8
$ flowgrep --explain 'dstport in (22, 3389, 50000..60000) and srcport != 1..1023'
> ((dstport in (22, 3389, 50000..60000)) and (srcport not in 1..1023))

# Counts take k M G T suffixes (powers of 1000, a fraction allowed with a unit).
$ flowgrep 'bytes>1M' tests/data/records-put.txt
> 2 111111111111 eni-0f1e2d3c4b5a69788 10.0.2.15 52.95.128.179 41928 443 6 1250 1804219 1795939680 1795939740 ACCEPT OK
$ flowgrep -c 'bytes>=1.8M' tests/data/records-put.txt
> 1
$ flowgrep -c 'bytes>4.25k and packets<1k' tests/data/records-put.txt
> 3
$ flowgrep --explain 'bytes>1.5G and packets<=2T and bytes=1k..2k'
> (((bytes > 1500000000) and (packets <= 2000000000000)) and (bytes in 1000..2000))

# Protocols by number or IANA name, any case.
$ flowgrep -c 'protocol=udp' tests/data/records-put.txt
> 3
$ flowgrep -c 'proto=17' tests/data/records-put.txt
> 3
$ flowgrep 'protocol=ICMP' tests/data/records-put.txt
> 2 111111111111 eni-0f1e2d3c4b5a69788 203.0.113.12 10.0.2.15 0 0 1 4 336 1795939355 1795939415 REJECT OK
$ flowgrep --explain 'protocol in (tcp, udp, icmpv6, gre, esp, ah, 132)'
> (protocol in (6 (tcp), 17 (udp), 58 (icmpv6), 47 (gre), 50 (esp), 51 (ah), 132 (sctp)))

# Either-direction fields: port and addr hold when either side does; their negations mean neither side.
$ flowgrep 'port=53' tests/data/records-put.txt
> 2 111111111111 eni-0f1e2d3c4b5a69788 10.0.2.15 10.0.0.2 50512 53 17 1 72 1795939500 1795939560 ACCEPT OK
> 2 111111111111 eni-0a1b2c3d4e5f60718 10.0.0.100 10.0.0.2 41000 53 17 2 150 1795939740 1795939800 ACCEPT OK
$ flowgrep -c 'port=1024..2000' tests/data/records-put.txt
> 0
? 1
$ flowgrep -c 'port!=22' tests/data/records-put.txt
> 12
$ flowgrep -c 'not port=22' tests/data/records-put.txt
> 12
$ flowgrep -c 'addr=10.0.0.100' tests/data/records-put.txt
> 8
$ flowgrep -c 'addr!=10.0.0.0/8' tests/data/records-put.txt
> 2
$ flowgrep 'addr !~ /^10\./ and addr !~ /^2001/' tests/data/records-put.txt
> 2 111111111111 eni-0a1b2c3d4e5f60718 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1795939440 1795939500 ACCEPT OK

# Addresses: IPv4, IPv6 in any spelling, CIDR, ranges, lists mixing them.
$ flowgrep -c 'srcaddr=10.0.0.0/8' tests/data/records-put.txt
> 10
$ flowgrep 'src=2001:0db8:1234:a100:8d6e:3477:df66:f105' tests/data/records-put.txt
> 2 111111111111 eni-0a1b2c3d4e5f60718 2001:db8:1234:a100:8d6e:3477:df66:f105 2001:db8:1234:a102:3304:8879:34cf:4071 34892 22 6 54 8855 1795939620 1795939680 ACCEPT OK
$ flowgrep -c 'dstaddr=2001:db8::/32' tests/data/records-put.txt
> 1
$ flowgrep -c 'dst in (10.0.0.2, 169.254.0.0/16, 52.95.128.179)' tests/data/records-put.txt
> 4
$ flowgrep -c 'srcaddr=198.51.100.1..198.51.100.10' tests/data/records-put.txt
> 2
$ flowgrep -c 'dstaddr=::ffff:1.2.3.4' tests/data/records-put.txt
> 1
$ flowgrep -c 'srcaddr=0.0.0.0/0' tests/data/records-put.txt
> 16
# An IPv6 prefix matches IPv6 addresses only, as an IPv4 one matches IPv4 only.
$ flowgrep -c 'addr=::/0' tests/data/records-put.txt
> 1
$ flowgrep --explain 'addr in (10.0.0.0/8, 2001:DB8:0::0:1, 192.168.1.7/16, 10.1.2.3..10.1.2.9)'
> (addr in (10.0.0.0/8, 192.168.0.0/16, 10.1.2.3..10.1.2.9, 2001:db8::1))

# Times: epoch seconds, ISO 8601 (a date or a minute means the whole period), offsets, relative to now (FLOWGREP_NOW pins it).
$ flowgrep -c 'start=1431280876' tests/data/records-put.txt
> 2
$ flowgrep -c 'start<2020-01-01' tests/data/records-put.txt
> 3
$ flowgrep 'start=2015-05-10' tests/data/records-put.txt
> 2 111111111111 eni-0a1b2c3d4e5f60718 - - - - - - - 1431280876 1431280934 - NODATA
> 2 111111111111 eni-0f1e2d3c4b5a69788 - - - - - - - 1431280876 1431280934 - SKIPDATA
$ flowgrep -c 'start >= 2026-11-29T08:20' tests/data/records-put.txt
> 2
$ flowgrep -c 'end <= 2026-11-29T09:20:00+01:00' tests/data/records-put.txt
> 18
$ flowgrep -c 'start > -10m' tests/data/records-put.txt
> 2
$ flowgrep -c 'startTime > now-1h and endTime < now' tests/data/records-put.txt
> 16
$ flowgrep --explain 'start=2024-03-25 and end<2024-03-25T14:00 and start>2024-03-25T14:00:00+01:00 and start>=-15m and end<=now-2h and start=1711324800..1711328400'
> ((((((start in 2024-03-25T00:00:00Z..2024-03-25T23:59:59.999Z) and (end < 2024-03-25T14:00:00Z)) and (start > 2024-03-25T13:00:00.999Z)) and (start >= 2026-11-29T08:15:00Z)) and (end <= 2026-11-29T06:30:00.999Z)) and (start in 2024-03-25T00:00:00Z..2024-03-25T01:00:00.999Z))

# duration = end - start.
$ flowgrep 'duration=0' tests/data/records-put.txt
> 2 111111111111 eni-0a1b2c3d4e5f60718 10.0.0.100 10.0.1.100 57442 443 6 7 311 1648219031 1648219031 ACCEPT OK
$ flowgrep -c 'duration>=60' tests/data/records-put.txt
> 17

# Strings: exact, case-sensitive, * wildcards; enumerated fields ignore case.
$ flowgrep -c 'interface-id=eni-0a1b2c3d4e5f60718' tests/data/records-put.txt
> 10
$ flowgrep -c 'eni=eni-0f*' tests/data/records-put.txt
> 10
$ flowgrep -c 'eni=ENI-0F*' tests/data/records-put.txt
> 0
? 1
$ flowgrep -c 'account-id=*1111' tests/data/records-put.txt
> 20
$ flowgrep -c 'action=reject' tests/data/records-put.txt
> 6
$ flowgrep -c 'log-status in (nodata, SkipData)' tests/data/records-put.txt
> 3
$ flowgrep -c 'logStatus=OK and log_status=ok and LOG-STATUS=Ok' tests/data/records-put.txt
> 17

# Regular expressions (PCRE2) on the text as written: unanchored, /re/i, a quoted string, a bare word.
$ flowgrep -c 'srcaddr ~ /^10\.0\.2\./' tests/data/records-put.txt
> 5
$ flowgrep -c 'action ~ /rej/i' tests/data/records-put.txt
> 6
$ flowgrep -c 'action ~ /rej/' tests/data/records-put.txt
> 0
? 1
$ flowgrep -c 'interface-id ~ "0a1b"' tests/data/records-put.txt
> 10
$ flowgrep -c 'dstport ~ 3.8' tests/data/records-put.txt
> 2
$ flowgrep -c 'srcaddr !~ /^10\./' tests/data/records-put.txt
> 7
$ flowgrep --explain 'srcaddr ~ /a\/b/i or dst ~ "x/y"'
> ((srcaddr ~ /a\/b/i) or (dstaddr ~ /x\/y/))

# tcp-flags: a flag name holds when that bit is set; SYN+ACK needs both; numbers compare whole.
$ flowgrep --format "$(cat tests/data/v5.logformat)" -c 'tcp-flags=SYN' tests/data/records-put-v5.txt
> 4
$ flowgrep --format "$(cat tests/data/v5.logformat)" -c 'tcp-flags=SYN+ACK' tests/data/records-put-v5.txt
> 1
$ flowgrep --format "$(cat tests/data/v5.logformat)" -c 'tcp-flags=2' tests/data/records-put-v5.txt
> 1
$ flowgrep --format "$(cat tests/data/v5.logformat)" -c 'tcp-flags=FIN,RST' tests/data/records-put-v5.txt
> 3
$ flowgrep --format "$(cat tests/data/v5.logformat)" -c 'flags!=FIN' tests/data/records-put-v5.txt
> 1
$ flowgrep --explain 'tcp-flags=syn+ack or tcp-flags=FIN|RST or tcp-flags=fin+rst or tcp-flags=18'
> ((((tcp-flags = SYN+ACK (all set)) or (tcp-flags in (FIN (all set), RST (all set)))) or (tcp-flags = FIN+RST (all set))) or (tcp-flags = 18 (SYN+ACK)))

# traffic-path by number or name; flow-direction and the other v5 fields.
$ flowgrep --format "$(cat tests/data/v5.logformat)" -c 'traffic-path=igw' tests/data/records-put-v5.txt
> 1
$ flowgrep --format "$(cat tests/data/v5.logformat)" -c 'traffic-path=1..8' tests/data/records-put-v5.txt
> 2
$ flowgrep --format "$(cat tests/data/v5.logformat)" -c 'egress and pkt-dst-aws-service=s3' tests/data/records-put-v5.txt
> 1
$ flowgrep --format "$(cat tests/data/v5.logformat)" 'sublocation-type=outpost' tests/data/records-put-v5.txt
> 5 111111111111 eni-0a1b2c3d4e5f60718 10.0.0.100 10.0.5.20 38222 443 6 14 2210 1795939700 1795939760 ACCEPT OK vpc-0a1b2c3d4e5f60789 subnet-0123456789abcdef0 i-0c50d5961bcb2d47b 3 IPv4 10.0.0.100 10.0.5.20 eu-west-2 euw2-az2 outpost op-0123456789abcdef0 - - egress 1
$ flowgrep --format "$(cat tests/data/v5.logformat)" -c 'type=ipv4 and region=eu-west-2 and az-id=euw2-*' tests/data/records-put-v5.txt
> 4

# Boolean logic: not > and > or, parentheses, && || !, juxtaposition means and, keywords in any case.
$ flowgrep --explain 'a=1 or dstport=2 and not srcport=3' 2>&1 | head -1
> flowgrep: unknown field 'a' (a field that only a header names can be written ${a})
$ flowgrep --explain 'srcport=1 or dstport=2 and not srcport=3'
> ((srcport = 1) or ((dstport = 2) and (not (srcport = 3))))
$ flowgrep --explain '(srcport=1 or dstport=2) && !srcport=3 || REJECT tcp'
> ((((srcport = 1) or (dstport = 2)) and (not (srcport = 3))) or ((action = REJECT) and (protocol = 6 (tcp))))
$ flowgrep --explain 'NOT Reject AND port=22 OR port=3389'
> (((not (action = Reject)) and (port = 22)) or (port = 3389))
$ flowgrep -c 'REJECT port=22' tests/data/records-put.txt
> 3
$ flowgrep -c 'REJECT || port=53' tests/data/records-put.txt
> 8
$ flowgrep -c '!(ACCEPT)' tests/data/records-put.txt
> 6

# Bare words for one-liners: actions, statuses, protocols, directions, addresses and CIDRs, ids by prefix.
$ flowgrep --explain 'REJECT OK tcp ingress 10.0.0.0/8 2001:db8::1 eni-0a1b* vpc-123 subnet-abc i-0abc NODATA SKIPDATA egress udp'
> ((((((((((((((action = REJECT) and (log-status = OK)) and (protocol = 6 (tcp))) and (flow-direction = ingress)) and (addr in 10.0.0.0/8)) and (addr = 2001:db8::1)) and (interface-id = eni-0a1b*)) and (vpc-id = vpc-123)) and (subnet-id = subnet-abc)) and (instance-id = i-0abc)) and (log-status = NODATA)) and (log-status = SKIPDATA)) and (flow-direction = egress)) and (protocol = 17 (udp)))
$ flowgrep 'REJECT port=22 10.0.0.0/8' tests/data/records-put.txt
> 2 111111111111 eni-0a1b2c3d4e5f60718 10.0.0.100 1.2.3.4 35535 22 6 3 180 1418530010 1418530070 REJECT OK
> 2 111111111111 eni-0f1e2d3c4b5a69788 192.0.2.44 10.0.2.15 60111 22 6 3 180 1795939800 1795939860 REJECT OK
> 2 111111111111 eni-0a1b2c3d4e5f60718 203.0.113.50 10.0.0.100 51234 22 6 1 44 1795939980 1795940040 REJECT OK

# Quoting: either quote for any value.
$ flowgrep -c "action='REJECT' and eni=\"eni-0a1b2c3d4e5f60718\"" tests/data/records-put.txt
> 3

# < and > on addresses stay within the bound's family.
$ flowgrep -c 'srcaddr>200.0.0.0' tests/data/records-put.txt
> 2
$ flowgrep -c 'srcaddr<2001:db8::' tests/data/records-put.txt
> 0
? 1
$ flowgrep -c 'srcaddr>=::' tests/data/records-put.txt
> 1
$ flowgrep -c 'srcaddr>=0.0.0.0' tests/data/records-put.txt
> 16

# A space may stand for the T of an ISO time, in a quoted value.
$ flowgrep -c 'start >= "2026-11-29 08:20"' tests/data/records-put.txt
> 2
