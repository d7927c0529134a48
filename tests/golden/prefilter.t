# The literal prefilter (a line without the text that a selected record
# must contain is not parsed further) must never change what is
# selected.  FLOWGREP_NO_PREFILTER=1 turns it off for comparison.

# REJECT stands in another field of an ACCEPT record; a record whose action is written in lower case; a line that is not a record.
$ printf '2 1 eni-REJECT 10.0.0.1 10.0.0.2 1 22 6 1 40 1 2 ACCEPT OK\n2 1 eni-a 10.0.0.1 10.0.0.2 1 22 6 1 40 1 2 reject OK\n2 1 eni-a 10.0.0.1 10.0.0.2 1 22 6 1 40 1 2 Reject OK\nREJECT\n2 1 eni-a 10.0.0.1 10.0.0.2 1 22 6 1 40 1 2 ACCEPT OK\n' > /tmp/flowgrep-prefilter.log; flowgrep -n 'action=REJECT' /tmp/flowgrep-prefilter.log
> 2:2 1 eni-a 10.0.0.1 10.0.0.2 1 22 6 1 40 1 2 reject OK
> 3:2 1 eni-a 10.0.0.1 10.0.0.2 1 22 6 1 40 1 2 Reject OK
! flowgrep: warning: 1 line was not a flow-log record; first at /tmp/flowgrep-prefilter.log:4: expected 14 fields, found 1
$ FLOWGREP_NO_PREFILTER=1 flowgrep -n 'action=REJECT' /tmp/flowgrep-prefilter.log
> 2:2 1 eni-a 10.0.0.1 10.0.0.2 1 22 6 1 40 1 2 reject OK
> 3:2 1 eni-a 10.0.0.1 10.0.0.2 1 22 6 1 40 1 2 Reject OK
! flowgrep: warning: 1 line was not a flow-log record; first at /tmp/flowgrep-prefilter.log:4: expected 14 fields, found 1
$ flowgrep -n -v 'action=REJECT and dstport=22' /tmp/flowgrep-prefilter.log
> 1:2 1 eni-REJECT 10.0.0.1 10.0.0.2 1 22 6 1 40 1 2 ACCEPT OK
> 5:2 1 eni-a 10.0.0.1 10.0.0.2 1 22 6 1 40 1 2 ACCEPT OK
! flowgrep: warning: 1 line was not a flow-log record; first at /tmp/flowgrep-prefilter.log:4: expected 14 fields, found 1
$ FLOWGREP_NO_PREFILTER=1 flowgrep -n -v 'action=REJECT and dstport=22' /tmp/flowgrep-prefilter.log
> 1:2 1 eni-REJECT 10.0.0.1 10.0.0.2 1 22 6 1 40 1 2 ACCEPT OK
> 5:2 1 eni-a 10.0.0.1 10.0.0.2 1 22 6 1 40 1 2 ACCEPT OK
! flowgrep: warning: 1 line was not a flow-log record; first at /tmp/flowgrep-prefilter.log:4: expected 14 fields, found 1
$ flowgrep -c 'eni=eni-REJ*' /tmp/flowgrep-prefilter.log
> 1
! flowgrep: warning: 1 line was not a flow-log record; first at /tmp/flowgrep-prefilter.log:4: expected 14 fields, found 1

# The same counts with and without it over every sample file, for queries with a literal.
$ for q in 'action=REJECT' 'REJECT port=22' 'eni=eni-0a1b*' 'log-status=nodata' '@logStream=eni-0f*-all and ACCEPT' 'not ACCEPT'; do for f in tests/data/*.txt examples/*.log; do a=$(flowgrep -s -c "$q" "$f"); b=$(FLOWGREP_NO_PREFILTER=1 flowgrep -s -c "$q" "$f"); c=$(flowgrep -s -vc "$q" "$f"); d=$(FLOWGREP_NO_PREFILTER=1 flowgrep -s -vc "$q" "$f"); [ "$a $c" = "$b $d" ] || echo "differs: $q $f: $a/$b $c/$d"; done; done; echo done
> done
