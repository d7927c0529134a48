# JSON input: the AWS CLI's default output and CloudWatch Logs subscription
# payloads, found without a flag; the message of each event is a line, the
# event's timestamp and stream its @timestamp and @logStream.

# filter-log-events --output json (the CLI's default) selects what the
# --output text of the same call does.
$ flowgrep 'dstport=22 and action=REJECT' tests/data/filter-log-events.json
> 2 111111111111 eni-0a1b2c3d4e5f60718 10.0.0.100 1.2.3.4 35535 22 6 3 180 1418530010 1418530070 REJECT OK
> 2 111111111111 eni-0a1b2c3d4e5f60718 203.0.113.50 10.0.0.100 51234 22 6 1 44 1795939980 1795940040 REJECT OK
> 2 111111111111 eni-0f1e2d3c4b5a69788 192.0.2.44 10.0.2.15 60111 22 6 3 180 1795939800 1795939860 REJECT OK
$ d=$(mktemp -d); flowgrep -o @timestamp,@logStream,all REJECT tests/data/filter-log-events.json >$d/json; flowgrep -o @timestamp,@logStream,all REJECT tests/data/filter-log-events.txt >$d/text; cmp $d/json $d/text && wc -l <$d/json; rm -r $d
> 6
$ flowgrep -o @timestamp,@logStream,srcaddr,dstport --time=iso 'REJECT and dstport=22' tests/data/filter-log-events.json
> 2026-11-29T08:03:00.789Z eni-0a1b2c3d4e5f60718-all 10.0.0.100 22
> 2026-11-29T08:14:00Z eni-0a1b2c3d4e5f60718-all 203.0.113.50 22
> 2026-11-29T08:11:00Z eni-0f1e2d3c4b5a69788-all 192.0.2.44 22
# get-log-events json (no stream in it); a custom format by --format.
$ flowgrep -c REJECT tests/data/get-log-events.json
> 3
$ flowgrep --format "$(cat tests/data/v5.logformat)" -o tcp-flags,flow-direction,traffic-path 'tcp-flags=SYN' tests/data/get-log-events-v5.json
> 19 egress 8
> 3 ingress -
> 2 ingress -
> 3 egress 1
# --query 'events[].message' --output json, and --query events.
$ flowgrep -c REJECT tests/data/filter-log-events-messages.json
> 6
$ flowgrep -o @logStream REJECT tests/data/filter-log-events-query-events.json | sort | uniq -c
>       3 eni-0a1b2c3d4e5f60718-all
>       3 eni-0f1e2d3c4b5a69788-all
# One event a line (jq -c '.events[]').
$ flowgrep -n -c 'dstport=3389' tests/data/events-lines.json
> 2
# -n and -H say the line of the message.
$ flowgrep -n 'dstport=3389' tests/data/events-lines.json | cut -c 1-40
> 5:2 111111111111 eni-0a1b2c3d4e5f60718 1
> 15:2 111111111111 eni-0f1e2d3c4b5a69788 
# Subscription payloads: a Firehose S3 object (gzip members of JSON end to
# end), one payload a line, a Lambda event, Kinesis get-records; each event
# carries the payload's stream.
$ for f in subscription-firehose.json.gz subscription-firehose.json subscription-lines.json lambda-awslogs.json kinesis-get-records.json; do printf '%s ' $f; flowgrep -c REJECT tests/data/$f; done
> subscription-firehose.json.gz 6
> subscription-firehose.json 6
> subscription-lines.json 6
> lambda-awslogs.json 3
> kinesis-get-records.json 6
$ flowgrep -o @logStream,srcaddr 'dstport=3389' tests/data/lambda-awslogs.json
> eni-0a1b2c3d4e5f60718-all 198.51.100.7
# A control message is not a record.
$ printf '{"messageType":"CONTROL_MESSAGE","owner":"CloudwatchLogs","logGroup":"","logStream":"","subscriptionFilters":[],"logEvents":[{"id":"","timestamp":1432826855000,"message":"CWL CONTROL MESSAGE: Checking health of destination Kinesis stream."}]}' | flowgrep -c -v REJECT
> 0
? 1
# Escapes are decoded before the message is read.
$ printf '{"message":"2 1 eni-a 10.0.0.1 10.0.0.2 1 22 6 1 40 1 2 \\u0052EJECT OK"}\n' | flowgrep -o action REJECT
> REJECT
# A document cut short: the events before the cut count, the error says where.
$ head -c 2000 tests/data/filter-log-events.json | flowgrep -c REJECT
> 2
! flowgrep: (standard input): line 44, column 10: truncated JSON
? 2
# Not JSON after all: a syntax error names line and column.
$ printf '{"events": [\n  {"message": "2 1 eni-a 10.0.0.1 10.0.0.2 1 22 6 1 40 1 2 REJECT OK"},\n  oops\n]}\n' | flowgrep -c REJECT
> 1
! flowgrep: (standard input): line 3, column 3: invalid char in json text
? 2
# A message that is not a record is counted as such, at its line.
$ printf '{"message":"hello"}\n{"message":"2 1 eni-a 10.0.0.1 10.0.0.2 1 22 6 1 40 1 2 REJECT OK"}\n' | flowgrep -c REJECT
> 1
! flowgrep: warning: 1 line was not a flow-log record; first at (standard input):1: expected 14 fields, found 1

# An input that only starts like JSON is text: a log line in brackets or
# braces before the records, or brackets past JSON's depth, are lines
# that are not records, and the records after them count.
$ printf '[INFO] export started\n2 1 eni-a 10.0.0.1 10.0.0.2 1 22 6 1 40 1 2 REJECT OK\n' | flowgrep -c REJECT
> 1
! flowgrep: warning: 1 line was not a flow-log record; first at (standard input):1: expected 14 fields, found 3
$ printf '{run 7}\n2 1 eni-a 10.0.0.1 10.0.0.2 1 22 6 1 40 1 2 REJECT OK\n' | flowgrep REJECT
> 2 1 eni-a 10.0.0.1 10.0.0.2 1 22 6 1 40 1 2 REJECT OK
! flowgrep: warning: 1 line was not a flow-log record; first at (standard input):1: expected 14 fields, found 2
$ awk 'BEGIN { for (i = 0; i < 70000; i++) printf "["; print ""; print "2 1 eni-a 10.0.0.1 10.0.0.2 1 22 6 1 40 1 2 REJECT OK" }' | gzip | flowgrep -c REJECT
> 1
! flowgrep: warning: 1 line was not a flow-log record; first at (standard input):1: expected 14 fields, found 1
# A JSON document broken after its first event is an error; what came
# before it stands.
$ printf '{"events": [{"logStreamName": "s", "timestamp": 1, "message": "2 1 eni-a 10.0.0.1 10.0.0.2 1 22 6 1 40 1 2 REJECT OK"}, {"logStreamName": x' | flowgrep -c REJECT
> 1
! flowgrep: (standard input): line 1, column 139: invalid char in json text
? 2
