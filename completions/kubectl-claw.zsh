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
'*--context=[The kubeconfig context to use; several (a,b or repeated) for status, bots, health, doctor and events, which then show every cluster in one view]:NAME:_default' \
'-n+[Only this namespace (default\: all namespaces)]:NS:_default' \
'--namespace=[Only this namespace (default\: all namespaces)]:NS:_default' \
'--request-timeout=[How long to wait for each API request (e.g. 5s, 1m; 0 waits forever)]:DURATION:_default' \
'-o+[Output format]:OUTPUT:(table wide json yaml)' \
'--output=[Output format]:OUTPUT:(table wide json yaml)' \
'--helm-driver=[Where Helm keeps releases\: secrets (default) or configmap \[env\: HELM_DRIVER\]]:DRIVER:_default' \
'--chunk-size=[Items per LIST page (0 fetches each list in one response)]:N:_default' \
'(--context)--all-contexts[Every context of the kubeconfig (status, bots, health, doctor, events)]' \
'(-n --namespace)-A[All namespaces (the default for lists; overrides a namespace from the environment)]' \
'(-n --namespace)--all-namespaces[All namespaces (the default for lists; overrides a namespace from the environment)]' \
'--no-headers[Omit table headers]' \
'-v[Log each API request on stderr (method, URL, status, time, size; never credentials)]' \
'--verbose[Log each API request on stderr (method, URL, status, time, size; never credentials)]' \
'--no-cache[Neither read nor write the cache of decoded releases (\$XDG_CACHE_HOME/claw)]' \
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
'-l+[Only bots whose workloads match this label selector (e.g. clawmachine.dev/bot-type=picoclaw)]:SELECTOR:_default' \
'--selector=[Only bots whose workloads match this label selector (e.g. clawmachine.dev/bot-type=picoclaw)]:SELECTOR:_default' \
'--probe-timeout=[How long each health probe may take (short, so no hung bot holds the table up; \`health\` waits 5s)]:DURATION:_default' \
'--probe-concurrency=[How many health probes run at once]:N:_default' \
'(--chart)--chart-repo=[Take charts from this repository\: oci\://REGISTRY/PATH or an HTTP Helm repository URL (default\: the charts embedded in claw)]:URL:_default' \
'--version=[The chart version to take from the repository (default\: the newest)]:VERSION:_default' \
'--chart=[A local chart instead\: a chart directory, a .tgz archive, or a directory holding one per chart]:DIR|TGZ:_files' \
'--ca-file=[Verify the repository'\''s certificate with this CA bundle]:FILE:_files' \
'--kubeconfig=[Path to the kubeconfig file (overrides KUBECONFIG)]:PATH:_files' \
'*--context=[The kubeconfig context to use; several (a,b or repeated) for status, bots, health, doctor and events, which then show every cluster in one view]:NAME:_default' \
'-n+[Only this namespace (default\: all namespaces)]:NS:_default' \
'--namespace=[Only this namespace (default\: all namespaces)]:NS:_default' \
'--request-timeout=[How long to wait for each API request (e.g. 5s, 1m; 0 waits forever)]:DURATION:_default' \
'-o+[Output format]:OUTPUT:(table wide json yaml)' \
'--output=[Output format]:OUTPUT:(table wide json yaml)' \
'--helm-driver=[Where Helm keeps releases\: secrets (default) or configmap \[env\: HELM_DRIVER\]]:DRIVER:_default' \
'--chunk-size=[Items per LIST page (0 fetches each list in one response)]:N:_default' \
'--all[Include releases uninstalled with --keep-history]' \
'--no-probe[Skip the health probes (the HEALTH column shows -)]' \
'-w[Keep watching\: redraw when releases, pods or Deployments change (Ctrl-C to stop; no health probes, no infrastructure table)]' \
'--watch[Keep watching\: redraw when releases, pods or Deployments change (Ctrl-C to stop; no health probes, no infrastructure table)]' \
'--devel[Count pre-release versions as the newest too (as Helm'\''s --devel)]' \
'--plain-http[Reach the repository over plain HTTP (an OCI registry without TLS)]' \
'--insecure-skip-tls-verify[Do not verify the repository'\''s certificate]' \
'(--context)--all-contexts[Every context of the kubeconfig (status, bots, health, doctor, events)]' \
'(-n --namespace)-A[All namespaces (the default for lists; overrides a namespace from the environment)]' \
'(-n --namespace)--all-namespaces[All namespaces (the default for lists; overrides a namespace from the environment)]' \
'--no-headers[Omit table headers]' \
'-v[Log each API request on stderr (method, URL, status, time, size; never credentials)]' \
'--verbose[Log each API request on stderr (method, URL, status, time, size; never credentials)]' \
'--no-cache[Neither read nor write the cache of decoded releases (\$XDG_CACHE_HOME/claw)]' \
'-h[Print help (see more with '\''--help'\'')]' \
'--help[Print help (see more with '\''--help'\'')]' \
&& ret=0
;;
(bots)
_arguments "${_arguments_options[@]}" : \
'*-t+[Only bots of these types]:TYPES:(openclaw picoclaw ironclaw busybox)' \
'*--type=[Only bots of these types]:TYPES:(openclaw picoclaw ironclaw busybox)' \
'-l+[Only bots whose workloads match this label selector]:SELECTOR:_default' \
'--selector=[Only bots whose workloads match this label selector]:SELECTOR:_default' \
'(--chart)--chart-repo=[Take charts from this repository\: oci\://REGISTRY/PATH or an HTTP Helm repository URL (default\: the charts embedded in claw)]:URL:_default' \
'--version=[The chart version to take from the repository (default\: the newest)]:VERSION:_default' \
'--chart=[A local chart instead\: a chart directory, a .tgz archive, or a directory holding one per chart]:DIR|TGZ:_files' \
'--ca-file=[Verify the repository'\''s certificate with this CA bundle]:FILE:_files' \
'--kubeconfig=[Path to the kubeconfig file (overrides KUBECONFIG)]:PATH:_files' \
'*--context=[The kubeconfig context to use; several (a,b or repeated) for status, bots, health, doctor and events, which then show every cluster in one view]:NAME:_default' \
'-n+[Only this namespace (default\: all namespaces)]:NS:_default' \
'--namespace=[Only this namespace (default\: all namespaces)]:NS:_default' \
'--request-timeout=[How long to wait for each API request (e.g. 5s, 1m; 0 waits forever)]:DURATION:_default' \
'-o+[Output format]:OUTPUT:(table wide json yaml)' \
'--output=[Output format]:OUTPUT:(table wide json yaml)' \
'--helm-driver=[Where Helm keeps releases\: secrets (default) or configmap \[env\: HELM_DRIVER\]]:DRIVER:_default' \
'--chunk-size=[Items per LIST page (0 fetches each list in one response)]:N:_default' \
'--all[Include releases uninstalled with --keep-history]' \
'-w[Keep watching\: redraw when releases, pods or Deployments change (Ctrl-C to stop)]' \
'--watch[Keep watching\: redraw when releases, pods or Deployments change (Ctrl-C to stop)]' \
'--devel[Count pre-release versions as the newest too (as Helm'\''s --devel)]' \
'--plain-http[Reach the repository over plain HTTP (an OCI registry without TLS)]' \
'--insecure-skip-tls-verify[Do not verify the repository'\''s certificate]' \
'(--context)--all-contexts[Every context of the kubeconfig (status, bots, health, doctor, events)]' \
'(-n --namespace)-A[All namespaces (the default for lists; overrides a namespace from the environment)]' \
'(-n --namespace)--all-namespaces[All namespaces (the default for lists; overrides a namespace from the environment)]' \
'--no-headers[Omit table headers]' \
'-v[Log each API request on stderr (method, URL, status, time, size; never credentials)]' \
'--verbose[Log each API request on stderr (method, URL, status, time, size; never credentials)]' \
'--no-cache[Neither read nor write the cache of decoded releases (\$XDG_CACHE_HOME/claw)]' \
'-h[Print help (see more with '\''--help'\'')]' \
'--help[Print help (see more with '\''--help'\'')]' \
'*::names -- Bot (release) names, or NAMESPACE/NAME:_default' \
&& ret=0
;;
(health)
_arguments "${_arguments_options[@]}" : \
'--timeout=[How long each probe may take]:DURATION:_default' \
'--concurrency=[How many probes run at once]:N:_default' \
'--kubeconfig=[Path to the kubeconfig file (overrides KUBECONFIG)]:PATH:_files' \
'*--context=[The kubeconfig context to use; several (a,b or repeated) for status, bots, health, doctor and events, which then show every cluster in one view]:NAME:_default' \
'-n+[Only this namespace (default\: all namespaces)]:NS:_default' \
'--namespace=[Only this namespace (default\: all namespaces)]:NS:_default' \
'--request-timeout=[How long to wait for each API request (e.g. 5s, 1m; 0 waits forever)]:DURATION:_default' \
'-o+[Output format]:OUTPUT:(table wide json yaml)' \
'--output=[Output format]:OUTPUT:(table wide json yaml)' \
'--helm-driver=[Where Helm keeps releases\: secrets (default) or configmap \[env\: HELM_DRIVER\]]:DRIVER:_default' \
'--chunk-size=[Items per LIST page (0 fetches each list in one response)]:N:_default' \
'(--context)--all-contexts[Every context of the kubeconfig (status, bots, health, doctor, events)]' \
'(-n --namespace)-A[All namespaces (the default for lists; overrides a namespace from the environment)]' \
'(-n --namespace)--all-namespaces[All namespaces (the default for lists; overrides a namespace from the environment)]' \
'--no-headers[Omit table headers]' \
'-v[Log each API request on stderr (method, URL, status, time, size; never credentials)]' \
'--verbose[Log each API request on stderr (method, URL, status, time, size; never credentials)]' \
'--no-cache[Neither read nor write the cache of decoded releases (\$XDG_CACHE_HOME/claw)]' \
'-h[Print help (see more with '\''--help'\'')]' \
'--help[Print help (see more with '\''--help'\'')]' \
'*::names -- Bot (release) names, or NAMESPACE/NAME (default\: the control plane and every bot):_default' \
&& ret=0
;;
(events)
_arguments "${_arguments_options[@]}" : \
'*--types=[Only these event types]:TYPE:(normal warning)' \
'--since=[Only events newer than this (e.g. 10m, 2h)]:DURATION:_default' \
'--kubeconfig=[Path to the kubeconfig file (overrides KUBECONFIG)]:PATH:_files' \
'*--context=[The kubeconfig context to use; several (a,b or repeated) for status, bots, health, doctor and events, which then show every cluster in one view]:NAME:_default' \
'-n+[Only this namespace (default\: all namespaces)]:NS:_default' \
'--namespace=[Only this namespace (default\: all namespaces)]:NS:_default' \
'--request-timeout=[How long to wait for each API request (e.g. 5s, 1m; 0 waits forever)]:DURATION:_default' \
'-o+[Output format]:OUTPUT:(table wide json yaml)' \
'--output=[Output format]:OUTPUT:(table wide json yaml)' \
'--helm-driver=[Where Helm keeps releases\: secrets (default) or configmap \[env\: HELM_DRIVER\]]:DRIVER:_default' \
'--chunk-size=[Items per LIST page (0 fetches each list in one response)]:N:_default' \
'-w[After listing, stream new and updated events until interrupted]' \
'--watch[After listing, stream new and updated events until interrupted]' \
'(--context)--all-contexts[Every context of the kubeconfig (status, bots, health, doctor, events)]' \
'(-n --namespace)-A[All namespaces (the default for lists; overrides a namespace from the environment)]' \
'(-n --namespace)--all-namespaces[All namespaces (the default for lists; overrides a namespace from the environment)]' \
'--no-headers[Omit table headers]' \
'-v[Log each API request on stderr (method, URL, status, time, size; never credentials)]' \
'--verbose[Log each API request on stderr (method, URL, status, time, size; never credentials)]' \
'--no-cache[Neither read nor write the cache of decoded releases (\$XDG_CACHE_HOME/claw)]' \
'-h[Print help (see more with '\''--help'\'')]' \
'--help[Print help (see more with '\''--help'\'')]' \
'::bot -- Only the events of this bot'\''s objects (NAME or NAMESPACE/NAME):_default' \
&& ret=0
;;
(top)
_arguments "${_arguments_options[@]}" : \
'--kubeconfig=[Path to the kubeconfig file (overrides KUBECONFIG)]:PATH:_files' \
'*--context=[The kubeconfig context to use; several (a,b or repeated) for status, bots, health, doctor and events, which then show every cluster in one view]:NAME:_default' \
'-n+[Only this namespace (default\: all namespaces)]:NS:_default' \
'--namespace=[Only this namespace (default\: all namespaces)]:NS:_default' \
'--request-timeout=[How long to wait for each API request (e.g. 5s, 1m; 0 waits forever)]:DURATION:_default' \
'-o+[Output format]:OUTPUT:(table wide json yaml)' \
'--output=[Output format]:OUTPUT:(table wide json yaml)' \
'--helm-driver=[Where Helm keeps releases\: secrets (default) or configmap \[env\: HELM_DRIVER\]]:DRIVER:_default' \
'--chunk-size=[Items per LIST page (0 fetches each list in one response)]:N:_default' \
'(--context)--all-contexts[Every context of the kubeconfig (status, bots, health, doctor, events)]' \
'(-n --namespace)-A[All namespaces (the default for lists; overrides a namespace from the environment)]' \
'(-n --namespace)--all-namespaces[All namespaces (the default for lists; overrides a namespace from the environment)]' \
'--no-headers[Omit table headers]' \
'-v[Log each API request on stderr (method, URL, status, time, size; never credentials)]' \
'--verbose[Log each API request on stderr (method, URL, status, time, size; never credentials)]' \
'--no-cache[Neither read nor write the cache of decoded releases (\$XDG_CACHE_HOME/claw)]' \
'-h[Print help (see more with '\''--help'\'')]' \
'--help[Print help (see more with '\''--help'\'')]' \
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
'*--context=[The kubeconfig context to use; several (a,b or repeated) for status, bots, health, doctor and events, which then show every cluster in one view]:NAME:_default' \
'-n+[Only this namespace (default\: all namespaces)]:NS:_default' \
'--namespace=[Only this namespace (default\: all namespaces)]:NS:_default' \
'--request-timeout=[How long to wait for each API request (e.g. 5s, 1m; 0 waits forever)]:DURATION:_default' \
'-o+[Output format]:OUTPUT:(table wide json yaml)' \
'--output=[Output format]:OUTPUT:(table wide json yaml)' \
'--helm-driver=[Where Helm keeps releases\: secrets (default) or configmap \[env\: HELM_DRIVER\]]:DRIVER:_default' \
'--chunk-size=[Items per LIST page (0 fetches each list in one response)]:N:_default' \
'-f[Keep streaming new lines]' \
'--follow[Keep streaming new lines]' \
'-p[The previous (crashed) container'\''s log]' \
'--previous[The previous (crashed) container'\''s log]' \
'--all-pods[Every pod of the bot, each line prefixed with \[pod/NAME/CONTAINER\]]' \
'--timestamps[Prefix each line with its timestamp]' \
'(--context)--all-contexts[Every context of the kubeconfig (status, bots, health, doctor, events)]' \
'(-n --namespace)-A[All namespaces (the default for lists; overrides a namespace from the environment)]' \
'(-n --namespace)--all-namespaces[All namespaces (the default for lists; overrides a namespace from the environment)]' \
'--no-headers[Omit table headers]' \
'-v[Log each API request on stderr (method, URL, status, time, size; never credentials)]' \
'--verbose[Log each API request on stderr (method, URL, status, time, size; never credentials)]' \
'--no-cache[Neither read nor write the cache of decoded releases (\$XDG_CACHE_HOME/claw)]' \
'-h[Print help (see more with '\''--help'\'')]' \
'--help[Print help (see more with '\''--help'\'')]' \
':bot -- The bot (NAME or NAMESPACE/NAME):_default' \
&& ret=0
;;
(doctor)
_arguments "${_arguments_options[@]}" : \
'--velero-namespace=[The namespace Velero runs in (for the bot volumes'\'' backups)]:NS:_default' \
'(--chart)--chart-repo=[Take charts from this repository\: oci\://REGISTRY/PATH or an HTTP Helm repository URL (default\: the charts embedded in claw)]:URL:_default' \
'--version=[The chart version to take from the repository (default\: the newest)]:VERSION:_default' \
'--chart=[A local chart instead\: a chart directory, a .tgz archive, or a directory holding one per chart]:DIR|TGZ:_files' \
'--ca-file=[Verify the repository'\''s certificate with this CA bundle]:FILE:_files' \
'--kubeconfig=[Path to the kubeconfig file (overrides KUBECONFIG)]:PATH:_files' \
'*--context=[The kubeconfig context to use; several (a,b or repeated) for status, bots, health, doctor and events, which then show every cluster in one view]:NAME:_default' \
'-n+[Only this namespace (default\: all namespaces)]:NS:_default' \
'--namespace=[Only this namespace (default\: all namespaces)]:NS:_default' \
'--request-timeout=[How long to wait for each API request (e.g. 5s, 1m; 0 waits forever)]:DURATION:_default' \
'-o+[Output format]:OUTPUT:(table wide json yaml)' \
'--output=[Output format]:OUTPUT:(table wide json yaml)' \
'--helm-driver=[Where Helm keeps releases\: secrets (default) or configmap \[env\: HELM_DRIVER\]]:DRIVER:_default' \
'--chunk-size=[Items per LIST page (0 fetches each list in one response)]:N:_default' \
'--devel[Count pre-release versions as the newest too (as Helm'\''s --devel)]' \
'--plain-http[Reach the repository over plain HTTP (an OCI registry without TLS)]' \
'--insecure-skip-tls-verify[Do not verify the repository'\''s certificate]' \
'(--context)--all-contexts[Every context of the kubeconfig (status, bots, health, doctor, events)]' \
'(-n --namespace)-A[All namespaces (the default for lists; overrides a namespace from the environment)]' \
'(-n --namespace)--all-namespaces[All namespaces (the default for lists; overrides a namespace from the environment)]' \
'--no-headers[Omit table headers]' \
'-v[Log each API request on stderr (method, URL, status, time, size; never credentials)]' \
'--verbose[Log each API request on stderr (method, URL, status, time, size; never credentials)]' \
'--no-cache[Neither read nor write the cache of decoded releases (\$XDG_CACHE_HOME/claw)]' \
'-h[Print help (see more with '\''--help'\'')]' \
'--help[Print help (see more with '\''--help'\'')]' \
&& ret=0
;;
(upgrade)
_arguments "${_arguments_options[@]}" : \
'*-f+[A values file (repeatable; later files win)]:FILE:_files' \
'*--values=[A values file (repeatable; later files win)]:FILE:_files' \
'*--set=[A value on the command line, KEY=VALUE (repeatable)]:KEY=VALUE:_default' \
'--timeout=[How long Helm waits (e.g. 5m)]:DURATION:_default' \
'(--chart)--chart-repo=[Take charts from this repository\: oci\://REGISTRY/PATH or an HTTP Helm repository URL (default\: the charts embedded in claw)]:URL:_default' \
'--version=[The chart version to take from the repository (default\: the newest)]:VERSION:_default' \
'--chart=[A local chart instead\: a chart directory, a .tgz archive, or a directory holding one per chart]:DIR|TGZ:_files' \
'--ca-file=[Verify the repository'\''s certificate with this CA bundle]:FILE:_files' \
'--kubeconfig=[Path to the kubeconfig file (overrides KUBECONFIG)]:PATH:_files' \
'*--context=[The kubeconfig context to use; several (a,b or repeated) for status, bots, health, doctor and events, which then show every cluster in one view]:NAME:_default' \
'-n+[Only this namespace (default\: all namespaces)]:NS:_default' \
'--namespace=[Only this namespace (default\: all namespaces)]:NS:_default' \
'--request-timeout=[How long to wait for each API request (e.g. 5s, 1m; 0 waits forever)]:DURATION:_default' \
'-o+[Output format]:OUTPUT:(table wide json yaml)' \
'--output=[Output format]:OUTPUT:(table wide json yaml)' \
'--helm-driver=[Where Helm keeps releases\: secrets (default) or configmap \[env\: HELM_DRIVER\]]:DRIVER:_default' \
'--chunk-size=[Items per LIST page (0 fetches each list in one response)]:N:_default' \
'--all-bots[Upgrade every bot]' \
'--force[Upgrade even a downgrade, a no-op, bots past an older control plane, or what the safety plan refuses]' \
'--dry-run[Print the plan (objects added, removed, changed; refusals); change nothing]' \
'--diff[Show the manifest diff (Secret data redacted); with --dry-run, nothing changes]' \
'--rollback-on-failure[Roll back a failed upgrade (Helm 3 --atomic, Helm 4 --rollback-on-failure)]' \
'--wait[Wait until the release'\''s resources are ready]' \
'--devel[Count pre-release versions as the newest too (as Helm'\''s --devel)]' \
'--plain-http[Reach the repository over plain HTTP (an OCI registry without TLS)]' \
'--insecure-skip-tls-verify[Do not verify the repository'\''s certificate]' \
'(--context)--all-contexts[Every context of the kubeconfig (status, bots, health, doctor, events)]' \
'(-n --namespace)-A[All namespaces (the default for lists; overrides a namespace from the environment)]' \
'(-n --namespace)--all-namespaces[All namespaces (the default for lists; overrides a namespace from the environment)]' \
'--no-headers[Omit table headers]' \
'-v[Log each API request on stderr (method, URL, status, time, size; never credentials)]' \
'--verbose[Log each API request on stderr (method, URL, status, time, size; never credentials)]' \
'--no-cache[Neither read nor write the cache of decoded releases (\$XDG_CACHE_HOME/claw)]' \
'-h[Print help (see more with '\''--help'\'')]' \
'--help[Print help (see more with '\''--help'\'')]' \
'*::names -- Bots to upgrade (default\: the control plane only):_default' \
&& ret=0
;;
(install)
_arguments "${_arguments_options[@]}" : \
'*-f+[A values file (repeatable; later files win)]:FILE:_files' \
'*--values=[A values file (repeatable; later files win)]:FILE:_files' \
'*--set=[A value on the command line, KEY=VALUE (repeatable)]:KEY=VALUE:_default' \
'--timeout=[How long Helm waits (e.g. 5m)]:DURATION:_default' \
'(--chart)--chart-repo=[Take charts from this repository\: oci\://REGISTRY/PATH or an HTTP Helm repository URL (default\: the charts embedded in claw)]:URL:_default' \
'--version=[The chart version to take from the repository (default\: the newest)]:VERSION:_default' \
'--chart=[A local chart instead\: a chart directory, a .tgz archive, or a directory holding one per chart]:DIR|TGZ:_files' \
'--ca-file=[Verify the repository'\''s certificate with this CA bundle]:FILE:_files' \
'--kubeconfig=[Path to the kubeconfig file (overrides KUBECONFIG)]:PATH:_files' \
'*--context=[The kubeconfig context to use; several (a,b or repeated) for status, bots, health, doctor and events, which then show every cluster in one view]:NAME:_default' \
'-n+[Only this namespace (default\: all namespaces)]:NS:_default' \
'--namespace=[Only this namespace (default\: all namespaces)]:NS:_default' \
'--request-timeout=[How long to wait for each API request (e.g. 5s, 1m; 0 waits forever)]:DURATION:_default' \
'-o+[Output format]:OUTPUT:(table wide json yaml)' \
'--output=[Output format]:OUTPUT:(table wide json yaml)' \
'--helm-driver=[Where Helm keeps releases\: secrets (default) or configmap \[env\: HELM_DRIVER\]]:DRIVER:_default' \
'--chunk-size=[Items per LIST page (0 fetches each list in one response)]:N:_default' \
'--dry-run[Print what would be run; change nothing]' \
'--wait[Wait until the release'\''s resources are ready]' \
'--devel[Count pre-release versions as the newest too (as Helm'\''s --devel)]' \
'--plain-http[Reach the repository over plain HTTP (an OCI registry without TLS)]' \
'--insecure-skip-tls-verify[Do not verify the repository'\''s certificate]' \
'(--context)--all-contexts[Every context of the kubeconfig (status, bots, health, doctor, events)]' \
'(-n --namespace)-A[All namespaces (the default for lists; overrides a namespace from the environment)]' \
'(-n --namespace)--all-namespaces[All namespaces (the default for lists; overrides a namespace from the environment)]' \
'--no-headers[Omit table headers]' \
'-v[Log each API request on stderr (method, URL, status, time, size; never credentials)]' \
'--verbose[Log each API request on stderr (method, URL, status, time, size; never credentials)]' \
'--no-cache[Neither read nor write the cache of decoded releases (\$XDG_CACHE_HOME/claw)]' \
'-h[Print help (see more with '\''--help'\'')]' \
'--help[Print help (see more with '\''--help'\'')]' \
':chart -- The chart\: a bot type, or clawmachine for the control plane:(openclaw picoclaw ironclaw busybox clawmachine)' \
':name -- The release name:_default' \
&& ret=0
;;
(uninstall)
_arguments "${_arguments_options[@]}" : \
'--kubeconfig=[Path to the kubeconfig file (overrides KUBECONFIG)]:PATH:_files' \
'*--context=[The kubeconfig context to use; several (a,b or repeated) for status, bots, health, doctor and events, which then show every cluster in one view]:NAME:_default' \
'-n+[Only this namespace (default\: all namespaces)]:NS:_default' \
'--namespace=[Only this namespace (default\: all namespaces)]:NS:_default' \
'--request-timeout=[How long to wait for each API request (e.g. 5s, 1m; 0 waits forever)]:DURATION:_default' \
'-o+[Output format]:OUTPUT:(table wide json yaml)' \
'--output=[Output format]:OUTPUT:(table wide json yaml)' \
'--helm-driver=[Where Helm keeps releases\: secrets (default) or configmap \[env\: HELM_DRIVER\]]:DRIVER:_default' \
'--chunk-size=[Items per LIST page (0 fetches each list in one response)]:N:_default' \
'(--all)--control-plane[Uninstall the control plane (bots keep running)]' \
'--all[Uninstall every bot, then the control plane]' \
'--purge-namespace[With --all\: then delete the control plane'\''s namespace]' \
'-y[Do not ask before deleting]' \
'--yes[Do not ask before deleting]' \
'(--context)--all-contexts[Every context of the kubeconfig (status, bots, health, doctor, events)]' \
'(-n --namespace)-A[All namespaces (the default for lists; overrides a namespace from the environment)]' \
'(-n --namespace)--all-namespaces[All namespaces (the default for lists; overrides a namespace from the environment)]' \
'--no-headers[Omit table headers]' \
'-v[Log each API request on stderr (method, URL, status, time, size; never credentials)]' \
'--verbose[Log each API request on stderr (method, URL, status, time, size; never credentials)]' \
'--no-cache[Neither read nor write the cache of decoded releases (\$XDG_CACHE_HOME/claw)]' \
'-h[Print help (see more with '\''--help'\'')]' \
'--help[Print help (see more with '\''--help'\'')]' \
'*::names -- Bots to uninstall:_default' \
&& ret=0
;;
(backup)
_arguments "${_arguments_options[@]}" : \
'--velero-namespace=[The namespace Velero runs in]:NS:_default' \
'--snapshot-volumes=[Take snapshots of the volumes (default\: Velero'\''s own setting)]::BOOL:(true false)' \
'--ttl=[How long Velero keeps the backups (e.g. 720h; default\: Velero'\''s 30 days)]:DURATION:_default' \
'--storage-location=[The BackupStorageLocation to write to (default\: Velero'\''s default)]:NAME:_default' \
'--kubeconfig=[Path to the kubeconfig file (overrides KUBECONFIG)]:PATH:_files' \
'*--context=[The kubeconfig context to use; several (a,b or repeated) for status, bots, health, doctor and events, which then show every cluster in one view]:NAME:_default' \
'-n+[Only this namespace (default\: all namespaces)]:NS:_default' \
'--namespace=[Only this namespace (default\: all namespaces)]:NS:_default' \
'--request-timeout=[How long to wait for each API request (e.g. 5s, 1m; 0 waits forever)]:DURATION:_default' \
'-o+[Output format]:OUTPUT:(table wide json yaml)' \
'--output=[Output format]:OUTPUT:(table wide json yaml)' \
'--helm-driver=[Where Helm keeps releases\: secrets (default) or configmap \[env\: HELM_DRIVER\]]:DRIVER:_default' \
'--chunk-size=[Items per LIST page (0 fetches each list in one response)]:N:_default' \
'--include-secrets[Write secret values as they are (default\: redacted)]' \
'--velero[Also create Velero Backups (velero.io/v1) of the bots'\'' namespaces and volumes]' \
'--default-volumes-to-fs-backup[Back every volume up with file-system backup (no snapshot support needed)]' \
'--wait[Wait until Velero has finished the backups, showing their phases]' \
'(--context)--all-contexts[Every context of the kubeconfig (status, bots, health, doctor, events)]' \
'(-n --namespace)-A[All namespaces (the default for lists; overrides a namespace from the environment)]' \
'(-n --namespace)--all-namespaces[All namespaces (the default for lists; overrides a namespace from the environment)]' \
'--no-headers[Omit table headers]' \
'-v[Log each API request on stderr (method, URL, status, time, size; never credentials)]' \
'--verbose[Log each API request on stderr (method, URL, status, time, size; never credentials)]' \
'--no-cache[Neither read nor write the cache of decoded releases (\$XDG_CACHE_HOME/claw)]' \
'-h[Print help (see more with '\''--help'\'')]' \
'--help[Print help (see more with '\''--help'\'')]' \
':dir -- Where to write (created if missing, 0700):_files' \
&& ret=0
;;
(restore)
_arguments "${_arguments_options[@]}" : \
'--values-dir=[Per-release values files, laid out as the backup (NAMESPACE/RELEASE.values.yaml), read over the backed-up values\: where to keep the secrets the backup redacted]:DIR:_files' \
'--velero-namespace=[The namespace Velero runs in (for the volume restore lines)]:NS:_default' \
'*-f+[A values file (repeatable; later files win)]:FILE:_files' \
'*--values=[A values file (repeatable; later files win)]:FILE:_files' \
'*--set=[A value on the command line, KEY=VALUE (repeatable)]:KEY=VALUE:_default' \
'--timeout=[How long Helm waits (e.g. 5m)]:DURATION:_default' \
'(--chart)--chart-repo=[Take charts from this repository\: oci\://REGISTRY/PATH or an HTTP Helm repository URL (default\: the charts embedded in claw)]:URL:_default' \
'--version=[The chart version to take from the repository (default\: the newest)]:VERSION:_default' \
'--chart=[A local chart instead\: a chart directory, a .tgz archive, or a directory holding one per chart]:DIR|TGZ:_files' \
'--ca-file=[Verify the repository'\''s certificate with this CA bundle]:FILE:_files' \
'--kubeconfig=[Path to the kubeconfig file (overrides KUBECONFIG)]:PATH:_files' \
'*--context=[The kubeconfig context to use; several (a,b or repeated) for status, bots, health, doctor and events, which then show every cluster in one view]:NAME:_default' \
'-n+[Only this namespace (default\: all namespaces)]:NS:_default' \
'--namespace=[Only this namespace (default\: all namespaces)]:NS:_default' \
'--request-timeout=[How long to wait for each API request (e.g. 5s, 1m; 0 waits forever)]:DURATION:_default' \
'-o+[Output format]:OUTPUT:(table wide json yaml)' \
'--output=[Output format]:OUTPUT:(table wide json yaml)' \
'--helm-driver=[Where Helm keeps releases\: secrets (default) or configmap \[env\: HELM_DRIVER\]]:DRIVER:_default' \
'--chunk-size=[Items per LIST page (0 fetches each list in one response)]:N:_default' \
'--upgrade[Upgrade releases that already exist to the backed-up values (default\: skip them)]' \
'--force[Go past a downgrade, and past what the upgrade plan refuses (--upgrade)]' \
'--dry-run[Print the plan; change nothing]' \
'--wait[Wait until the release'\''s resources are ready]' \
'--devel[Count pre-release versions as the newest too (as Helm'\''s --devel)]' \
'--plain-http[Reach the repository over plain HTTP (an OCI registry without TLS)]' \
'--insecure-skip-tls-verify[Do not verify the repository'\''s certificate]' \
'(--context)--all-contexts[Every context of the kubeconfig (status, bots, health, doctor, events)]' \
'(-n --namespace)-A[All namespaces (the default for lists; overrides a namespace from the environment)]' \
'(-n --namespace)--all-namespaces[All namespaces (the default for lists; overrides a namespace from the environment)]' \
'--no-headers[Omit table headers]' \
'-v[Log each API request on stderr (method, URL, status, time, size; never credentials)]' \
'--verbose[Log each API request on stderr (method, URL, status, time, size; never credentials)]' \
'--no-cache[Neither read nor write the cache of decoded releases (\$XDG_CACHE_HOME/claw)]' \
'-h[Print help (see more with '\''--help'\'')]' \
'--help[Print help (see more with '\''--help'\'')]' \
':dir -- A directory written by `claw backup`:_files' \
'*::releases -- Only these releases (NAME or NAMESPACE/NAME; default\: all in the backup):_default' \
&& ret=0
;;
(charts)
_arguments "${_arguments_options[@]}" : \
'--kubeconfig=[Path to the kubeconfig file (overrides KUBECONFIG)]:PATH:_files' \
'*--context=[The kubeconfig context to use; several (a,b or repeated) for status, bots, health, doctor and events, which then show every cluster in one view]:NAME:_default' \
'-n+[Only this namespace (default\: all namespaces)]:NS:_default' \
'--namespace=[Only this namespace (default\: all namespaces)]:NS:_default' \
'--request-timeout=[How long to wait for each API request (e.g. 5s, 1m; 0 waits forever)]:DURATION:_default' \
'-o+[Output format]:OUTPUT:(table wide json yaml)' \
'--output=[Output format]:OUTPUT:(table wide json yaml)' \
'--helm-driver=[Where Helm keeps releases\: secrets (default) or configmap \[env\: HELM_DRIVER\]]:DRIVER:_default' \
'--chunk-size=[Items per LIST page (0 fetches each list in one response)]:N:_default' \
'(--context)--all-contexts[Every context of the kubeconfig (status, bots, health, doctor, events)]' \
'(-n --namespace)-A[All namespaces (the default for lists; overrides a namespace from the environment)]' \
'(-n --namespace)--all-namespaces[All namespaces (the default for lists; overrides a namespace from the environment)]' \
'--no-headers[Omit table headers]' \
'-v[Log each API request on stderr (method, URL, status, time, size; never credentials)]' \
'--verbose[Log each API request on stderr (method, URL, status, time, size; never credentials)]' \
'--no-cache[Neither read nor write the cache of decoded releases (\$XDG_CACHE_HOME/claw)]' \
'-h[Print help (see more with '\''--help'\'')]' \
'--help[Print help (see more with '\''--help'\'')]' \
":: :_kubectl-claw__subcmd__charts_commands" \
"*::: :->charts" \
&& ret=0

    case $state in
    (charts)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:kubectl-claw-charts-command-$line[1]:"
        case $line[1] in
            (pull)
