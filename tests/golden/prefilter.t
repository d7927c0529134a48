# The literal prefilter (a line without the text that a selected record
# must contain is not parsed further) must never change what is
# selected.  FLOWGREP_NO_PREFILTER=1 turns it off for comparison.

# REJECT stands in another field of an ACCEPT record; a record whose action is written in lower case; a line that is not a record.
$ printf '2 1 eni-REJECT 10.0.0.1 10.0.0.2 1 22 6 1 40 1 2 ACCEPT OK\n2 1 eni-a 10.0.0.1 10.0.0.2 1 22 6 1 40 1 2 reject OK\n2 1 eni-a 10.0.0.1 10.0.0.2 1 22 6 1 40 1 2 Reject OK\nREJECT\n2 1 eni-a 10.0.0.1 10.0.0.2 1 22 6 1 40 1 2 ACCEPT OK\n' > $T/prefilter.log; flowgrep -n 'action=REJECT' $T/prefilter.log
> 2:2 1 eni-a 10.0.0.1 10.0.0.2 1 22 6 1 40 1 2 reject OK
> 3:2 1 eni-a 10.0.0.1 10.0.0.2 1 22 6 1 40 1 2 Reject OK
! flowgrep: warning: 1 line was not a flow-log record; first at $T/prefilter.log:4: expected 14 fields, found 1
$ FLOWGREP_NO_PREFILTER=1 flowgrep -n 'action=REJECT' $T/prefilter.log
> 2:2 1 eni-a 10.0.0.1 10.0.0.2 1 22 6 1 40 1 2 reject OK
> 3:2 1 eni-a 10.0.0.1 10.0.0.2 1 22 6 1 40 1 2 Reject OK
! flowgrep: warning: 1 line was not a flow-log record; first at $T/prefilter.log:4: expected 14 fields, found 1
$ flowgrep -n -v 'action=REJECT and dstport=22' $T/prefilter.log
> 1:2 1 eni-REJECT 10.0.0.1 10.0.0.2 1 22 6 1 40 1 2 ACCEPT OK
> 5:2 1 eni-a 10.0.0.1 10.0.0.2 1 22 6 1 40 1 2 ACCEPT OK
! flowgrep: warning: 1 line was not a flow-log record; first at $T/prefilter.log:4: expected 14 fields, found 1
$ FLOWGREP_NO_PREFILTER=1 flowgrep -n -v 'action=REJECT and dstport=22' $T/prefilter.log
> 1:2 1 eni-REJECT 10.0.0.1 10.0.0.2 1 22 6 1 40 1 2 ACCEPT OK
> 5:2 1 eni-a 10.0.0.1 10.0.0.2 1 22 6 1 40 1 2 ACCEPT OK
! flowgrep: warning: 1 line was not a flow-log record; first at $T/prefilter.log:4: expected 14 fields, found 1
$ flowgrep -c 'eni=eni-REJ*' $T/prefilter.log
> 1
! flowgrep: warning: 1 line was not a flow-log record; first at $T/prefilter.log:4: expected 14 fields, found 1

# The same counts with and without it over the sample shapes, for queries with a literal.
$ for q in 'action=REJECT' 'REJECT port=22' 'eni=eni-0a1b*' 'log-status=nodata' '@logStream=eni-0f*-all and ACCEPT' 'not ACCEPT'; do for f in tests/data/records-put.txt tests/data/tail-detailed.txt tests/data/filter-log-events.txt tests/data/filter-log-events-messages.txt tests/data/s3-mixed.log examples/flows.log examples/tail.log; do a=$(flowgrep -s -c "$q" "$f"); b=$(FLOWGREP_NO_PREFILTER=1 flowgrep -s -c "$q" "$f"); c=$(flowgrep -s -vc "$q" "$f"); d=$(FLOWGREP_NO_PREFILTER=1 flowgrep -s -vc "$q" "$f"); [ "$a $c" = "$b $d" ] || echo "differs: $q $f: $a/$b $c/$d"; done; done; echo done
> done

# Runs of lines that lack the literal are counted in one step, up to the
# next line unlike them: every shape that must end a run is here, every
# few dozen lines, over three read buffers and three of the prefilter's
# windows of 8192 lines.  The same lines, numbers and warnings without it,
# and read from a pipe.
$ bench/gen -s 3M --seed 11 | awk 'NR % 5003 == 0 { print "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status"; next } NR % 97 == 0 { sub(/ [^ ]*$/, ""); print; next } NR % 89 == 0 { sub(/ /, "  "); print; next } NR % 83 == 0 { sub(/ /, "\t"); print; next } NR % 79 == 0 { print "x" $0; next } NR % 71 == 0 { print ""; next } NR % 67 == 0 { print $0 " "; next } NR % 61 == 0 { print "2024-06-01T12:00:00.123456+00:00 eni-0a1b2c3d-all " $0; next } NR % 59 == 0 { print "2024-01-0XT" $0; next } NR % 53 == 0 { print substr($0, 1, length($0) / 2); next } { print }' >$T/runs.log; for q in 'dstport=22 and action=REJECT' 'REJECT' 'NODATA' 'eni=eni-0a*'; do a=$(flowgrep -n "$q" $T/runs.log 2>&1 | cksum); b=$(FLOWGREP_NO_PREFILTER=1 flowgrep -n "$q" $T/runs.log 2>&1 | cksum); c=$(cat $T/runs.log | flowgrep -n "$q" 2>&1 | sed "s|(standard input)|$T/runs.log|" | cksum); [ "$a" = "$b" ] || echo "differs: $q"; [ "$a" = "$c" ] || echo "differs from a pipe: $q"; done; flowgrep -s -c 'dstport=22 and action=REJECT' $T/runs.log; flowgrep -c NODATA $T/runs.log
> 1156
> 156
! flowgrep: warning: 1710 lines were not flow-log records; first at $T/runs.log:53: expected 14 fields, found 5

