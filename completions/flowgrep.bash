# bash completion for flowgrep(1): its options, their values, and the
# field names in the expression and in field lists.  The names come from
# the flowgrep on the PATH (--list-fields), so they never go stale.

_flowgrep_list()
{
	command flowgrep --list-fields 2>/dev/null
}

# The long options that take a value, as "|name|".
_flowgrep_valued='|jobs|max-count|fields|template|format|time|color|colour|to|sql-table|sql-partition|by|sum|min|max|distinct|top|max-keys|every|'

# The values of an option, for compgen -W; "@fields" for a field list.
_flowgrep_values()
{
	case $1 in
	--format) echo 'v2 v3 v4 v5 v6 v7 v8' ;;
	--time) echo 'epoch iso local' ;;
	--color | --colour) echo 'never always auto' ;;
	--to) echo 'filter-pattern insights athena' ;;
	--sql-partition) echo 'date day none' ;;
	-o | --fields | --by | --sum | --min | --max | --distinct) echo @fields ;;
	esac
}

# COMP_WORDS is split at '=' and ':' as well as at blanks: join again
# the words with no blank between them in the line.
_flowgrep_join()
{
	local i w pos=0 gap
	_flowgrep_w=() _flowgrep_cw=0
	for ((i = 0; i < ${#COMP_WORDS[@]}; i++)); do
		w=${COMP_WORDS[i]} gap=0
		while [[ ${COMP_LINE:pos:1} == [[:space:]] ]]; do
			((pos++))
			gap=1
		done
		if ((i > 0 && gap == 0)); then
			_flowgrep_w[${#_flowgrep_w[@]} - 1]+=$w
		else
			_flowgrep_w+=("$w")
		fi
		((pos += ${#w}))
		((i == COMP_CWORD)) && _flowgrep_cw=$((${#_flowgrep_w[@]} - 1))
	done
}

# Candidates for the tail of a field list (-o srcaddr,dst...).
_flowgrep_field_list()
{
	local word=$1 head=
	[[ $word == *,* ]] && head=${word%,*},
	compgen -P "$head" -W "$(_flowgrep_list | cut -f1)" -- "${word##*,}"
}

# Candidates for the end of an expression: a field name, or after
# "field=" (or !=, a ',' or '|') one of the field's words.
_flowgrep_expr()
{
	local word=$1 tok head field value words
	tok=${word##*[[:space:]\'\"\(!]}
	head=${word%"$tok"}
	if [[ $tok == *[=\<\>~]* ]]; then
		field=${tok%%[=\<\>~!]*}
		value=${tok#"$field"}
		value=${value##*[=\<\>~,|]}
		words=$(_flowgrep_list | awk -F '\t' -v f="$field" \
		    '$1 == f && NF > 2 { print $3 }')
		head+=${tok%"$value"}
		compgen -P "$head" -W "$words" -- "$value"
	else
		compgen -P "$head" -W "$(_flowgrep_list | cut -f1)" -- "$tok"
	fi
}

_flowgrep()
{
	local word opt values i w n=0 dashdash=0
	local -a cands
	_flowgrep_join
	word=${_flowgrep_w[_flowgrep_cw]}

	# What the words before this one are: options, their values, the
	# expression, files.
	for ((i = 1; i < _flowgrep_cw; i++)); do
		w=${_flowgrep_w[i]}
		if ((dashdash)) || [[ $w != -?* ]]; then
			((n++))
		elif [[ $w == -- ]]; then
			dashdash=1
		elif [[ $w == --*=* ]]; then
			:
		elif [[ $w == --* ]]; then
			[[ $_flowgrep_valued == *"|${w#--}|"* && $w != --colo* ]] &&
			    ((i++))
		elif [[ $w =~ ^-[^jmot]*[jmot]$ ]]; then
			((i++))
		fi
	done
	opt=
	if ((_flowgrep_cw > 1)); then
		w=${_flowgrep_w[_flowgrep_cw - 1]}
		if [[ $w == -[!-]* && $w =~ ^-[^jmot]*[jmot]$ ]]; then
			opt=-${w: -1}
		elif [[ $w == --* && $w != *=* && $w != --colo* &&
		    $_flowgrep_valued == *"|${w#--}|"* ]]; then
			opt=$w
		fi
	fi

	if [[ -n $opt ]]; then
		values=$(_flowgrep_values "$opt")
		if [[ $values == @fields ]]; then
			mapfile -t cands < <(_flowgrep_field_list "$word")
			compopt -o nospace
		else
			mapfile -t cands < <(compgen -W "$values" -- "$word")
		fi
	elif ((!dashdash)) && [[ $word == --*=* ]]; then
		opt=${word%%=*}
		values=$(_flowgrep_values "$opt")
		if [[ $values == @fields ]]; then
			mapfile -t cands < <(_flowgrep_field_list "${word#*=}")
		else
			mapfile -t cands < <(compgen -W "$values" -- "${word#*=}")
		fi
		cands=("${cands[@]/#/$opt=}")
		compopt -o nospace
	elif ((!dashdash)) && [[ $word == -* ]]; then
		mapfile -t cands < <(compgen -W "$(_flowgrep_options)" -- "$word")
		[[ ${#cands[@]} == 1 && $cands == *= ]] && compopt -o nospace
	elif ((n == 0)); then
		mapfile -t cands < <(_flowgrep_expr "$word")
		compopt -o nospace
	else
		compopt -o filenames
		mapfile -t cands < <(compgen -f -- "$word")
	fi

	# Readline replaces only the text after the word's last '=' or ':'
	# (none inside quotes): give back only that part.
	if [[ $word == [\'\"]* ]]; then
		COMPREPLY=("${cands[@]}")
	else
		COMPREPLY=("${cands[@]#"${word%"${word##*[=:]}"}"}")
	fi
}

_flowgrep_options()
{
	echo -c -h -H -j -m -n -o -q -r -s -t -v \
	    --count --recursive --jobs= --invert-match --max-count= --quiet \
	    --silent --no-messages --line-number --with-filename \
	    --no-filename --fields= --template= --format= --strict \
	    --line-buffered --explain --json --csv --tsv --table --no-header \
	    --time= --names --color --color= --colour --colour= --to= \
	    --sql-table= --sql-partition= --by= --sum= --min= --max= \
	    --distinct= --top= --max-keys= --every= --list-fields --help \
	    --version
}

complete -F _flowgrep flowgrep
