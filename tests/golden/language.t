# What new users tripped on (issue 14): alternatives, words, formats,
# IPv6 prefixes, long or chains, other tools' spellings, match-all,
# field against field.

# | separates alternatives, as , does, for every type.
$ flowgrep -c 'action=ACCEPT|REJECT' examples/flows.log
> 499
$ flowgrep -c 'action=ACCEPT,REJECT' examples/flows.log
> 499
$ flowgrep -c 'dstport=22|3389' examples/flows.log
> 27
$ flowgrep -c 'eni=eni-0a1b2c3d4e5f60718|eni-0f1e2d3c4b5a69788' tests/data/records-put.txt
> 20
$ flowgrep --explain 'flow-direction=ingress|egress and tcp-flags=SYN|FIN and tcp-flags!=SYN+ACK'
> (((flow-direction in (ingress, egress)) and (tcp-flags in (SYN (all set), FIN (all set)))) and (tcp-flags != SYN+ACK (all set)))
# A word field takes only its words: a typo is an error, with the word meant.
$ flowgrep -c action=REJET examples/flows.log
! flowgrep: 'REJET' is not ACCEPT or REJECT for action (did you mean REJECT?)
!   action=REJET
!          ^~~~~
? 2
$ flowgrep -c log-status=NODAT examples/flows.log
! flowgrep: 'NODAT' is not OK, NODATA or SKIPDATA for log-status (did you mean NODATA?)
!   log-status=NODAT
!              ^~~~~
? 2
$ flowgrep -c flow-direction=inbound examples/flows.log
! flowgrep: 'inbound' is not ingress or egress for flow-direction (did you mean ingress?)
!   flow-direction=inbound
!                  ^~~~~~~
? 2
$ flowgrep -c 'action=deny' examples/flows.log
! flowgrep: 'deny' is not ACCEPT or REJECT for action (did you mean REJECT?)
!   action=deny
!          ^~~~
? 2
$ flowgrep -c 'action=rej*' examples/flows.log
> 63
$ flowgrep -c 'type=X*' examples/flows.log
! flowgrep: 'X*' is not IPv4, IPv6 or EFA for type
!   type=X*
!        ^~
? 2
# An IPv6 prefix or range matches IPv6 addresses only; IPv4 written as IPv6
# is an error that says how to write it; a range cannot cross families.
$ flowgrep -c 'addr=::/0' tests/data/records-put.txt
> 1
$ flowgrep -c 'addr=0.0.0.0/0' tests/data/records-put.txt
> 16
$ flowgrep -c 'addr=::ffff:10.0.0.100' tests/data/records-put.txt
> 8
$ flowgrep --explain 'src=::/0'
> (srcaddr = ::/0 (IPv6 only))
$ flowgrep --explain 'src=::ffff:0:0/96'
! flowgrep: '::ffff:0:0/96' is IPv4 written as IPv6 (an IPv6 prefix or range matches IPv6 addresses only) for srcaddr; write 0.0.0.0/0
!   src=::ffff:0:0/96
!       ^~~~~~~~~~~~~
? 2
$ flowgrep --explain 'addr=10.0.0.1..2001:db8::1'
! flowgrep: '10.0.0.1..2001:db8::1' is a range from one family to the other (IPv4 and IPv6 do not order against each other) for addr
!   addr=10.0.0.1..2001:db8::1
!        ^~~~~~~~~~~~~~~~~~~~~
? 2
# A long or of equalities on one field is one set (the same answer, fast).
$ flowgrep -c "$(seq 1 5000 | awk 'NR > 1 { printf " or " } { printf "dstport=%d", $1 }')" examples/flows.log
> 196
$ flowgrep -c 'dstport=1..5000' examples/flows.log
> 196
$ flowgrep -c "$(seq 1 3000 | awk 'NR > 1 { printf " and " } { printf "dstport!=%d", $1 }')" examples/flows.log
> 370
$ flowgrep -c 'dstport!=1..3000' examples/flows.log
> 370
# tcpdump's and nfdump's spellings get flowgrep's.
$ flowgrep 'dst port 22' examples/flows.log
! flowgrep: expected an operator (= != < <= > >= ~ !~ in) after field 'dstaddr'; write dstport=22 (tcpdump's 'dst port 22')
!   dst port 22
!       ^~~~
? 2
$ flowgrep 'host 10.0.0.1' examples/flows.log
! flowgrep: 'host' is neither a field followed by an operator nor a value flowgrep recognises on its own; write addr=10.0.0.1
!   host 10.0.0.1
!   ^~~~
? 2
$ flowgrep 'dstport=1024-65535' examples/flows.log
! flowgrep: '1024-65535' is not a number (a range is written with .., as 1024..65535) for dstport
!   dstport=1024-65535
!           ^~~~~~~~~~
? 2
# An empty expression, or true, selects every record: reformatting only.
$ flowgrep --csv -o srcaddr,dstport '' tests/data/records-put.txt | head -n 3
> srcaddr,dstport
> 10.0.0.100,443
> 10.0.2.15,57442
$ flowgrep -c true tests/data/records-put.txt
> 20
$ flowgrep -c 'false or REJECT' tests/data/records-put.txt
> 6
# A field against a field: an unquoted field name as the value.
$ flowgrep -c 'srcport<dstport' examples/flows.log
> 199
$ awk '$6 != "-" && $7 != "-" && $6 + 0 < $7 + 0' examples/flows.log | wc -l
> 199
$ flowgrep --format v5 -o srcaddr,pkt-srcaddr 'pkt-srcaddr!=srcaddr' tests/data/records-put-v5.txt
> 10.0.1.25 198.51.100.20
$ flowgrep -c "account-id='version'" examples/flows.log
> 0
? 1
$ flowgrep 'srcaddr=dstport' examples/flows.log
! flowgrep: srcaddr (an address) does not compare with dstport (a port); quote the value to mean the text
!   srcaddr=dstport
!           ^~~~~~~
? 2
# --format takes v2 to v8 as AWS defines them, checks names, and may be
# given several times: each line is read in the one with its field count.
$ flowgrep --format v5 -c 'tcp-flags=SYN' tests/data/records-put-v5.txt
> 4
$ cat tests/data/records-put.txt tests/data/records-put-v5.txt | flowgrep --format v2 --format v5 -c REJECT
> 7
$ cat tests/data/records-put.txt tests/data/records-put-v5.txt | flowgrep --format v2 --format v5 -o version,tcp-flags 'dstport=22'
> 2 -
> 2 -
> 2 -
> 2 -
> 2 -
> 5 2
! flowgrep: warning: some records have no field 'tcp-flags'; printed as '-'
$ flowgrep --format 'version srcaddr dstprot' REJECT </dev/null
! flowgrep: --format: unknown field 'dstprot' (did you mean 'dstport'?)
? 2
$ flowgrep --format v2 --format 'version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status' REJECT </dev/null
! flowgrep: --format version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status: 14 fields, as many as --format v2; a line could not tell them apart
? 2
$ printf '2 10.0.0.1 hello\n' | flowgrep --format 'version srcaddr my-new-field' -o my-new-field 'srcaddr=10.0.0.1'
> hello
$ flowgrep -c REJECT tests/data/records-put-v5.txt
> 0
! flowgrep: warning: 5 lines were not flow-log records; first at tests/data/records-put-v5.txt:1: expected 14 fields, found 29 (version 5? --format v5)
? 1
# A UTF-8 byte order mark does not hide a header line.
$ { printf '\357\273\277'; cat tests/data/v5.header tests/data/records-put-v5.txt; } | flowgrep -c 'tcp-flags=SYN'
> 4
