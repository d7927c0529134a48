#!/bin/sh
# The shell completions, tried in the real shells: bash and zsh typed into
# on a pseudo-terminal (typeahead.py), fish asked with "complete -C".  And
# every long option of --help is in each of the three files.
#
# usage: tests/completion/run.sh BINDIR     (run from the project root)
# Ends with "completion: N passed, N failed"; a shell that is missing is
# a visible SKIPPED line (make deps installs them).
set -u
bindir=$(cd "$1" && pwd)
root=$PWD
PATH=$bindir:$PATH
export PATH
pass=0 fail=0

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL $*"; }

# Every long option --help names, in each file.
for opt in $(flowgrep --help | grep -o -- '--[a-z][a-z-]*' | sort -u); do
	grep -q -- "$opt[= ]" completions/flowgrep.bash ||
	    grep -q -- "$opt\$" completions/flowgrep.bash ||
	    { bad "flowgrep.bash lacks $opt"; continue; }
	grep -q -- "[{,'*)]$opt[=[},]" completions/_flowgrep ||
	    { bad "_flowgrep lacks $opt"; continue; }
	grep -q -- "-l ${opt#--}\\( \\|\$\\)" completions/flowgrep.fish ||
	    { bad "flowgrep.fish lacks $opt"; continue; }
	ok
done

# typed => expected: the same for bash and zsh.
cases='flowgrep --for => flowgrep --format=
flowgrep --format=v => v2  v3  v4
flowgrep --format v => v2  v3  v4
flowgrep --time=i => flowgrep --time=iso
flowgrep --list-f => flowgrep --list-fields
flowgrep -o srcaddr,dstp => flowgrep -o srcaddr,dstport
flowgrep --by=srcaddr,dstp => flowgrep --by=srcaddr,dstport
flowgrep @time => flowgrep @timestamp
flowgrep tgw-dst-e => flowgrep tgw-dst-eni
flowgrep action=R => flowgrep action=REJECT
flowgrep '"'"'dstport=22 and act => and action
flowgrep '"'"'action=ACCEPT|R => ACCEPT|REJECT
flowgrep -c --to athena "flow-direction=i => "flow-direction=ingress
flowgrep REJECT tests/data/blockl => tests/data/blocklist.txt
flowgrep -m 3 -- dstport=22 tests/data/blockl => tests/data/blocklist.txt'

try_shell() {
	name=$1 argv=$2 setup=$3
	if ! command -v "$name" >/dev/null 2>&1; then
		echo "SKIPPED: completion in $name ($name is not installed; make deps)"
		return
	fi
	out=$(printf '%s\n' "$cases" |
	    python3 tests/completion/typeahead.py "$argv" "$setup")
	echo "$out" | grep '^FAIL' || true
	pass=$((pass + $(echo "$out" | grep -c '^ok')))
	fail=$((fail + $(echo "$out" | grep -c '^FAIL')))
}

try_shell bash "bash --norc --noprofile -i" \
    "cd '$root'; PATH='$PATH'; bind 'set bell-style none'; source completions/flowgrep.bash"
try_shell zsh "zsh -f -i" \
    "cd '$root'; PATH='$PATH'; fpath=(completions \$fpath); autoload -U compinit; compinit -u -D; unsetopt beep"

# fish: each typed line's candidates, as "complete -C" lists them.
fish_case() {
	got=$(fish --no-config -c "source completions/flowgrep.fish; complete -C '$1'" 2>&1 |
	    cut -f1)
	if printf '%s\n' "$got" | grep -qxF -- "$2"; then
		ok
	else
		bad "fish: '$1' does not offer '$2' (it offers: $(echo $got | head -c 200))"
	fi
}
if command -v fish >/dev/null 2>&1; then
	fish_case 'flowgrep --for' '--format'
	fish_case 'flowgrep --format=v' '--format=v5'
	fish_case 'flowgrep --format ' 'v8'
	fish_case 'flowgrep --time=i' '--time=iso'
	fish_case 'flowgrep -o srcaddr,dstp' 'srcaddr,dstport'
	fish_case 'flowgrep --by=srcaddr,dstp' '--by=srcaddr,dstport'
	fish_case 'flowgrep @time' '@timestamp'
	fish_case 'flowgrep tgw-dst-e' 'tgw-dst-eni'
	fish_case 'flowgrep action=R' 'action=REJECT'
	fish_case 'flowgrep "dstport=22 and act' '"dstport=22 and action'
	fish_case 'flowgrep "action=ACCEPT|R' '"action=ACCEPT|REJECT'
	fish_case 'flowgrep -c --to athena "flow-direction=i' '"flow-direction=ingress'
	fish_case 'flowgrep REJECT tests/data/blockl' 'tests/data/blocklist.txt'
	fish_case 'flowgrep -m 3 -- dstport=22 tests/data/blockl' 'tests/data/blocklist.txt'
else
	echo "SKIPPED: completion in fish (fish is not installed; make deps)"
fi

echo "completion: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