_arguments "${_arguments_options[@]}" : \
'-d+[The directory to write into]:DIR:_files' \
'--destination=[The directory to write into]:DIR:_files' \
'--kubeconfig=[Path to the kubeconfig file (overrides KUBECONFIG)]:PATH:_files' \
'*--context=[The kubeconfig context to use; several (a,b or repeated) for status, bots, health, doctor and events, which then show every cluster in one view]:NAME:_default' \
'-n+[Only this namespace (default\: all namespaces)]:NS:_default' \
'--namespace=[Only this namespace (default\: all namespaces)]:NS:_default' \
'--request-timeout=[How long to wait for each API request (e.g. 5s, 1m; 0 waits forever)]:DURATION:_default' \
'-o+[Output format]:OUTPUT:(table wide json yaml)' \
'--output=[Output format]:OUTPUT:(table wide json yaml)' \
'--helm-driver=[Where Helm keeps releases\: secrets (default) or configmap \[env\: HELM_DRIVER\]]:DRIVER:_default' \
'--chunk-size=[Items per LIST page (0 fetches each list in one response)]:N:_default' \
'(--context)--all-contexts[Every context of the kubeconfig (status, bots, health, doctor, events)]' \
'(-n --namespace)-A[All namespaces (the default for lists; overrides a namespace from the environment)]' \
'(-n --namespace)--all-namespaces[All namespaces (the default for lists; overrides a namespace from the environment)]' \
'--no-headers[Omit table headers]' \
'-v[Log each API request on stderr (method, URL, status, time, size; never credentials)]' \
'--verbose[Log each API request on stderr (method, URL, status, time, size; never credentials)]' \
'--no-cache[Neither read nor write the cache of decoded releases (\$XDG_CACHE_HOME/claw)]' \
'-h[Print help (see more with '\''--help'\'')]' \
'--help[Print help (see more with '\''--help'\'')]' \
':chart:(openclaw picoclaw ironclaw busybox clawmachine)' \
&& ret=0
;;
        esac
    ;;
