#!/usr/bin/env python3
"""Build the seed corpora of tests/fuzz/corpus/ from the project's tests.

Run from the top of the tree:  python3 tests/fuzz/make-seeds.py

Seeds come from tests/data/* (record lines of every shape, and the JSON
documents) and from the "$ flowgrep ..." lines of tests/golden/*.t
(expressions, formats, -o lists, templates, and the records that printf
feeds them), plus a few -o lists and templates written here for output.c
and JSON documents for jsonin.c.  Each seed is a small
file (< 4 KB) named by the hash of its bytes; the old corpus is removed
first, so that the result depends only on the sources.
"""
import base64
import glob
import gzip
import hashlib
import os
import re
import shlex
import shutil
import sys

MAXSEED = 4000
ROOT = os.getcwd()
OUT = os.path.join(ROOT, "tests", "fuzz", "corpus")
DATA = os.path.join(ROOT, "tests", "data")

# fuzz_parse control byte: bits 0-1 starting format, 2-4 want, 5-7 literal
PARSE_V2, PARSE_V5, PARSE_LOGFORMAT, PARSE_TEXT = 0, 1, 2, 3

# fuzz_output control bytes, as fuzz_output.c reads them (byte 2: the
# writer's buffer starts (b & 0x3f) * 97 bytes short of full; 0x40 and 0x80
# stretch the lines)
MODES = {"line": 0, "fields": 1, "template": 2, "json": 3, "csv": 4,
         "tsv": 5, "table": 6}
B0_COLOR, B0_NAMES, B0_HEADER, B0_LIST, B0_SELECT = 0x08, 0x10, 0x20, 0x40, 0x80
TIME_NONE, TIME_EPOCH, TIME_ISO, TIME_LOCAL = 0, 1, 2, 3


# fuzz_jsonin control byte: bits 0-2 how many chunk sizes follow (0: one
# byte at a time), bits 3-4 stop after 0 (never), 1, 2 or 7 events; run.sh
# builds it with a message limit of 100 bytes and a data limit of 2000
JSONIN_LIMIT = 100


def read(name):
    with open(os.path.join(DATA, name), "rb") as f:
        return f.read()


def clip(b, limit=MAXSEED):
    """At most limit bytes, cut at a line end when there is one."""
    if len(b) <= limit:
        return b
    cut = b.rfind(b"\n", 0, limit)
    return b[:cut + 1] if cut > 0 else b[:limit]


seeds = {}


def add(harness, b):
    b = clip(b)
    seeds.setdefault(harness, set()).add(b)


def printf_bytes(fmt):
    """What printf(1) writes for a format without conversions but %%."""
    out = bytearray()
    i = 0
    esc = {"n": 10, "r": 13, "t": 9, "\\": 92, "a": 7, "b": 8, "f": 12,
           "v": 11, "'": 39, '"': 34}
    while i < len(fmt):
        c = fmt[i]
        if c == "\\" and i + 1 < len(fmt):
            d = fmt[i + 1]
            m = re.match(r"[0-7]{1,3}", fmt[i + 1:])
            if m:
                out.append(int(m.group(0), 8) & 255)
                i += 1 + len(m.group(0))
                continue
            if d in esc:
                out.append(esc[d])
                i += 2
                continue
        if c == "%" and fmt[i + 1:i + 2] == "%":
            out.append(37)
            i += 2
            continue
        if c == "%" and fmt[i + 1:i + 2] == "s":
            i += 2
            continue
        out += c.encode("utf-8", "surrogateescape")
        i += 1
    return bytes(out)


