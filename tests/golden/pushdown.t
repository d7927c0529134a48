# --to: the expression as a CloudWatch Logs filter pattern, a Logs
# Insights query or Athena (Trino) SQL.  tests/pushdown.sh runs them on
# DuckDB and on models of their syntax; this file pins the texts.

# The issue's three examples.
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

# Filter patterns: exact where a slot can say it, else a superset and a note.
$ flowgrep --to=filter-pattern 'dstport=22,3389 REJECT'
> [version, account_id, interface_id, srcaddr, dstaddr, srcport, dstport=22 || dstport=3389, protocol, packets, bytes, start, end, action=%^[Rr][Ee][Jj][Ee][Cc][Tt]$%, log_status]
$ flowgrep --to=filter-pattern 'dstport=1024..65535 and protocol=tcp'
> [version, account_id, interface_id, srcaddr, dstaddr, srcport, dstport>=1024, protocol=6, packets, bytes, start, end, action, log_status]
$ flowgrep --to=filter-pattern 'dstport!=22 and srcaddr=10.0.0.0/8'
> [version, account_id, interface_id, srcaddr=10.* || srcaddr=*:*, dstaddr, srcport, dstport!=22, protocol, packets, bytes, start, end, action, log_status]
! flowgrep: note: the pattern selects more than the expression (pipe the events to flowgrep to finish): srcaddr: any IPv6 text passes (an IPv4 address may also be written ::ffff:a.b.c.d)
$ flowgrep --to=filter-pattern 'srcaddr=172.16.0.0/12'
> [version, account_id, interface_id, srcaddr=172.16.* || srcaddr=172.17.* || srcaddr=172.18.* || srcaddr=172.19.* || srcaddr=172.20.* || srcaddr=172.21.* || srcaddr=172.22.* || srcaddr=172.23.* || srcaddr=172.24.* || srcaddr=172.25.* || srcaddr=172.26.* || srcaddr=172.27.* || srcaddr=172.28.* || srcaddr=172.29.* || srcaddr=172.30.* || srcaddr=172.31.* || srcaddr=*:*, dstaddr, srcport, dstport, protocol, packets, bytes, start, end, action, log_status]
! flowgrep: note: the pattern selects more than the expression (pipe the events to flowgrep to finish): srcaddr: any IPv6 text passes (an IPv4 address may also be written ::ffff:a.b.c.d)
$ flowgrep --to=filter-pattern 'src!=10.0.0.0/8,192.168.0.0/16'
> [version, account_id, interface_id, srcaddr!=10.* && srcaddr!=192.168.* && srcaddr!="-", dstaddr, srcport, dstport, protocol, packets, bytes, start, end, action, log_status]
$ flowgrep --to=filter-pattern 'eni=eni-0a1b* and account-id=123456789012'
> [version, account_id="123456789012", interface_id=eni-0a1b*, srcaddr, dstaddr, srcport, dstport, protocol, packets, bytes, start, end, action, log_status]
$ flowgrep --to=filter-pattern 'start=2024-03-25'
> [version, account_id, interface_id, srcaddr, dstaddr, srcport, dstport, protocol, packets, bytes, start>=1711324800 && start<=1711411199, end, action, log_status]
$ flowgrep --to=filter-pattern 'dstport=22 or action=REJECT'
>
! flowgrep: note: the pattern selects more than the expression (pipe the events to flowgrep to finish): an or across fields (a pattern has or within one field only); nothing in the expression can be said as a filter pattern: the empty pattern matches every event
$ flowgrep --to=filter-pattern 'port=22'
>
! flowgrep: note: the pattern selects more than the expression (pipe the events to flowgrep to finish): an or across fields (a pattern has or within one field only); nothing in the expression can be said as a filter pattern: the empty pattern matches every event
$ flowgrep --to=filter-pattern 'port!=22'
> [version, account_id, interface_id, srcaddr, dstaddr, srcport!=22, dstport!=22, protocol, packets, bytes, start, end, action, log_status]
$ flowgrep --to=filter-pattern 'action~/^rej/i or log-status=NODATA'
>
! flowgrep: note: the pattern selects more than the expression (pipe the events to flowgrep to finish): an or across fields (a pattern has or within one field only); nothing in the expression can be said as a filter pattern: the empty pattern matches every event
$ flowgrep --to=filter-pattern 'REJECT NODATA flow-direction=ingress'
> [version="-" && version!="-", account_id, interface_id, srcaddr, dstaddr, srcport, dstport, protocol, packets, bytes, start, end, action, log_status]
! flowgrep: note: the format has no field 'flow-direction': it is missing in every record; the expression selects no record
$ flowgrep --to=filter-pattern 'dstport=-'
>
! flowgrep: note: the pattern selects more than the expression (pipe the events to flowgrep to finish): dstport = -; nothing in the expression can be said as a filter pattern: the empty pattern matches every event
$ flowgrep --to=filter-pattern 'action=-'
> [version, account_id, interface_id, srcaddr, dstaddr, srcport, dstport, protocol, packets, bytes, start, end, action="-", log_status]
$ flowgrep --to=filter-pattern -v 'action=REJECT'
>
! flowgrep: note: the pattern selects more than the expression (pipe the events to flowgrep to finish): -v: action = REJECT; nothing in the expression can be said as a filter pattern: the empty pattern matches every event
$ flowgrep --to=filter-pattern 'duration>60'
>
! flowgrep: note: the pattern selects more than the expression (pipe the events to flowgrep to finish): duration > 60: duration is not a column; nothing in the expression can be said as a filter pattern: the empty pattern matches every event
$ flowgrep --to=filter-pattern 'tcp-flags=SYN'
> [version="-" && version!="-", account_id, interface_id, srcaddr, dstaddr, srcport, dstport, protocol, packets, bytes, start, end, action, log_status]
! flowgrep: note: the format has no field 'tcp-flags': it is missing in every record; the expression selects no record
$ flowgrep --to=filter-pattern 'start<1970-01-01'
> [version="-" && version!="-", account_id, interface_id, srcaddr, dstaddr, srcport, dstport, protocol, packets, bytes, start, end, action, log_status]
! flowgrep: note: the expression selects no record
$ flowgrep --to=filter-pattern --format '${version} ${vpc-id} ${srcaddr} ${dstaddr} ${dstport} ${tcp-flags} ${action}' 'vpc-id=vpc-0abc tcp-flags=18 REJECT'
> [version, vpc_id="vpc-0abc", srcaddr, dstaddr, dstport, tcp_flags=18, action=%^[Rr][Ee][Jj][Ee][Cc][Tt]$%]

