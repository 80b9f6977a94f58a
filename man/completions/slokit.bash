# bash completion for slokit: slo-ingest, slo-eval, flag-audit, promote-check.
# Installed once per tool name under share/bash-completion/completions/, so
# that bash-completion loads it on first use of any of the four.  Options
# are listed here, not parsed from --help at each TAB, so completion costs
# no process; tests/cli/test_completions.sh checks that every long option
# of each tool's --help is here.

_slokit()
{
	local cur prev opts
	COMPREPLY=()
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=${COMP_WORDS[COMP_CWORD-1]}

	local common='--where --rejects --max-bad --jobs --unwrap --progress --no-progress --help --version'
	case ${COMP_WORDS[0]##*/} in
	slo-ingest)
		opts="--preset --map --log-format --log-format-syntax --log-label
		    --log-tz --span-kinds --set --cohort-from --good --rollup
		    --rollup-lateness --spec --verbose --unbuffered $common" ;;
	slo-eval)
		opts="--spec --validate --export --objective --good --bad --window --name
		    --alerts --budgeting --resolution --fail-on --no-data
		    --report-step --max-groups --strict --registry --format --at
		    --output --wide --junit --prom --markdown --html --csv --tsv $common" ;;
	flag-audit)
		opts="--registry --fail-on --examples --max-error-rate --settle
		    --summary --max-groups --format --at --output --wide --junit
		    --markdown --csv --tsv $common" ;;
	promote-check)
		opts="--criteria --cohort --baseline --window --format --at --output
		    --wide --junit --markdown --csv --tsv $common" ;;
	*)
		return 0 ;;
	esac

	# the values an option takes, where they are a closed set or files
	case $prev in
	-p|--preset)
		COMPREPLY=($(compgen -W 'canonical otlp envoy gcp ecs traefik goff unleash nginx apache envoy-text istio-text haproxy alb auto' -- "$cur"))
		return 0 ;;
	--unwrap)
		COMPREPLY=($(compgen -W 'auto docker cri none' -- "$cur"))
		return 0 ;;
	--log-format-syntax)
		COMPREPLY=($(compgen -W 'nginx apache envoy' -- "$cur"))
		return 0 ;;
	-f|--format)
		local fmts='ndjson table markdown csv tsv'
		case ${COMP_WORDS[0]##*/} in
		slo-eval) fmts="$fmts prom html junit" ;;
		flag-audit|promote-check) fmts="$fmts junit" ;;
		esac
		COMPREPLY=($(compgen -W "$fmts" -- "$cur"))
		return 0 ;;
	--fail-on)
		if [ "${COMP_WORDS[0]##*/}" = slo-eval ]; then
			COMPREPLY=($(compgen -W 'page ticket' -- "$cur"))
		else
			COMPREPLY=($(compgen -W 'critical high medium low' -- "$cur"))
		fi
		return 0 ;;
	--alerts)
		COMPREPLY=($(compgen -W 'google-30d google-28d none' -- "$cur"))
		return 0 ;;
	--budgeting)
		COMPREPLY=($(compgen -W 'occurrences timeslices ratio_timeslices' -- "$cur"))
		return 0 ;;
	--export)
		COMPREPLY=($(compgen -W 'openslo' -- "$cur"))
		return 0 ;;
	--no-data)
		COMPREPLY=($(compgen -W 'inconclusive ok' -- "$cur"))
		return 0 ;;
	--at)
		COMPREPLY=($(compgen -W 'now' -- "$cur"))
		return 0 ;;
	-s|--spec|-m|--map|-r|--registry|-c|--criteria)
		# slo-ingest's -s is --set F=VALUE, not a file
		if [ "$prev" = -s ] && [ "${COMP_WORDS[0]##*/}" = slo-ingest ]; then
			return 0
		fi
		COMPREPLY=($(compgen -f -X '!*.@(yaml|yml)' -- "$cur") $(compgen -d -- "$cur"))
		return 0 ;;
	--rejects|-o|--output|--prom|--markdown|--html|--junit|--csv|--tsv)
		COMPREPLY=($(compgen -f -- "$cur"))
		return 0 ;;
	-w|--where|--good|--bad|--cohort-from|--set|--objective|--window|--name|\
	--resolution|--report-step|--max-groups|--max-bad|-j|--jobs|--rollup|\
	--rollup-lateness|\
	--examples|--max-error-rate|--settle|--cohort|--baseline)
		return 0 ;;
	esac

	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$opts" -- "$cur"))
	else
		COMPREPLY=($(compgen -f -- "$cur"))
	fi
	return 0
}
complete -o filenames -F _slokit slo-ingest slo-eval flag-audit promote-check