def golden_cases():
    """(options, expression, input bytes or None, input file) per case."""
    v5fmt = read("v5.logformat").decode().strip()
    v5hdr = read("v5.header").decode().strip()
    for t in sorted(glob.glob(os.path.join(ROOT, "tests", "golden", "*.t"))):
        with open(t, encoding="utf-8", errors="surrogateescape") as f:
            for line in f:
                if not line.startswith("$ "):
                    continue
                cmd = line[2:].rstrip("\n")
                cmd = cmd.replace('"$(cat tests/data/v5.logformat)"',
                                  shlex.quote(v5fmt))
                cmd = cmd.replace('"$(cat tests/data/v5.header)"',
                                  shlex.quote(v5hdr))
                try:
                    lex = shlex.shlex(cmd, posix=True, punctuation_chars="|<>&;")
                    lex.whitespace_split = True
                    words = list(lex)
                except ValueError:
                    continue
                if "flowgrep" not in words:
                    continue
                at = words.index("flowgrep")
                stdin = None
                if at >= 2 and words[0] == "printf" and words[at - 1] == "|":
                    stdin = printf_bytes(words[1])
                    for extra in words[2:at - 1]:
                        stdin += extra.encode("utf-8", "surrogateescape")
                args = []
                for w in words[at + 1:]:
                    if w in ("|", ">", "<", "2>&1", "&&", ";", "2>", ">&"):
                        break
                    args.append(w)
                opts, expr, files = parse_args(args)
                yield opts, expr, stdin, files


def parse_args(args):
    opts, files, expr = {}, [], None
    i = 0
    with_arg = {"-m", "-o", "-t", "--format", "--fields", "--template",
                "--time", "--max-count"}
    while i < len(args):
        a = args[i]
        if a == "--":
            files = args[i + 1:]
            if expr is None and files:
                expr, files = files[0], files[1:]
            break
        if a.startswith("--") and "=" in a:
            k, v = a.split("=", 1)
            opts[k] = v
        elif a in with_arg and i + 1 < len(args):
            opts[a] = args[i + 1]
            i += 1
        elif a.startswith("-") and a != "-":
            opts[a] = True
        elif expr is None:
            expr = a
        else:
            files.append(a)
        i += 1
    return opts, expr, files


LISTS = {"tests/data/ports.txt": "@ports", "tests/data/blocklist.txt": "@cidrs",
         "tests/data/empty.txt": "@empty", "tests/data/no-such-list": "@dir"}


def records_for(files, stdin):
    if stdin is not None:
        return stdin
    for f in files:
        if f.startswith("tests/data/") and os.path.isfile(f) and \
                not f.endswith("empty.txt"):
            b = read(os.path.basename(f))
            if b"-v5" in f.encode() and not f.endswith("s3-mixed.log"):
                b = read("v5.header") + b
            return b
    return read("records-put.txt")