# Insights: a parse step for every format, - guarded, CIDRs by family.
$ flowgrep --to=insights 'dstport=22 and action=REJECT'
> fields @timestamp, @message
> | parse @message /^(?<fg_version>\S+) (?<fg_account_id>\S+) (?<fg_interface_id>\S+) (?<fg_srcaddr>\S+) (?<fg_dstaddr>\S+) (?<fg_srcport>\S+) (?<fg_dstport>\S+) (?<fg_protocol>\S+) (?<fg_packets>\S+) (?<fg_bytes>\S+) (?<fg_start>\S+) (?<fg_end>\S+) (?<fg_action>\S+) (?<fg_log_status>\S+)$/
> | filter (fg_dstport != "-" and fg_dstport = 22) and (fg_action != "-" and tolower(fg_action) = "reject")
> | sort @timestamp desc
$ flowgrep --to=insights -v 'dstport=22'
> fields @timestamp, @message
> | parse @message /^(?<fg_version>\S+) (?<fg_account_id>\S+) (?<fg_interface_id>\S+) (?<fg_srcaddr>\S+) (?<fg_dstaddr>\S+) (?<fg_srcport>\S+) (?<fg_dstport>\S+) (?<fg_protocol>\S+) (?<fg_packets>\S+) (?<fg_bytes>\S+) (?<fg_start>\S+) (?<fg_end>\S+) (?<fg_action>\S+) (?<fg_log_status>\S+)$/
> | filter not (fg_dstport != "-" and fg_dstport = 22)
> | sort @timestamp desc
$ flowgrep --to=insights 'addr=2001:db8::/32 or srcaddr=::/0'
> fields @timestamp, @message
> | parse @message /^(?<fg_version>\S+) (?<fg_account_id>\S+) (?<fg_interface_id>\S+) (?<fg_srcaddr>\S+) (?<fg_dstaddr>\S+) (?<fg_srcport>\S+) (?<fg_dstport>\S+) (?<fg_protocol>\S+) (?<fg_packets>\S+) (?<fg_bytes>\S+) (?<fg_start>\S+) (?<fg_end>\S+) (?<fg_action>\S+) (?<fg_log_status>\S+)$/
> | filter isIpv6InSubnet(fg_srcaddr, "::/0") or (isIpv6InSubnet(fg_srcaddr, "2001:db8::/32") or isIpv6InSubnet(fg_dstaddr, "2001:db8::/32"))
> | sort @timestamp desc
$ flowgrep --to=insights 'tcp-flags=SYN+ACK' --format 'version srcaddr dstaddr tcp-flags'
> fields @timestamp, @message
> | parse @message /^(?<fg_version>\S+) (?<fg_srcaddr>\S+) (?<fg_dstaddr>\S+) (?<fg_tcp_flags>\S+)$/
> | filter fg_tcp_flags != "-" and ((fg_tcp_flags >= 18 and fg_tcp_flags <= 19) or (fg_tcp_flags >= 22 and fg_tcp_flags <= 23) or (fg_tcp_flags >= 26 and fg_tcp_flags <= 27) or (fg_tcp_flags >= 30 and fg_tcp_flags <= 31) or (fg_tcp_flags >= 50 and fg_tcp_flags <= 51) or (fg_tcp_flags >= 54 and fg_tcp_flags <= 55) or (fg_tcp_flags >= 58 and fg_tcp_flags <= 59) or (fg_tcp_flags >= 62 and fg_tcp_flags <= 63) or (fg_tcp_flags >= 82 and fg_tcp_flags <= 83) or (fg_tcp_flags >= 86 and fg_tcp_flags <= 87) or (fg_tcp_flags >= 90 and fg_tcp_flags <= 91) or (fg_tcp_flags >= 94 and fg_tcp_flags <= 95) or (fg_tcp_flags >= 114 and fg_tcp_flags <= 115) or (fg_tcp_flags >= 118 and fg_tcp_flags <= 119) or (fg_tcp_flags >= 122 and fg_tcp_flags <= 123) or (fg_tcp_flags >= 126 and fg_tcp_flags <= 127) or (fg_tcp_flags >= 146 and fg_tcp_flags <= 147) or (fg_tcp_flags >= 150 and fg_tcp_flags <= 151) or (fg_tcp_flags >= 154 and fg_tcp_flags <= 155) or (fg_tcp_flags >= 158 and fg_tcp_flags <= 159) or (fg_tcp_flags >= 178 and fg_tcp_flags <= 179) or (fg_tcp_flags >= 182 and fg_tcp_flags <= 183) or (fg_tcp_flags >= 186 and fg_tcp_flags <= 187) or (fg_tcp_flags >= 190 and fg_tcp_flags <= 191) or (fg_tcp_flags >= 210 and fg_tcp_flags <= 211) or (fg_tcp_flags >= 214 and fg_tcp_flags <= 215) or (fg_tcp_flags >= 218 and fg_tcp_flags <= 219) or (fg_tcp_flags >= 222 and fg_tcp_flags <= 223) or (fg_tcp_flags >= 242 and fg_tcp_flags <= 243) or (fg_tcp_flags >= 246 and fg_tcp_flags <= 247) or (fg_tcp_flags >= 250 and fg_tcp_flags <= 251) or fg_tcp_flags >= 254)
> | sort @timestamp desc
$ flowgrep --to=insights 'duration>60 and interface-id=eni-0*'
> fields @timestamp, @message
> | parse @message /^(?<fg_version>\S+) (?<fg_account_id>\S+) (?<fg_interface_id>\S+) (?<fg_srcaddr>\S+) (?<fg_dstaddr>\S+) (?<fg_srcport>\S+) (?<fg_dstport>\S+) (?<fg_protocol>\S+) (?<fg_packets>\S+) (?<fg_bytes>\S+) (?<fg_start>\S+) (?<fg_end>\S+) (?<fg_action>\S+) (?<fg_log_status>\S+)$/
> | filter (fg_start != "-" and fg_end != "-" and fg_end >= fg_start and (fg_end - fg_start) >= 61) and (fg_interface_id != "-" and fg_interface_id =~ /^eni-0.*$/)
> | sort @timestamp desc
$ flowgrep --to=insights 'dstport=-'
> fields @timestamp, @message
> | parse @message /^(?<fg_version>\S+) (?<fg_account_id>\S+) (?<fg_interface_id>\S+) (?<fg_srcaddr>\S+) (?<fg_dstaddr>\S+) (?<fg_srcport>\S+) (?<fg_dstport>\S+) (?<fg_protocol>\S+) (?<fg_packets>\S+) (?<fg_bytes>\S+) (?<fg_start>\S+) (?<fg_end>\S+) (?<fg_action>\S+) (?<fg_log_status>\S+)$/
> | filter fg_dstport = "-"
> | sort @timestamp desc
$ flowgrep --to=insights 'action~/^(acc|rej)/i'
> fields @timestamp, @message
> | parse @message /^(?<fg_version>\S+) (?<fg_account_id>\S+) (?<fg_interface_id>\S+) (?<fg_srcaddr>\S+) (?<fg_dstaddr>\S+) (?<fg_srcport>\S+) (?<fg_dstport>\S+) (?<fg_protocol>\S+) (?<fg_packets>\S+) (?<fg_bytes>\S+) (?<fg_start>\S+) (?<fg_end>\S+) (?<fg_action>\S+) (?<fg_log_status>\S+)$/
> | filter fg_action != "-" and fg_action =~ /(?i)^(acc|rej)/
> | sort @timestamp desc
$ flowgrep --to=insights 'action~/(?=R)R/'
! flowgrep: Logs Insights cannot say action ~ /(?=R)R/: its regular expressions have no a lookaround assertion
? 2

