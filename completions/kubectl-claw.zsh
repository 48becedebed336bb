#compdef kubectl-claw

autoload -U is-at-least

_kubectl-claw() {
    typeset -A opt_args
    typeset -a _arguments_options
    local ret=1

    if is-at-least 5.2; then
        _arguments_options=(-s -S -C)
    else
        _arguments_options=(-s -C)
    fi

    local context curcontext="$curcontext" state line
    _arguments "${_arguments_options[@]}" : \
'--kubeconfig=[Path to the kubeconfig file (overrides KUBECONFIG)]:PATH:_files' \
'--context=[The kubeconfig context to use]:NAME:_default' \
'-n+[Only this namespace (default\: all namespaces)]:NS:_default' \
'--namespace=[Only this namespace (default\: all namespaces)]:NS:_default' \
'--request-timeout=[How long to wait for each API request (e.g. 5s, 1m; 0 waits forever)]:DURATION:_default' \
'-o+[Output format]:OUTPUT:(table wide json yaml)' \
'--output=[Output format]:OUTPUT:(table wide json yaml)' \
'--chunk-size=[Items per LIST page (0 fetches each list in one response)]:N:_default' \
'(-n --namespace)-A[All namespaces (the default for lists; overrides a namespace from the environment)]' \
'(-n --namespace)--all-namespaces[All namespaces (the default for lists; overrides a namespace from the environment)]' \
'--no-headers[Omit table headers]' \
'-h[Print help (see more with '\''--help'\'')]' \
'--help[Print help (see more with '\''--help'\'')]' \
'-V[Print version]' \
'--version[Print version]' \
":: :_kubectl-claw_commands" \
"*::: :->kubectl claw" \
&& ret=0
    case $state in
    (kubectl claw)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:kubectl-claw-command-$line[1]:"
        case $line[1] in
            (status)