def main():
    if not os.path.isdir(DATA):
        sys.exit("run from the top of the tree")
    datafiles = sorted(glob.glob(os.path.join(DATA, "*.txt")) +
                       glob.glob(os.path.join(DATA, "*.log")))

    # --- fuzz_parse: every input shape, under each starting format
    for path in datafiles:
        b = read(os.path.basename(path))
        v5 = "v5" in os.path.basename(path)
        add("fuzz_parse", bytes([PARSE_V5 if v5 else PARSE_V2]) + b)
        add("fuzz_parse", bytes([(PARSE_LOGFORMAT if v5 else PARSE_V2) |
                                 (3 << 2) | (1 << 5)]) + b)
        for ln in b.split(b"\n")[:3]:
            if ln:
                add("fuzz_parse", bytes([PARSE_V5 if v5 else PARSE_V2]) + ln)
    add("fuzz_parse", bytes([PARSE_TEXT]) + read("v5.logformat") +
        read("records-put-v5.txt"))
    add("fuzz_parse", bytes([PARSE_TEXT | (2 << 2)]) + read("v5.header") +
        read("tail-v5-short.txt"))

    # --- fuzz_expr: the golden expressions on the inputs they were run on
    outputs = set()
    for opts, expr, stdin, files in golden_cases():
        if "--format" in opts and opts["--format"] not in (True,):
            fmt = opts["--format"].encode()
            add("fuzz_parse", bytes([PARSE_TEXT]) + fmt + b"\n" +
                records_for(files, stdin))
        if stdin is not None:
            add("fuzz_parse", bytes([PARSE_V2]) + stdin)
        for k in ("-o", "--fields", "-t", "--template"):
            if isinstance(opts.get(k), str):   # not when it lacks a value
                outputs.add((k, opts[k]))
        if expr is None:
            continue
        for path, name in LISTS.items():
            expr = expr.replace("@" + path, name)
        e = expr.encode("utf-8", "surrogateescape")
        if b"\0" in e:
            continue
        recs = records_for(files, stdin)
        if "--format" in opts and opts["--format"] is not True:
            hdr = opts["--format"].replace("${", "").replace("}", "")
            recs = hdr.encode() + b"\n" + recs
        add("fuzz_expr", e + b"\0" + clip(recs, 1200))

    # --- fuzz_output: each mode, over records of each shape
    recs = b"".join([
        read("records-put.txt").split(b"\n", 3)[0] + b"\n",
        b"2 111111111111 eni-0a1b2c3d4e5f60718 - - - - - - - 1431280876 "
        b"1431280934 - NODATA\n",
        read("tail-detailed-color.txt").split(b"\n")[0] + b"\n",
        read("tail-short.txt").split(b"\n")[1] + b"\n",
        read("filter-log-events.txt").split(b"\n")[0] + b"\n",
        read("get-log-events-v5.txt").split(b"\n")[0] + b"\n",
        read("s3-mixed.log").split(b"\n")[0] + b"\n",
        read("s3-mixed.log").split(b"\n")[1] + b"\n",
        b"2 1 eni-a 10.0.0.1 10.0.0.2 1 22 6 1 40 1 2 REJECT OK\t"
        b"2 1 eni-b 10.0.0.2 10.0.0.1 22 1 6 1 40 1 2 ACCEPT OK\n",
        b"version srcaddr my-field action\n2 10.0.0.1 \xc3\xa9\"x,y\\ REJECT\n",
    ])
    lists = ["srcaddr,dstaddr,action", "all", "start,end,duration,bytes",
             "@timestamp,@logStream,srcaddr", "${my-field},version",
             "protocol,tcp-flags,traffic-path,packets", "all,@timestamp",
             " srcaddr , dstport ", "srcadr", "addr", ""]
    templates = ["{srcaddr}:{srcport} -> {dstaddr}:{dstport} {action}",
                 "{start:iso} {end:local} {bytes:human} {protocol:name}",
                 "{srcaddr:-16}|{dstport:6}|{{literal}}\\t{action}\\n",
                 "{@timestamp} {@logStream} {duration:human}",
                 "{${my-field}} {tcp-flags:name} {traffic-path:name}",
                 "{start:epoch:12} {end:-25:local}", "{srcaddr", "}",
                 "{dstport:name}"]
    for k, v in sorted(outputs):
        (templates if k in ("-t", "--template") else lists).append(v)
    for mode, m in MODES.items():
        texts = templates if mode == "template" else lists
        if mode == "line":
            texts = [""]
        for i, text in enumerate(texts):
            b0 = m | B0_HEADER | (B0_LIST if text or mode == "fields" else 0)
            if i % 3 == 1:
                b0 |= B0_NAMES | B0_COLOR
            # time mode, a fixed expression, the time zone, the format
            b1 = (i % 4) | ((i % 3) << 2) | (((i + 1) % 4) << 4)
            b2 = [0, 0, 33, 0x40, 0x80 | 5][i % 5]
            add("fuzz_output", bytes([b0, b1, b2]) + text.encode() + b"\0" +
                recs)
        add("fuzz_output", bytes([m | B0_COLOR | B0_HEADER, 0x49, 0]) + b"\0" +
            read("tail-v5-detailed.txt"))
        # the expression from the input, selecting records
        add("fuzz_output", bytes([m | B0_COLOR | B0_SELECT, 0x0e, 0]) + b"\0" +
            b"dstport=22 or @logStream=eni-0f* or ${my-field}~/x/\0" + recs)

    jsonin_seeds()

    if os.path.isdir(OUT):
        shutil.rmtree(OUT)
    for harness, bs in sorted(seeds.items()):
        d = os.path.join(OUT, harness)
        os.makedirs(d)
        for b in sorted(bs):
            with open(os.path.join(d, hashlib.sha1(b).hexdigest()[:16]),
                      "wb") as f:
                f.write(b)
        print("%s: %d seeds, %d bytes" % (harness, len(bs),
                                            sum(len(b) for b in bs)))