# Athena: the AWS table, NULLIF and TRY_CAST, partitions a day wider.
$ flowgrep --to=athena 'dstport=22 and action=REJECT'
> SELECT *
> FROM vpc_flow_logs
> WHERE dstport = 22
>   AND lower(NULLIF(action, '-')) = 'reject'
$ flowgrep --to=athena -v 'dstport=22'
> SELECT *
> FROM vpc_flow_logs
> WHERE (dstport = 22) IS DISTINCT FROM TRUE
$ flowgrep --to=athena 'start=2024-03-25 REJECT'
> SELECT *
> FROM vpc_flow_logs
> WHERE start BETWEEN 1711324800 AND 1711411199
>   AND lower(NULLIF(action, '-')) = 'reject'
>   AND "date" BETWEEN DATE '2024-03-24' AND DATE '2024-03-26'
$ flowgrep --to=athena --sql-partition=day --sql-table=flows 'start=2024-03-25..2024-03-27'
> SELECT *
> FROM flows
> WHERE start BETWEEN 1711324800 AND 1711583999
>   AND day BETWEEN '2024/03/24' AND '2024/03/28'
$ flowgrep --to=athena --sql-partition=none 'start>2024-03-25'
> SELECT *
> FROM vpc_flow_logs
> WHERE start >= 1711411200
$ flowgrep --to=athena 'srcaddr=::/0'
> SELECT *
> FROM vpc_flow_logs
> WHERE contains('::/0', TRY_CAST(NULLIF(srcaddr, '-') AS IPADDRESS))
$ flowgrep --to=athena 'srcaddr=10.0.0.5..10.0.0.9'
> SELECT *
> FROM vpc_flow_logs
> WHERE contains('10.0.0.5/32', TRY_CAST(NULLIF(srcaddr, '-') AS IPADDRESS)) OR contains('10.0.0.6/31', TRY_CAST(NULLIF(srcaddr, '-') AS IPADDRESS)) OR contains('10.0.0.8/31', TRY_CAST(NULLIF(srcaddr, '-') AS IPADDRESS))
$ flowgrep --to=athena 'eni=eni-0a1b* or region=eu_west%'
> SELECT *
> FROM vpc_flow_logs
> WHERE NULLIF(region, '-') = 'eu_west%' OR NULLIF(interface_id, '-') LIKE 'eni-0a1b%' ESCAPE '\'
$ flowgrep --to=athena 'tcp-flags=SYN and traffic-path=igw'
> SELECT *
> FROM vpc_flow_logs
> WHERE bitwise_and(tcp_flags, 2) = 2
>   AND traffic_path = 8
$ flowgrep --to=athena 'duration>60 or end=-'
> SELECT *
> FROM vpc_flow_logs
> WHERE "end" IS NULL OR CASE WHEN "end" >= "start" THEN "end" - "start" END >= 61
$ flowgrep --to=athena "interface-id~/^eni-0'/"
> SELECT *
> FROM vpc_flow_logs
> WHERE regexp_like(NULLIF(interface_id, '-'), '^eni-0''')
$ flowgrep --to=athena 'ecs-cluster-name=prod'
! flowgrep: Athena cannot say ecs-cluster-name = prod: the table has no column for ecs-cluster-name (the AWS table has the fields of versions 2 to 5; give --format for others)
? 2
$ flowgrep --to=athena '@timestamp>-1h'
! flowgrep: Athena cannot say @timestamp > 2026-11-29T07:30:00.999Z: @timestamp is a field of CloudWatch Logs events, not of the flow-log records in S3
? 2
$ flowgrep --to=athena --format 'version srcaddr dstaddr end start my-tag' '${my-tag}=blue and end>start'
> SELECT *
> FROM vpc_flow_logs
> WHERE NULLIF(my_tag, '-') = 'blue'
>   AND "end" > start
$ flowgrep --to=athena --format 'version srcaddr dstaddr end start my-tag' '${my-tag}=blue and end>2024-03-25'
> SELECT *
> FROM vpc_flow_logs
> WHERE "end" >= 1711411200
>   AND NULLIF(my_tag, '-') = 'blue'
>   AND "date" >= DATE '2024-03-25'