_arguments "${_arguments_options[@]}" : \
'--probe-timeout=[How long each health probe may take]:DURATION:_default' \
'--probe-concurrency=[How many health probes run at once]:N:_default' \
'--kubeconfig=[Path to the kubeconfig file (overrides KUBECONFIG)]:PATH:_files' \
'--context=[The kubeconfig context to use]:NAME:_default' \
'-n+[Only this namespace (default\: all namespaces)]:NS:_default' \
'--namespace=[Only this namespace (default\: all namespaces)]:NS:_default' \
'--request-timeout=[How long to wait for each API request (e.g. 5s, 1m; 0 waits forever)]:DURATION:_default' \
'-o+[Output format]:OUTPUT:(table wide json yaml)' \
'--output=[Output format]:OUTPUT:(table wide json yaml)' \
'--chunk-size=[Items per LIST page (0 fetches each list in one response)]:N:_default' \
'--all[Include releases uninstalled with --keep-history]' \
'--no-probe[Skip the health probes (the HEALTH column shows -)]' \
'(-n --namespace)-A[All namespaces (the default for lists; overrides a namespace from the environment)]' \
'(-n --namespace)--all-namespaces[All namespaces (the default for lists; overrides a namespace from the environment)]' \
'--no-headers[Omit table headers]' \
'-h[Print help (see more with '\''--help'\'')]' \
'--help[Print help (see more with '\''--help'\'')]' \
'-V[Print version]' \
'--version[Print version]' \
&& ret=0
;;
(bots)
_arguments "${_arguments_options[@]}" : \
'*-t+[Only bots of these types]:TYPES:(openclaw picoclaw ironclaw busybox)' \
'*--type=[Only bots of these types]:TYPES:(openclaw picoclaw ironclaw busybox)' \
'--kubeconfig=[Path to the kubeconfig file (overrides KUBECONFIG)]:PATH:_files' \
'--context=[The kubeconfig context to use]:NAME:_default' \
'-n+[Only this namespace (default\: all namespaces)]:NS:_default' \
'--namespace=[Only this namespace (default\: all namespaces)]:NS:_default' \
'--request-timeout=[How long to wait for each API request (e.g. 5s, 1m; 0 waits forever)]:DURATION:_default' \
'-o+[Output format]:OUTPUT:(table wide json yaml)' \
'--output=[Output format]:OUTPUT:(table wide json yaml)' \
'--chunk-size=[Items per LIST page (0 fetches each list in one response)]:N:_default' \
'--all[Include releases uninstalled with --keep-history]' \
'(-n --namespace)-A[All namespaces (the default for lists; overrides a namespace from the environment)]' \
'(-n --namespace)--all-namespaces[All namespaces (the default for lists; overrides a namespace from the environment)]' \
'--no-headers[Omit table headers]' \
'-h[Print help (see more with '\''--help'\'')]' \
'--help[Print help (see more with '\''--help'\'')]' \
'-V[Print version]' \
'--version[Print version]' \
'*::names -- Bot (release) names, or NAMESPACE/NAME:_default' \
&& ret=0
;;
(health)
_arguments "${_arguments_options[@]}" : \
'--timeout=[How long each probe may take]:DURATION:_default' \
'--concurrency=[How many probes run at once]:N:_default' \
'--kubeconfig=[Path to the kubeconfig file (overrides KUBECONFIG)]:PATH:_files' \
'--context=[The kubeconfig context to use]:NAME:_default' \
'-n+[Only this namespace (default\: all namespaces)]:NS:_default' \
'--namespace=[Only this namespace (default\: all namespaces)]:NS:_default' \
'--request-timeout=[How long to wait for each API request (e.g. 5s, 1m; 0 waits forever)]:DURATION:_default' \
'-o+[Output format]:OUTPUT:(table wide json yaml)' \
'--output=[Output format]:OUTPUT:(table wide json yaml)' \
'--chunk-size=[Items per LIST page (0 fetches each list in one response)]:N:_default' \
'(-n --namespace)-A[All namespaces (the default for lists; overrides a namespace from the environment)]' \
'(-n --namespace)--all-namespaces[All namespaces (the default for lists; overrides a namespace from the environment)]' \
'--no-headers[Omit table headers]' \
'-h[Print help (see more with '\''--help'\'')]' \
'--help[Print help (see more with '\''--help'\'')]' \
'-V[Print version]' \
'--version[Print version]' \
'*::names -- Bot (release) names, or NAMESPACE/NAME (default\: the control plane and every bot):_default' \
&& ret=0
;;
(events)
_arguments "${_arguments_options[@]}" : \
'*--types=[Only these event types]:TYPE:(normal warning)' \
'--since=[Only events newer than this (e.g. 10m, 2h)]:DURATION:_default' \
'--kubeconfig=[Path to the kubeconfig file (overrides KUBECONFIG)]:PATH:_files' \
'--context=[The kubeconfig context to use]:NAME:_default' \
'-n+[Only this namespace (default\: all namespaces)]:NS:_default' \
'--namespace=[Only this namespace (default\: all namespaces)]:NS:_default' \
'--request-timeout=[How long to wait for each API request (e.g. 5s, 1m; 0 waits forever)]:DURATION:_default' \
'-o+[Output format]:OUTPUT:(table wide json yaml)' \
'--output=[Output format]:OUTPUT:(table wide json yaml)' \
'--chunk-size=[Items per LIST page (0 fetches each list in one response)]:N:_default' \
'-w[After listing, stream new and updated events until interrupted]' \
'--watch[After listing, stream new and updated events until interrupted]' \
'(-n --namespace)-A[All namespaces (the default for lists; overrides a namespace from the environment)]' \
'(-n --namespace)--all-namespaces[All namespaces (the default for lists; overrides a namespace from the environment)]' \
'--no-headers[Omit table headers]' \
'-h[Print help (see more with '\''--help'\'')]' \
'--help[Print help (see more with '\''--help'\'')]' \
'-V[Print version]' \
'--version[Print version]' \
'::bot -- Only the events of this bot'\''s objects (NAME or NAMESPACE/NAME):_default' \
&& ret=0
;;
(top)
_arguments "${_arguments_options[@]}" : \
'--kubeconfig=[Path to the kubeconfig file (overrides KUBECONFIG)]:PATH:_files' \
'--context=[The kubeconfig context to use]:NAME:_default' \
'-n+[Only this namespace (default\: all namespaces)]:NS:_default' \
'--namespace=[Only this namespace (default\: all namespaces)]:NS:_default' \
'--request-timeout=[How long to wait for each API request (e.g. 5s, 1m; 0 waits forever)]:DURATION:_default' \
'-o+[Output format]:OUTPUT:(table wide json yaml)' \
'--output=[Output format]:OUTPUT:(table wide json yaml)' \
'--chunk-size=[Items per LIST page (0 fetches each list in one response)]:N:_default' \
'(-n --namespace)-A[All namespaces (the default for lists; overrides a namespace from the environment)]' \
'(-n --namespace)--all-namespaces[All namespaces (the default for lists; overrides a namespace from the environment)]' \
'--no-headers[Omit table headers]' \
'-h[Print help (see more with '\''--help'\'')]' \
'--help[Print help (see more with '\''--help'\'')]' \
'-V[Print version]' \
'--version[Print version]' \
'::bot -- Only this bot (NAME or NAMESPACE/NAME):_default' \
&& ret=0
;;
(logs)
_arguments "${_arguments_options[@]}" : \
'-c+[The container (default\: the bot'\''s own); naming the database'\''s container reads the database pod]:NAME:_default' \
'--container=[The container (default\: the bot'\''s own); naming the database'\''s container reads the database pod]:NAME:_default' \
'--tail=[Lines from the end of the log (-1\: all)]:N:_default' \
'--since=[Only lines newer than this (e.g. 10m)]:DURATION:_default' \
'--kubeconfig=[Path to the kubeconfig file (overrides KUBECONFIG)]:PATH:_files' \
'--context=[The kubeconfig context to use]:NAME:_default' \
'-n+[Only this namespace (default\: all namespaces)]:NS:_default' \
'--namespace=[Only this namespace (default\: all namespaces)]:NS:_default' \
'--request-timeout=[How long to wait for each API request (e.g. 5s, 1m; 0 waits forever)]:DURATION:_default' \
'-o+[Output format]:OUTPUT:(table wide json yaml)' \
'--output=[Output format]:OUTPUT:(table wide json yaml)' \
'--chunk-size=[Items per LIST page (0 fetches each list in one response)]:N:_default' \
'-f[Keep streaming new lines]' \
'--follow[Keep streaming new lines]' \
'-p[The previous (crashed) container'\''s log]' \
'--previous[The previous (crashed) container'\''s log]' \
'--all-pods[Every pod of the bot, each line prefixed with \[pod/NAME/CONTAINER\]]' \
'--timestamps[Prefix each line with its timestamp]' \
'(-n --namespace)-A[All namespaces (the default for lists; overrides a namespace from the environment)]' \
'(-n --namespace)--all-namespaces[All namespaces (the default for lists; overrides a namespace from the environment)]' \
'--no-headers[Omit table headers]' \
'-h[Print help (see more with '\''--help'\'')]' \
'--help[Print help (see more with '\''--help'\'')]' \
'-V[Print version]' \
'--version[Print version]' \
':bot -- The bot (NAME or NAMESPACE/NAME):_default' \
&& ret=0
;;
(version)
_arguments "${_arguments_options[@]}" : \
'--kubeconfig=[Path to the kubeconfig file (overrides KUBECONFIG)]:PATH:_files' \
'--context=[The kubeconfig context to use]:NAME:_default' \
'-n+[Only this namespace (default\: all namespaces)]:NS:_default' \
'--namespace=[Only this namespace (default\: all namespaces)]:NS:_default' \
'--request-timeout=[How long to wait for each API request (e.g. 5s, 1m; 0 waits forever)]:DURATION:_default' \
'-o+[Output format]:OUTPUT:(table wide json yaml)' \
'--output=[Output format]:OUTPUT:(table wide json yaml)' \
'--chunk-size=[Items per LIST page (0 fetches each list in one response)]:N:_default' \
'(-n --namespace)-A[All namespaces (the default for lists; overrides a namespace from the environment)]' \
'(-n --namespace)--all-namespaces[All namespaces (the default for lists; overrides a namespace from the environment)]' \
'--no-headers[Omit table headers]' \
'-h[Print help (see more with '\''--help'\'')]' \
'--help[Print help (see more with '\''--help'\'')]' \
'-V[Print version]' \
'--version[Print version]' \
&& ret=0
;;
(completion)
_arguments "${_arguments_options[@]}" : \
'--kubeconfig=[Path to the kubeconfig file (overrides KUBECONFIG)]:PATH:_files' \
'--context=[The kubeconfig context to use]:NAME:_default' \
'-n+[Only this namespace (default\: all namespaces)]:NS:_default' \
'--namespace=[Only this namespace (default\: all namespaces)]:NS:_default' \
'--request-timeout=[How long to wait for each API request (e.g. 5s, 1m; 0 waits forever)]:DURATION:_default' \
'-o+[Output format]:OUTPUT:(table wide json yaml)' \
'--output=[Output format]:OUTPUT:(table wide json yaml)' \
'--chunk-size=[Items per LIST page (0 fetches each list in one response)]:N:_default' \
'(-n --namespace)-A[All namespaces (the default for lists; overrides a namespace from the environment)]' \
'(-n --namespace)--all-namespaces[All namespaces (the default for lists; overrides a namespace from the environment)]' \
'--no-headers[Omit table headers]' \
'-h[Print help (see more with '\''--help'\'')]' \
'--help[Print help (see more with '\''--help'\'')]' \
'-V[Print version]' \
'--version[Print version]' \
':shell:(bash elvish fish powershell zsh)' \
&& ret=0
;;
        esac
    ;;