def jsonin_add(doc, control=0x03, sizes=b"\x0f\x40\xff"):
    n = control & 7
    add("fuzz_jsonin", bytes([control]) + (sizes * 8)[:n] + doc)


def envelope(payload, gz=True, key=b'{"awslogs":{"data":"%s"}}'):
    raw = gzip.compress(payload, mtime=0) if gz else payload
    return key % base64.b64encode(raw)


def jsonin_seeds():
    """The JSON samples, and documents that reach each path of jsonin.c."""
    for path in sorted(glob.glob(os.path.join(DATA, "*.json"))):
        b = read(os.path.basename(path))
        jsonin_add(clip(b))
        jsonin_add(clip(b, 1500), 0x00)                 # a byte at a time
        jsonin_add(clip(b, 1500), 0x09, b"\x06")        # stop after 1
        jsonin_add(clip(b, 1500), 0x1a, b"\x00\x1f")    # stop after 7
    pl = (b'{"messageType":"DATA_MESSAGE","logGroup":"g","logStream":"s",'
          b'"logEvents":[{"id":"1","timestamp":1795939320123,"message":'
          b'"2 1 eni-a 10.0.0.1 10.0.0.2 1 22 6 1 40 1 2 REJECT OK"}]}')
    ctl = pl.replace(b"DATA_MESSAGE", b"CONTROL_MESSAGE")
    long_msg = b"x" * (JSONIN_LIMIT - 1)
    docs = [
        pl + ctl + pl,
        pl + b"\n" + ctl + b"\n",
        envelope(pl),
        envelope(pl, False),
        envelope(pl + pl),
        envelope(pl, key=b'{"Records":[{"Data":"%s"},{"Data":"aGk="}]}'),
        envelope(pl, key=b'{"Records":[{"kinesis":{"data":"%s"}}]}'),
        envelope(pl, key=b'{"records":[{"recordId":"1","data":"%s"}]}'),
        envelope(envelope(pl, False), False),
        envelope(pl)[:-20] + b'"}}',
        b'["a\\"b\\\\c\\/d\\b\\f\\n\\r\\t\\u0041\\u00e9\\u20ac\\u0000",'
        b'"\\ud83d\\ude00\\ud800x\\ud800\\u0041\\udc00\\ud800"]',
        b'{"events":[{"message":"' + long_msg + b'y","timestamp":1},'
        b'{"message":"' + long_msg + b'yz"},{"message":"' + long_msg +
        b'\\u00e9"},{"logStreamName":"' + long_msg + b'yz","message":"m"}]}',
        b'{"timestamp":-1,"message":"m","logStreamName":"s","x":[{},[]]}'
        b'{"message":"n","timestamp":1.5}\n["a","b"] "c" 5 true null',
        b"\xef\xbb\xbf[\"bom\"]",
        b'{"events":[{"message":"a"},{"message":"b"}',
        b'[' * 40 + b']' * 40,
        b'[1' + b'0' * 30 + b']',
        b'{"events":[{"message":"a"},]}',
    ]
    for d in docs:
        jsonin_add(d)
        jsonin_add(d, 0x00)
        jsonin_add(d, 0x11, b"\x02")


main()
