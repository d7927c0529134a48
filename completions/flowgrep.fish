# fish completion for flowgrep(1): its options, their values, and the
# field names in the expression and in field lists.  The names come from
# the flowgrep on the PATH (--list-fields), so they never go stale.

# The field names, with their types as descriptions.
function __flowgrep_fields
    flowgrep --list-fields 2>/dev/null | string replace -r '^([^\t]+)\t([^\t]+).*' '$1\t$2'
end

# A comma-separated list of fields: the list so far, then each name.
function __flowgrep_field_list
    set -l token (commandline -ct | string replace -r '^--?[a-z-]*=' '' | string replace -r '^-o' '')
    set -l head (string match -r '^.*,' -- $token)
    for f in (__flowgrep_fields) $argv
        echo $head$f
    end
end

# The end of an expression: a field name, or after "field=" (or !=, <,
# a ',' or a '|') one of the field's words.
function __flowgrep_expr
    set -l token (commandline -ct)
    set -l tail (string replace -r '^.*[\s(!\'"]' '' -- $token)
    set -l head (string sub -l (math (string length -- $token) - (string length -- $tail)) -- $token)
    if string match -qr '[=<>~]' -- $tail
        set -l field (string replace -r '[=<>~!].*' '' -- $tail)
        set -l sofar (string match -r '^.*[=<>~,|]' -- $tail)
        for line in (flowgrep --list-fields 2>/dev/null)
            set -l parts (string split \t -- $line)
            if test "$parts[1]" = "$field"; and set -q parts[3]
                for w in (string split ' ' -- $parts[3])
                    echo $head$sofar$w
                end
            end
        end
    else
        for f in (__flowgrep_fields)
            echo $head$f
        end
    end
end

# True while the expression is still to come: no word but options so far.
function __flowgrep_needs_expr
    set -l words (commandline -opc)
    set -e words[1]
    set -l valued j m o t jobs max-count fields template format time to sql-table sql-partition by sum min max distinct top max-keys every
    set -l skip 0
    for w in $words
        if test $skip = 1
            set skip 0
        else if test "$w" = --
            return 1
        else if string match -qr '^--[^=]+$' -- $w
            contains -- (string sub -s 3 -- $w) $valued; and set skip 1
        else if string match -qr '^-[^-]*[jmot]$' -- $w
            set skip 1
        else if not string match -qr '^-.' -- $w
            return 1
        end
    end
    return 0
end

complete -c flowgrep -f
complete -c flowgrep -n __flowgrep_needs_expr -a '(__flowgrep_expr)'
complete -c flowgrep -n 'not __flowgrep_needs_expr' -F

complete -c flowgrep -s c -l count -d 'print the number of selected records'
complete -c flowgrep -s v -l invert-match -d 'select records that do not match'
complete -c flowgrep -s m -l max-count -x -d 'stop after NUM selected records'
complete -c flowgrep -s q -l quiet -d 'print nothing; exit 0 on the first match'
complete -c flowgrep -l silent -d 'the same as --quiet'
complete -c flowgrep -s s -l no-messages -d 'no warnings about the input'
complete -c flowgrep -s n -l line-number -d 'prefix each line with its line number'
complete -c flowgrep -s H -l with-filename -d 'prefix each line with its file name'
complete -c flowgrep -s h -l no-filename -d 'never prefix file names'
complete -c flowgrep -s r -l recursive -d 'read the files below directories'
complete -c flowgrep -s j -l jobs -x -d 'threads that read gzip ahead'
complete -c flowgrep -l format -x -a 'v2 v3 v4 v5 v6 v7 v8' -d 'the flow log\'s format'
complete -c flowgrep -l strict -d 'a line that is not a record is an error'
complete -c flowgrep -l line-buffered -d 'flush after every selected record'
complete -c flowgrep -l explain -d 'print the expression as understood and exit'
complete -c flowgrep -l to -x -a 'filter-pattern insights athena' -d 'print the expression as a query and exit'
complete -c flowgrep -l sql-table -x -d 'the Athena table'
complete -c flowgrep -l sql-partition -x -a 'date day none' -d 'the Athena partition column'
complete -c flowgrep -s o -l fields -x -a '(__flowgrep_field_list all)' -d 'print these fields'
complete -c flowgrep -s t -l template -x -d 'print TEXT with {field} replaced'
complete -c flowgrep -l json -d 'one JSON object per record'
complete -c flowgrep -l csv -d 'comma-separated, with a header'
complete -c flowgrep -l tsv -d 'tab-separated, with a header'
complete -c flowgrep -l table -d 'aligned columns with a header'
complete -c flowgrep -l no-header -d 'no header row for --csv, --tsv, --table'
complete -c flowgrep -l time -x -a 'epoch iso local' -d 'how start, end, @timestamp are printed'
complete -c flowgrep -l names -d 'protocol, tcp-flags, traffic-path by name'
complete -c flowgrep -l color -l colour -f -a 'never always auto' -d 'color the output (--color=WHEN)'
complete -c flowgrep -l by -x -a '(__flowgrep_field_list)' -d 'count the records per key'
complete -c flowgrep -l sum -x -a '(__flowgrep_field_list)' -d 'add up these fields per key'
complete -c flowgrep -l min -x -a '(__flowgrep_field_list)' -d 'the least value of these fields per key'
complete -c flowgrep -l max -x -a '(__flowgrep_field_list)' -d 'the greatest value of these fields per key'
complete -c flowgrep -l distinct -x -a '(__flowgrep_field_list)' -d 'the number of distinct values per key'
complete -c flowgrep -l top -x -d 'only the N keys first by the first aggregate'
complete -c flowgrep -l max-keys -x -d 'past N keys, keep the heaviest'
complete -c flowgrep -l every -x -d 'print the summary every TIME'
complete -c flowgrep -l list-fields -d 'print the field names and types'
complete -c flowgrep -l help -d 'print a summary of the options'
complete -c flowgrep -l version -d 'print the version'