esac
}

(( $+functions[_kubectl-claw_commands] )) ||
_kubectl-claw_commands() {
    local commands; commands=(
'status:The control plane and every bot\: release state, pods, restarts, chart' \
'bots:List bots, or show the named ones' \
'health:Probe the control plane'\''s and each bot'\''s health endpoint; exit 1 unless all are healthy' \
'events:Events of ClawMachine'\''s namespaces, or of one bot'\''s objects, oldest first' \
'top:CPU and memory per bot against requests and limits (needs metrics-server)' \
'logs:A bot'\''s logs\: its own container, not its database'\''s' \
'version:Print the plugin'\''s version' \
'completion:Print a shell completion script (bash, zsh, fish, powershell)' \
    )
    _describe -t commands 'kubectl-claw commands' commands "$@"
}
(( $+functions[_kubectl-claw__subcmd__bots_commands] )) ||
_kubectl-claw__subcmd__bots_commands() {
    local commands; commands=()
    _describe -t commands 'kubectl-claw bots commands' commands "$@"
}
(( $+functions[_kubectl-claw__subcmd__completion_commands] )) ||
_kubectl-claw__subcmd__completion_commands() {
    local commands; commands=()
    _describe -t commands 'kubectl-claw completion commands' commands "$@"
}
(( $+functions[_kubectl-claw__subcmd__events_commands] )) ||
_kubectl-claw__subcmd__events_commands() {
    local commands; commands=()
    _describe -t commands 'kubectl-claw events commands' commands "$@"
}
(( $+functions[_kubectl-claw__subcmd__health_commands] )) ||
_kubectl-claw__subcmd__health_commands() {
    local commands; commands=()
    _describe -t commands 'kubectl-claw health commands' commands "$@"
}
(( $+functions[_kubectl-claw__subcmd__logs_commands] )) ||
_kubectl-claw__subcmd__logs_commands() {
    local commands; commands=()
    _describe -t commands 'kubectl-claw logs commands' commands "$@"
}
(( $+functions[_kubectl-claw__subcmd__status_commands] )) ||
_kubectl-claw__subcmd__status_commands() {
    local commands; commands=()
    _describe -t commands 'kubectl-claw status commands' commands "$@"
}
(( $+functions[_kubectl-claw__subcmd__top_commands] )) ||
_kubectl-claw__subcmd__top_commands() {
    local commands; commands=()
    _describe -t commands 'kubectl-claw top commands' commands "$@"
}
(( $+functions[_kubectl-claw__subcmd__version_commands] )) ||
_kubectl-claw__subcmd__version_commands() {
    local commands; commands=()
    _describe -t commands 'kubectl-claw version commands' commands "$@"
}

if [ "$funcstack[1]" = "_kubectl-claw" ]; then
    _kubectl-claw "$@"
else
    compdef _kubectl-claw kubectl-claw
fi
