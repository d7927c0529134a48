#!/usr/bin/env python3
"""Write the JSON test inputs that no real capture here provides.

Run from the top of the tree:  python3 tests/data/make-json.py

From the events of filter-log-events.json (real CLI output) it builds
CloudWatch Logs subscription payloads in the layout AWS documents
(messageType, owner, logGroup, logStream, subscriptionFilters, then
logEvents of id, timestamp, message, compact as CloudWatch sends them),
and the wrappers they arrive in.  gzip is written with mtime 0, so the
files come out the same on every run.
"""
import base64
import gzip
import json
import os

DATA = os.path.join("tests", "data")
GROUP = "platforms-development-vpc-flow-logs"


def compact(obj):
    return json.dumps(obj, separators=(",", ":")).encode()


def gz(b):
    return gzip.compress(b, mtime=0)


def payload(stream, events):
    return {
        "messageType": "DATA_MESSAGE",
        "owner": "111111111111",
        "logGroup": GROUP,
        "logStream": stream,
        "subscriptionFilters": ["flowgrep-test"],
        "logEvents": [{"id": "%056d" % (int(e["eventId"]) + 1),
                       "timestamp": e["timestamp"],
                       "message": e["message"]} for e in events],
    }


CONTROL = {
    "messageType": "CONTROL_MESSAGE",
    "owner": "CloudwatchLogs",
    "logGroup": "",
    "logStream": "",
    "subscriptionFilters": [],
    "logEvents": [{"id": "", "timestamp": 1795940000000,
                   "message": "CWL CONTROL MESSAGE: Checking health of "
                              "destination Firehose."}],
}


def write(name, b):
    with open(os.path.join(DATA, name), "wb") as f:
        f.write(b)


def main():
    with open(os.path.join(DATA, "filter-log-events.json")) as f:
        events = json.load(f)["events"]
    streams = sorted({e["logStreamName"] for e in events})
    a, b = (payload(s, [e for e in events if e["logStreamName"] == s])
            for s in streams)
    docs = [compact(a), compact(CONTROL), compact(b)]

    # Firehose to S3: the payloads end to end, each its own gzip member
    write("subscription-firehose.json", b"".join(docs))
    write("subscription-firehose.json.gz", b"".join(gz(d) for d in docs))
    write("subscription-lines.json", b"".join(d + b"\n" for d in docs))
    write("events-lines.json",
          b"".join(compact(e) + b"\n" for e in events))

    # --query events: the array alone, in the CLI's 4-space layout
    write("filter-log-events-query-events.json",
          json.dumps(events, indent=4).encode() + b"\n")

    # a Lambda function subscribed to the group gets this event
    lam = {"awslogs": {"data": base64.b64encode(gz(docs[0])).decode()}}
    write("lambda-awslogs.json", json.dumps(lam, indent=2).encode() + b"\n")

    # aws kinesis get-records --output json: Data is base64 of the gzip
    records = [{"SequenceNumber": "4961%052d" % i,
                "ApproximateArrivalTimestamp":
                    "2026-11-29T08:28:0%d.000000+00:00" % i,
                "Data": base64.b64encode(gz(d)).decode(),
                "PartitionKey": "%032x" % (i + 1)}
               for i, d in enumerate(docs)]
    kin = {"Records": records,
           "NextShardIterator": "AAAAAAAAAAH" + "x" * 40,
           "MillisBehindLatest": 0}
    write("kinesis-get-records.json",
          json.dumps(kin, indent=4).encode() + b"\n")


main()