esac
;;
(version)
_arguments "${_arguments_options[@]}" : \
'--kubeconfig=[Path to the kubeconfig file (overrides KUBECONFIG)]:PATH:_files' \
'*--context=[The kubeconfig context to use; several (a,b or repeated) for status, bots, health, doctor and events, which then show every cluster in one view]:NAME:_default' \
'-n+[Only this namespace (default\: all namespaces)]:NS:_default' \
'--namespace=[Only this namespace (default\: all namespaces)]:NS:_default' \
'--request-timeout=[How long to wait for each API request (e.g. 5s, 1m; 0 waits forever)]:DURATION:_default' \
'-o+[Output format]:OUTPUT:(table wide json yaml)' \
'--output=[Output format]:OUTPUT:(table wide json yaml)' \
'--helm-driver=[Where Helm keeps releases\: secrets (default) or configmap \[env\: HELM_DRIVER\]]:DRIVER:_default' \
'--chunk-size=[Items per LIST page (0 fetches each list in one response)]:N:_default' \
'(--context)--all-contexts[Every context of the kubeconfig (status, bots, health, doctor, events)]' \
'(-n --namespace)-A[All namespaces (the default for lists; overrides a namespace from the environment)]' \
'(-n --namespace)--all-namespaces[All namespaces (the default for lists; overrides a namespace from the environment)]' \
'--no-headers[Omit table headers]' \
'-v[Log each API request on stderr (method, URL, status, time, size; never credentials)]' \
'--verbose[Log each API request on stderr (method, URL, status, time, size; never credentials)]' \
'--no-cache[Neither read nor write the cache of decoded releases (\$XDG_CACHE_HOME/claw)]' \
'-h[Print help (see more with '\''--help'\'')]' \
'--help[Print help (see more with '\''--help'\'')]' \
&& ret=0
;;
(completion)
_arguments "${_arguments_options[@]}" : \
'--kubeconfig=[Path to the kubeconfig file (overrides KUBECONFIG)]:PATH:_files' \
'*--context=[The kubeconfig context to use; several (a,b or repeated) for status, bots, health, doctor and events, which then show every cluster in one view]:NAME:_default' \
'-n+[Only this namespace (default\: all namespaces)]:NS:_default' \
'--namespace=[Only this namespace (default\: all namespaces)]:NS:_default' \
'--request-timeout=[How long to wait for each API request (e.g. 5s, 1m; 0 waits forever)]:DURATION:_default' \
'-o+[Output format]:OUTPUT:(table wide json yaml)' \
'--output=[Output format]:OUTPUT:(table wide json yaml)' \
'--helm-driver=[Where Helm keeps releases\: secrets (default) or configmap \[env\: HELM_DRIVER\]]:DRIVER:_default' \
'--chunk-size=[Items per LIST page (0 fetches each list in one response)]:N:_default' \
'(--context)--all-contexts[Every context of the kubeconfig (status, bots, health, doctor, events)]' \
'(-n --namespace)-A[All namespaces (the default for lists; overrides a namespace from the environment)]' \
'(-n --namespace)--all-namespaces[All namespaces (the default for lists; overrides a namespace from the environment)]' \
'--no-headers[Omit table headers]' \
'-v[Log each API request on stderr (method, URL, status, time, size; never credentials)]' \
'--verbose[Log each API request on stderr (method, URL, status, time, size; never credentials)]' \
'--no-cache[Neither read nor write the cache of decoded releases (\$XDG_CACHE_HOME/claw)]' \
'-h[Print help (see more with '\''--help'\'')]' \
'--help[Print help (see more with '\''--help'\'')]' \
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
'doctor:Check the setup\: access, control plane, bots, secrets plumbing, metrics; exit 1 on FAIL' \
'upgrade:Upgrade the control plane (default), named bots, or all bots to the newest charts on offer' \
'install:Install a bot (or the control plane) from an embedded chart or a chart source' \
'uninstall:Uninstall bots, the control plane, or everything, in a safe order' \
'backup:Write each release'\''s values and an index of releases and bot volumes to DIR (--velero\: and back the volumes up with Velero)' \
'restore:Re-create the releases a backup directory describes\: the control plane first, then each bot' \
'charts:List the charts embedded in this build, or write one out' \
'version:Print the plugin'\''s version' \
'completion:Print a shell completion script (bash, zsh, fish, powershell)' \
    )
    _describe -t commands 'kubectl-claw commands' commands "$@"
}
(( $+functions[_kubectl-claw__subcmd__backup_commands] )) ||
_kubectl-claw__subcmd__backup_commands() {
    local commands; commands=()
    _describe -t commands 'kubectl-claw backup commands' commands "$@"
}
(( $+functions[_kubectl-claw__subcmd__bots_commands] )) ||
_kubectl-claw__subcmd__bots_commands() {
    local commands; commands=()
    _describe -t commands 'kubectl-claw bots commands' commands "$@"
}
(( $+functions[_kubectl-claw__subcmd__charts_commands] )) ||
_kubectl-claw__subcmd__charts_commands() {
    local commands; commands=(
'pull:Write an embedded chart'\''s archive (NAME-VERSION.tgz)' \
    )
    _describe -t commands 'kubectl-claw charts commands' commands "$@"
}
(( $+functions[_kubectl-claw__subcmd__charts__subcmd__pull_commands] )) ||
_kubectl-claw__subcmd__charts__subcmd__pull_commands() {
    local commands; commands=()
    _describe -t commands 'kubectl-claw charts pull commands' commands "$@"
}
(( $+functions[_kubectl-claw__subcmd__completion_commands] )) ||
_kubectl-claw__subcmd__completion_commands() {
    local commands; commands=()
    _describe -t commands 'kubectl-claw completion commands' commands "$@"
}
(( $+functions[_kubectl-claw__subcmd__doctor_commands] )) ||
_kubectl-claw__subcmd__doctor_commands() {
    local commands; commands=()
    _describe -t commands 'kubectl-claw doctor commands' commands "$@"
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
(( $+functions[_kubectl-claw__subcmd__install_commands] )) ||
_kubectl-claw__subcmd__install_commands() {
    local commands; commands=()
    _describe -t commands 'kubectl-claw install commands' commands "$@"
}
(( $+functions[_kubectl-claw__subcmd__logs_commands] )) ||
_kubectl-claw__subcmd__logs_commands() {
    local commands; commands=()
    _describe -t commands 'kubectl-claw logs commands' commands "$@"
}
(( $+functions[_kubectl-claw__subcmd__restore_commands] )) ||
_kubectl-claw__subcmd__restore_commands() {
    local commands; commands=()
    _describe -t commands 'kubectl-claw restore commands' commands "$@"
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
(( $+functions[_kubectl-claw__subcmd__uninstall_commands] )) ||
_kubectl-claw__subcmd__uninstall_commands() {
    local commands; commands=()
    _describe -t commands 'kubectl-claw uninstall commands' commands "$@"
}
(( $+functions[_kubectl-claw__subcmd__upgrade_commands] )) ||
_kubectl-claw__subcmd__upgrade_commands() {
    local commands; commands=()
    _describe -t commands 'kubectl-claw upgrade commands' commands "$@"
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
