#!/bin/sh
# The large inputs of tests/golden/big.t, made the first time they are
# asked for.
#
# usage: tests/bigdata.sh NAME   (prints the path of NAME)
#
# Making them is most of big.t's time, and the golden runs of the plain
# and the portable build ask for the same ones.  With GOLDEN_CACHE set
# (tests/check.sh sets it) they are made once into that directory and
# shared: the first run to ask makes one while the others wait on its
# lock.  Without, they go in the run's scratch directory, $T.
set -u
[ $# -eq 1 ] || { echo "usage: tests/bigdata.sh NAME" >&2; exit 2; }
name=$1
dir=${GOLDEN_CACHE:-$T}
mkdir -p "$dir" || exit 2

# make_it PATH: NAME into PATH
make_it() {
	case $name in
	gen-100M.log.gz)	# an S3 object of 100 MB of text
		bench/gen -s 100M | gzip -1 >"$1" ;;
	events-1M.json)		# filter-log-events of a million events, 315 MB
		bench/gen -n 1000000 | awk '
		    BEGIN { print "{\n    \"events\": [" }
		    NR > 1 { print "," }
		    { printf "        {\n            \"logStreamName\": \"eni-%d-all\",\n            \"timestamp\": %d,\n            \"message\": \"%s\",\n            \"ingestionTime\": %d,\n            \"eventId\": \"%d\"\n        }", NR % 2, 1700000000000 + NR, $0, 1700000000000 + NR, NR }
		    END { print "\n    ],\n    \"searchedLogStreams\": []\n}" }' >"$1" ;;
	addrs-3M.list)		# three million addresses
		seq 1 3000000 | awk '{ printf "10.%d.%d.%d\n",
		    int($1 / 65536) % 256, int($1 / 256) % 256, $1 % 256 }' >"$1" ;;
	objects-6x8M)		# six S3 objects of 8 MB of text
		mkdir "$1" &&
		for i in 1 2 3 4 5 6; do
			bench/gen -s 8M --seed "$i" | gzip -1 >"$1/f$i.log.gz" ||
			    return 1
		done ;;
	*)
		echo "tests/bigdata.sh: no such input: $name" >&2
		return 2 ;;
	esac
}

exec 9>"$dir/$name.lock" && flock 9 || exit 2
if [ ! -e "$dir/$name" ]; then
	rm -rf "$dir/$name.new"
	make_it "$dir/$name.new" && mv "$dir/$name.new" "$dir/$name" || {
		rm -rf "$dir/$name.new"
		exit 2
	}
fi
echo "$dir/$name"