# Options.
$ flowgrep --to=sql REJECT
! flowgrep: --to: 'sql' is not filter-pattern, insights or athena
? 2
$ flowgrep --to=athena --sql-partition=month REJECT
! flowgrep: --sql-partition: 'month' is not date, day or none
? 2

# Two fields compared: SQL as it is, Insights by the difference, a
# pattern leaves it out.
$ flowgrep --to=athena 'srcport<dstport and pkt-srcaddr!=srcaddr'
> SELECT *
> FROM vpc_flow_logs
> WHERE srcport < dstport
>   AND TRY_CAST(NULLIF(pkt_srcaddr, '-') AS IPADDRESS) <> TRY_CAST(NULLIF(srcaddr, '-') AS IPADDRESS)
$ flowgrep --to=insights 'srcport<dstport' --format 'srcport dstport'
> fields @timestamp, @message
> | parse @message /^(?<fg_srcport>\S+) (?<fg_dstport>\S+)$/
> | filter fg_srcport != "-" and fg_dstport != "-" and (fg_srcport - fg_dstport) < 0
> | sort @timestamp desc
$ flowgrep --to=insights 'pkt-srcaddr!=srcaddr' --format 'srcaddr pkt-srcaddr'
! flowgrep: Logs Insights cannot say pkt-srcaddr != srcaddr (a field): it has no comparison of two addresses
? 2
$ flowgrep --to=filter-pattern 'srcport<dstport and REJECT'
> [version, account_id, interface_id, srcaddr, dstaddr, srcport, dstport, protocol, packets, bytes, start, end, action=%^[Rr][Ee][Jj][Ee][Cc][Tt]$%, log_status]
! flowgrep: note: the pattern selects more than the expression (pipe the events to flowgrep to finish): srcport < dstport (a field): a pattern compares a field with a constant only

# One format at most.
$ flowgrep --to=filter-pattern --format 'version srcaddr' --format 'version srcaddr dstaddr' REJECT
! flowgrep: a filter pattern reads one record format; give one --format
? 2
