# Cases the fuzzers found, kept as regressions (tests/fuzz/regress holds the raw inputs).

# format_parse read a byte before a bad name at the start of --format.
$ flowgrep --format '8:' REJECT < /dev/null
! flowgrep: --format: '8:' is not a field name
? 2
# A start of 17 digits overflowed the millisecond conversion; it is a bad value now.
$ printf '2 1 eni-a 10.0.0.1 10.0.0.2 1 22 6 1 40 14185300795940040 14185300795940041 REJECT OK\n' | flowgrep 'start>0'
! flowgrep: warning: 1 record had a value that is not of its field's type, counted as missing; first: field 'start' at (standard input):1
? 1
# ${...} takes field-name characters only, so no odd byte reaches a JSON key or a table header.
$ flowgrep --json -o 'a\x' '${a\x}=x' < /dev/null
! flowgrep: '${a\x}' is not a field name (a letter, then letters, digits, - and _)
!   ${a\x}=x
!   ^~~~~~
? 2
$ flowgrep --table -o "$(printf '\377')" "$(printf '${\377}=x')" < /dev/null
! flowgrep: '${ÿ}' is not a field name (a letter, then letters, digits, - and _)
!   ${ÿ}=x
!   ^~~~
? 2
# A JSON value longer than 11 KB was read one byte past its end.
$ awk 'BEGIN { s = "eni-"; for (i = 0; i < 12000; i++) s = s "a"; print "2 1 " s " 10.0.0.1 10.0.0.2 1 22 6 1 40 1 2 REJECT OK" }' | flowgrep --json -o interface-id REJECT | jq -r '."interface-id" | length'
> 12004
# CSV: a comma in the middle of a value longer than 8 bytes went out unquoted.
$ printf '2 1 a,bcdefghij 10.0.0.1 10.0.0.2 1 22 6 1 40 1 2 REJECT OK\n' | flowgrep --csv --no-header -o interface-id REJECT
> "a,bcdefghij"
# An EVENTS line with empty cells: an empty timestamp or stream is missing; an empty message is not a record.
$ printf 'EVENTS\t1795940872644\t2 1 eni-a 10.0.0.1 10.0.0.2 1 22 6 1 40 1 2 REJECT OK\t\nEVENTS\t1\t2\t\t\t3\n' | flowgrep -o @timestamp,action '@timestamp=-'
> - REJECT
! flowgrep: warning: 1 line was not a flow-log record; first at (standard input):2: EVENTS line with an empty message