# The same over aws logs tail lines, whose runs check each timestamp: one
# cut, one without its fraction and zone, a line without its stream.
$ bench/gen -s 2M --seed 12 --tail detailed | awk 'NR % 97 == 0 { sub(/ [^ ]*$/, ""); print; next } NR % 89 == 0 { sub(/:/, "x"); print; next } NR % 83 == 0 { sub(/\.[0-9]*\+00:00/, ""); print; next } NR % 79 == 0 { sub(/ [^ ]* /, " "); print; next } NR % 73 == 0 { print substr($0, 1, 12); next } NR % 71 == 0 { sub(/ /, "  "); print; next } { print }' >$T/tailruns.log; for q in 'dstport=22 and action=REJECT' 'REJECT' 'NODATA' '@logStream=eni-0a*'; do a=$(flowgrep -n "$q" $T/tailruns.log 2>&1 | cksum); b=$(FLOWGREP_NO_PREFILTER=1 flowgrep -n "$q" $T/tailruns.log 2>&1 | cksum); c=$(cat $T/tailruns.log | flowgrep -n "$q" 2>&1 | sed "s|(standard input)|$T/tailruns.log|" | cksum); [ "$a" = "$b" ] || echo "differs: $q"; [ "$a" = "$c" ] || echo "differs from a pipe: $q"; done; flowgrep -c 'dstport=22 and action=REJECT' $T/tailruns.log
> 519
! flowgrep: warning: 825 lines were not flow-log records; first at $T/tailruns.log:71: aws logs tail prefix without a stream name

# An enum's literal is found whatever its case, in the 64-byte pass.
$ bench/gen -s 1M --seed 3 | awk 'NR%7==0{sub(/REJECT/,"reject")} NR%11==0{sub(/REJECT/,"ReJeCt")} NR%13==0{sub(/ACCEPT/,"rEJECT")} {print}' >$T/case.log; for q in 'action=REJECT' 'dstport=22 and action=reject'; do a=$(flowgrep -c "$q" $T/case.log); b=$(FLOWGREP_NO_PREFILTER=1 flowgrep -c "$q" $T/case.log); echo "$a $b"; done
> 2186 2186
> 424 424

# -v with an output that reads columns: lines without the literal are selected and printed whole.
$ flowgrep -v -o srcaddr,action 'action=REJECT' tests/data/records-put.txt | head -4
> 10.0.0.100 ACCEPT
> 10.0.2.15 ACCEPT
> - -
> - -
$ flowgrep -v --color=always 'action=REJECT and dstport=443' tests/data/records-put.txt | head -2 | od -c | head -3
> 0000000   2       1   1   1   1   1   1   1   1   1   1   1   1       e
> 0000020   n   i   -   0   a   1   b   2   c   3   d   4   e   5   f   6
> 0000040   0   7   1   8       1   0   .   0   .   0   .   1   0   0    
$ for o in '-o srcaddr,dstport' '--json' '--csv' '-t {srcaddr}:{dstport}' '--color=always'; do a=$(flowgrep -v $o 'action=REJECT' examples/flows.log | cksum); b=$(FLOWGREP_NO_PREFILTER=1 flowgrep -v $o 'action=REJECT' examples/flows.log | cksum); [ "$a" = "$b" ] || echo "differs: $o"; done; echo done
> done

# A regex gives its leading plain text as the literal; alternation, quantifiers and /i are respected.
$ for q in 'interface-id~/^eni-0a/' 'interface-id~/eni-0ab?c/' 'interface-id~/ENI-0A/i' 'interface-id~/^eni-0a|x/' 'action~/REJ*/' 'interface-id!~/^eni-0a/' 'srcaddr~/^10\.0\./' 'addr~/10.0.0.1/' 'action~/^(REJECT)/'; do for f in tests/data/records-put.txt tests/data/tail-detailed.txt examples/flows.log; do a=$(flowgrep -s -c "$q" "$f"); b=$(FLOWGREP_NO_PREFILTER=1 flowgrep -s -c "$q" "$f"); [ "$a" = "$b" ] || echo "differs: $q $f: $a/$b"; done; done; echo done
> done
$ printf '2 1 eni-0ABC 10.0.0.1 10.0.0.2 1 22 6 1 40 1 2 REJECT OK\n2 1 eni-0xbc 10.0.0.1 10.0.0.2 1 22 6 1 40 1 2 REJECT OK\n' | flowgrep -o interface-id 'interface-id~/eni-0a/i or interface-id~/eni-0x?b/'
> eni-0ABC
> eni-0xbc
