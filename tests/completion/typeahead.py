#!/usr/bin/env python3
# Drive an interactive shell on a pseudo-terminal: type a line and a tab
# (or two), and check that the screen then shows what is expected.
#
#   typeahead.py SHELL-COMMAND SETUP  < cases
#
# Each case is a line "TYPED => EXPECTED": TYPED is typed after SETUP, in
# a fresh shell, followed by "\t\t"; EXPECTED must then appear on the
# screen (escape sequences, backspaces and carriage returns removed).
# Prints one "ok" or "FAIL" line a case and exits 1 if any failed.
import os
import pty
import re
import select
import sys
import time

NOISE = re.compile(rb'\x1b\[[0-9;?]*[A-Za-z]|\x1b[=>]|[\r\x07]|.\x08')


def read_until(fd, want, seconds):
    """Read the screen until WANT shows up (True) or SECONDS pass."""
    seen = b''
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        ready, _, _ = select.select([fd], [], [], 0.05)
        if not ready:
            continue
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
        if want is not None and want in NOISE.sub(b'', seen):
            return True, seen
    return False, seen


def run_case(argv, setup, typed, expected):
    pid, fd = pty.fork()
    if pid == 0:
        os.environ['TERM'] = 'dumb'
        os.execvp(argv[0], argv)
    try:
        os.write(fd, setup.encode() + b'; echo READY\n')
        ok, _ = read_until(fd, b'\nREADY', 20)
        if not ok:
            return False, b'(the shell never got ready)'
        os.write(fd, typed.encode() + b'\t\t')
        return read_until(fd, expected.encode(), 10)
    finally:
        os.kill(pid, 9)
        os.waitpid(pid, 0)
        os.close(fd)


def main():
    argv, setup = sys.argv[1].split(), sys.argv[2]
    failed = 0
    for line in sys.stdin:
        line = line.rstrip('\n')
        if not line or line.startswith('#'):
            continue
        typed, expected = line.split(' => ', 1)
        ok, seen = run_case(argv, setup, typed, expected)
        if ok:
            print('ok   %s %r => %r' % (argv[0], typed, expected))
        else:
            failed += 1
            print('FAIL %s %r: expected %r, the screen showed %r' %
                  (argv[0], typed, expected, NOISE.sub(b'', seen)[-300:]))
    sys.exit(1 if failed else 0)


main()
