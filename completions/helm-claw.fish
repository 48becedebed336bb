# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_helm_claw_global_optspecs
    string join \n kubeconfig= context= all-contexts n/namespace= A/all-namespaces request-timeout= o/output= no-headers helm-driver= v/verbose no-cache chunk-size= h/help V/version
end

function __fish_helm_claw_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_helm_claw_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_helm_claw_using_subcommand
    set -l cmd (__fish_helm_claw_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c helm-claw -n "__fish_helm_claw_needs_command" -l kubeconfig -d 'Path to the kubeconfig file (overrides KUBECONFIG)' -r -F
complete -c helm-claw -n "__fish_helm_claw_needs_command" -l context -d 'The kubeconfig context to use; several (a,b or repeated) for status, bots, health, doctor and events, which then show every cluster in one view' -r
complete -c helm-claw -n "__fish_helm_claw_needs_command" -s n -l namespace -d 'Only this namespace (default: all namespaces)' -r
complete -c helm-claw -n "__fish_helm_claw_needs_command" -l request-timeout -d 'How long to wait for each API request (e.g. 5s, 1m; 0 waits forever)' -r
complete -c helm-claw -n "__fish_helm_claw_needs_command" -s o -l output -d 'Output format' -r -f -a "table\t''
wide\t''
json\t''
yaml\t''"
complete -c helm-claw -n "__fish_helm_claw_needs_command" -l helm-driver -d 'Where Helm keeps releases: secrets (default) or configmap [env: HELM_DRIVER]' -r
complete -c helm-claw -n "__fish_helm_claw_needs_command" -l chunk-size -d 'Items per LIST page (0 fetches each list in one response)' -r
complete -c helm-claw -n "__fish_helm_claw_needs_command" -l all-contexts -d 'Every context of the kubeconfig (status, bots, health, doctor, events)'
complete -c helm-claw -n "__fish_helm_claw_needs_command" -s A -l all-namespaces -d 'All namespaces (the default for lists; overrides a namespace from the environment)'
complete -c helm-claw -n "__fish_helm_claw_needs_command" -l no-headers -d 'Omit table headers'
complete -c helm-claw -n "__fish_helm_claw_needs_command" -s v -l verbose -d 'Log each API request on stderr (method, URL, status, time, size; never credentials)'
complete -c helm-claw -n "__fish_helm_claw_needs_command" -l no-cache -d 'Neither read nor write the cache of decoded releases ($XDG_CACHE_HOME/claw)'
complete -c helm-claw -n "__fish_helm_claw_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c helm-claw -n "__fish_helm_claw_needs_command" -s V -l version -d 'Print version'
complete -c helm-claw -n "__fish_helm_claw_needs_command" -f -a "status" -d 'The control plane and every bot: release state, pods, restarts, chart'
complete -c helm-claw -n "__fish_helm_claw_needs_command" -f -a "bots" -d 'List bots, or show the named ones'
complete -c helm-claw -n "__fish_helm_claw_needs_command" -f -a "health" -d 'Probe the control plane\'s and each bot\'s health endpoint; exit 1 unless all are healthy'
complete -c helm-claw -n "__fish_helm_claw_needs_command" -f -a "events" -d 'Events of ClawMachine\'s namespaces, or of one bot\'s objects, oldest first'
complete -c helm-claw -n "__fish_helm_claw_needs_command" -f -a "top" -d 'CPU and memory per bot against requests and limits (needs metrics-server)'
complete -c helm-claw -n "__fish_helm_claw_needs_command" -f -a "logs" -d 'A bot\'s logs: its own container, not its database\'s'
complete -c helm-claw -n "__fish_helm_claw_needs_command" -f -a "doctor" -d 'Check the setup: access, control plane, bots, secrets plumbing, metrics; exit 1 on FAIL'
complete -c helm-claw -n "__fish_helm_claw_needs_command" -f -a "upgrade" -d 'Upgrade the control plane (default), named bots, or all bots to the newest charts on offer'
complete -c helm-claw -n "__fish_helm_claw_needs_command" -f -a "install" -d 'Install a bot (or the control plane) from an embedded chart or a chart source'
complete -c helm-claw -n "__fish_helm_claw_needs_command" -f -a "uninstall" -d 'Uninstall bots, the control plane, or everything, in a safe order'
complete -c helm-claw -n "__fish_helm_claw_needs_command" -f -a "backup" -d 'Write each release\'s values and an index of releases and bot volumes to DIR (--velero: and back the volumes up with Velero)'
complete -c helm-claw -n "__fish_helm_claw_needs_command" -f -a "restore" -d 'Re-create the releases a backup directory describes: the control plane first, then each bot'
complete -c helm-claw -n "__fish_helm_claw_needs_command" -f -a "charts" -d 'List the charts embedded in this build, or write one out'
complete -c helm-claw -n "__fish_helm_claw_needs_command" -f -a "version" -d 'Print the plugin\'s version'
complete -c helm-claw -n "__fish_helm_claw_needs_command" -f -a "completion" -d 'Print a shell completion script (bash, zsh, fish, powershell)'
complete -c helm-claw -n "__fish_helm_claw_using_subcommand status" -s l -l selector -d 'Only bots whose workloads match this label selector (e.g. clawmachine.dev/bot-type=picoclaw)' -r
complete -c helm-claw -n "__fish_helm_claw_using_subcommand status" -l probe-timeout -d 'How long each health probe may take (short, so no hung bot holds the table up; `health` waits 5s)' -r
complete -c helm-claw -n "__fish_helm_claw_using_subcommand status" -l probe-concurrency -d 'How many health probes run at once' -r
complete -c helm-claw -n "__fish_helm_claw_using_subcommand status" -l chart-repo -d 'Take charts from this repository: oci://REGISTRY/PATH or an HTTP Helm repository URL (default: the charts embedded in claw)' -r
complete -c helm-claw -n "__fish_helm_claw_using_subcommand status" -l version -d 'The chart version to take from the repository (default: the newest)' -r
complete -c helm-claw -n "__fish_helm_claw_using_subcommand status" -l chart -d 'A local chart instead: a chart directory, a .tgz archive, or a directory holding one per chart' -r -F
complete -c helm-claw -n "__fish_helm_claw_using_subcommand status" -l ca-file -d 'Verify the repository\'s certificate with this CA bundle' -r -F
complete -c helm-claw -n "__fish_helm_claw_using_subcommand status" -l kubeconfig -d 'Path to the kubeconfig file (overrides KUBECONFIG)' -r -F
complete -c helm-claw -n "__fish_helm_claw_using_subcommand status" -l context -d 'The kubeconfig context to use; several (a,b or repeated) for status, bots, health, doctor and events, which then show every cluster in one view' -r
complete -c helm-claw -n "__fish_helm_claw_using_subcommand status" -s n -l namespace -d 'Only this namespace (default: all namespaces)' -r
complete -c helm-claw -n "__fish_helm_claw_using_subcommand status" -l request-timeout -d 'How long to wait for each API request (e.g. 5s, 1m; 0 waits forever)' -r
complete -c helm-claw -n "__fish_helm_claw_using_subcommand status" -s o -l output -d 'Output format' -r -f -a "table\t''
wide\t''
json\t''
yaml\t''"
complete -c helm-claw -n "__fish_helm_claw_using_subcommand status" -l helm-driver -d 'Where Helm keeps releases: secrets (default) or configmap [env: HELM_DRIVER]' -r
complete -c helm-claw -n "__fish_helm_claw_using_subcommand status" -l chunk-size -d 'Items per LIST page (0 fetches each list in one response)' -r
complete -c helm-claw -n "__fish_helm_claw_using_subcommand status" -l all -d 'Include releases uninstalled with --keep-history'
complete -c helm-claw -n "__fish_helm_claw_using_subcommand status" -l no-probe -d 'Skip the health probes (the HEALTH column shows -)'
complete -c helm-claw -n "__fish_helm_claw_using_subcommand status" -s w -l watch -d 'Keep watching: redraw when releases, pods or Deployments change (Ctrl-C to stop; no health probes, no infrastructure table)'
complete -c helm-claw -n "__fish_helm_claw_using_subcommand status" -l devel -d 'Count pre-release versions as the newest too (as Helm\'s --devel)'
complete -c helm-claw -n "__fish_helm_claw_using_subcommand status" -l plain-http -d 'Reach the repository over plain HTTP (an OCI registry without TLS)'
complete -c helm-claw -n "__fish_helm_claw_using_subcommand status" -l insecure-skip-tls-verify -d 'Do not verify the repository\'s certificate'
complete -c helm-claw -n "__fish_helm_claw_using_subcommand status" -l all-contexts -d 'Every context of the kubeconfig (status, bots, health, doctor, events)'
complete -c helm-claw -n "__fish_helm_claw_using_subcommand status" -s A -l all-namespaces -d 'All namespaces (the default for lists; overrides a namespace from the environment)'
complete -c helm-claw -n "__fish_helm_claw_using_subcommand status" -l no-headers -d 'Omit table headers'
complete -c helm-claw -n "__fish_helm_claw_using_subcommand status" -s v -l verbose -d 'Log each API request on stderr (method, URL, status, time, size; never credentials)'
complete -c helm-claw -n "__fish_helm_claw_using_subcommand status" -l no-cache -d 'Neither read nor write the cache of decoded releases ($XDG_CACHE_HOME/claw)'
complete -c helm-claw -n "__fish_helm_claw_using_subcommand status" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c helm-claw -n "__fish_helm_claw_using_subcommand bots" -s t -l type -d 'Only bots of these types' -r -f -a "openclaw\t''
picoclaw\t''
ironclaw\t''
busybox\t''"
complete -c helm-claw -n "__fish_helm_claw_using_subcommand bots" -s l -l selector -d 'Only bots whose workloads match this label selector' -r
complete -c helm-claw -n "__fish_helm_claw_using_subcommand bots" -l chart-repo -d 'Take charts from this repository: oci://REGISTRY/PATH or an HTTP Helm repository URL (default: the charts embedded in claw)' -r
complete -c helm-claw -n "__fish_helm_claw_using_subcommand bots" -l version -d 'The chart version to take from the repository (default: the newest)' -r
complete -c helm-claw -n "__fish_helm_claw_using_subcommand bots" -l chart -d 'A local chart instead: a chart directory, a .tgz archive, or a directory holding one per chart' -r -F
complete -c helm-claw -n "__fish_helm_claw_using_subcommand bots" -l ca-file -d 'Verify the repository\'s certificate with this CA bundle' -r -F
complete -c helm-claw -n "__fish_helm_claw_using_subcommand bots" -l kubeconfig -d 'Path to the kubeconfig file (overrides KUBECONFIG)' -r -F
complete -c helm-claw -n "__fish_helm_claw_using_subcommand bots" -l context -d 'The kubeconfig context to use; several (a,b or repeated) for status, bots, health, doctor and events, which then show every cluster in one view' -r
complete -c helm-claw -n "__fish_helm_claw_using_subcommand bots" -s n -l namespace -d 'Only this namespace (default: all namespaces)' -r
complete -c helm-claw -n "__fish_helm_claw_using_subcommand bots" -l request-timeout -d 'How long to wait for each API request (e.g. 5s, 1m; 0 waits forever)' -r
complete -c helm-claw -n "__fish_helm_claw_using_subcommand bots" -s o -l output -d 'Output format' -r -f -a "table\t''
wide\t''
json\t''
yaml\t''"
complete -c helm-claw -n "__fish_helm_claw_using_subcommand bots" -l helm-driver -d 'Where Helm keeps releases: secrets (default) or configmap [env: HELM_DRIVER]' -r
complete -c helm-claw -n "__fish_helm_claw_using_subcommand bots" -l chunk-size -d 'Items per LIST page (0 fetches each list in one response)' -r
complete -c helm-claw -n "__fish_helm_claw_using_subcommand bots" -l all -d 'Include releases uninstalled with --keep-history'
complete -c helm-claw -n "__fish_helm_claw_using_subcommand bots" -s w -l watch -d 'Keep watching: redraw when releases, pods or Deployments change (Ctrl-C to stop)'
complete -c helm-claw -n "__fish_helm_claw_using_subcommand bots" -l devel -d 'Count pre-release versions as the newest too (as Helm\'s --devel)'
complete -c helm-claw -n "__fish_helm_claw_using_subcommand bots" -l plain-http -d 'Reach the repository over plain HTTP (an OCI registry without TLS)'
complete -c helm-claw -n "__fish_helm_claw_using_subcommand bots" -l insecure-skip-tls-verify -d 'Do not verify the repository\'s certificate'
complete -c helm-claw -n "__fish_helm_claw_using_subcommand bots" -l all-contexts -d 'Every context of the kubeconfig (status, bots, health, doctor, events)'
complete -c helm-claw -n "__fish_helm_claw_using_subcommand bots" -s A -l all-namespaces -d 'All namespaces (the default for lists; overrides a namespace from the environment)'
complete -c helm-claw -n "__fish_helm_claw_using_subcommand bots" -l no-headers -d 'Omit table headers'
complete -c helm-claw -n "__fish_helm_claw_using_subcommand bots" -s v -l verbose -d 'Log each API request on stderr (method, URL, status, time, size; never credentials)'
complete -c helm-claw -n "__fish_helm_claw_using_subcommand bots" -l no-cache -d 'Neither read nor write the cache of decoded releases ($XDG_CACHE_HOME/claw)'
complete -c helm-claw -n "__fish_helm_claw_using_subcommand bots" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c helm-claw -n "__fish_helm_claw_using_subcommand health" -l timeout -d 'How long each probe may take' -r
complete -c helm-claw -n "__fish_helm_claw_using_subcommand health" -l concurrency -d 'How many probes run at once' -r
complete -c helm-claw -n "__fish_helm_claw_using_subcommand health" -l kubeconfig -d 'Path to the kubeconfig file (overrides KUBECONFIG)' -r -F
complete -c helm-claw -n "__fish_helm_claw_using_subcommand health" -l context -d 'The kubeconfig context to use; several (a,b or repeated) for status, bots, health, doctor and events, which then show every cluster in one view' -r
complete -c helm-claw -n "__fish_helm_claw_using_subcommand health" -s n -l namespace -d 'Only this namespace (default: all namespaces)' -r
complete -c helm-claw -n "__fish_helm_claw_using_subcommand health" -l request-timeout -d 'How long to wait for each API request (e.g. 5s, 1m; 0 waits forever)' -r
complete -c helm-claw -n "__fish_helm_claw_using_subcommand health" -s o -l output -d 'Output format' -r -f -a "table\t''
wide\t''
json\t''
yaml\t''"
complete -c helm-claw -n "__fish_helm_claw_using_subcommand health" -l helm-driver -d 'Where Helm keeps releases: secrets (default) or configmap [env: HELM_DRIVER]' -r
complete -c helm-claw -n "__fish_helm_claw_using_subcommand health" -l chunk-size -d 'Items per LIST page (0 fetches each list in one response)' -r
complete -c helm-claw -n "__fish_helm_claw_using_subcommand health" -l all-contexts -d 'Every context of the kubeconfig (status, bots, health, doctor, events)'
complete -c helm-claw -n "__fish_helm_claw_using_subcommand health" -s A -l all-namespaces -d 'All namespaces (the default for lists; overrides a namespace from the environment)'
complete -c helm-claw -n "__fish_helm_claw_using_subcommand health" -l no-headers -d 'Omit table headers'
complete -c helm-claw -n "__fish_helm_claw_using_subcommand health" -s v -l verbose -d 'Log each API request on stderr (method, URL, status, time, size; never credentials)'
complete -c helm-claw -n "__fish_helm_claw_using_subcommand health" -l no-cache -d 'Neither read nor write the cache of decoded releases ($XDG_CACHE_HOME/claw)'
complete -c helm-claw -n "__fish_helm_claw_using_subcommand health" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c helm-claw -n "__fish_helm_claw_using_subcommand events" -l types -d 'Only these event types' -r -f -a "normal\t''
warning\t''"
complete -c helm-claw -n "__fish_helm_claw_using_subcommand events" -l since -d 'Only events newer than this (e.g. 10m, 2h)' -r
complete -c helm-claw -n "__fish_helm_claw_using_subcommand events" -l kubeconfig -d 'Path to the kubeconfig file (overrides KUBECONFIG)' -r -F
complete -c helm-claw -n "__fish_helm_claw_using_subcommand events" -l context -d 'The kubeconfig context to use; several (a,b or repeated) for status, bots, health, doctor and events, which then show every cluster in one view' -r
complete -c helm-claw -n "__fish_helm_claw_using_subcommand events" -s n -l namespace -d 'Only this namespace (default: all namespaces)' -r
complete -c helm-claw -n "__fish_helm_claw_using_subcommand events" -l request-timeout -d 'How long to wait for each API request (e.g. 5s, 1m; 0 waits forever)' -r
complete -c helm-claw -n "__fish_helm_claw_using_subcommand events" -s o -l output -d 'Output format' -r -f -a "table\t''
wide\t''
json\t''
yaml\t''"
complete -c helm-claw -n "__fish_helm_claw_using_subcommand events" -l helm-driver -d 'Where Helm keeps releases: secrets (default) or configmap [env: HELM_DRIVER]' -r
complete -c helm-claw -n "__fish_helm_claw_using_subcommand events" -l chunk-size -d 'Items per LIST page (0 fetches each list in one response)' -r
complete -c helm-claw -n "__fish_helm_claw_using_subcommand events" -s w -l watch -d 'After listing, stream new and updated events until interrupted'
complete -c helm-claw -n "__fish_helm_claw_using_subcommand events" -l all-contexts -d 'Every context of the kubeconfig (status, bots, health, doctor, events)'
complete -c helm-claw -n "__fish_helm_claw_using_subcommand events" -s A -l all-namespaces -d 'All namespaces (the default for lists; overrides a namespace from the environment)'
complete -c helm-claw -n "__fish_helm_claw_using_subcommand events" -l no-headers -d 'Omit table headers'
complete -c helm-claw -n "__fish_helm_claw_using_subcommand events" -s v -l verbose -d 'Log each API request on stderr (method, URL, status, time, size; never credentials)'
complete -c helm-claw -n "__fish_helm_claw_using_subcommand events" -l no-cache -d 'Neither read nor write the cache of decoded releases ($XDG_CACHE_HOME/claw)'
complete -c helm-claw -n "__fish_helm_claw_using_subcommand events" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c helm-claw -n "__fish_helm_claw_using_subcommand top" -l kubeconfig -d 'Path to the kubeconfig file (overrides KUBECONFIG)' -r -F
complete -c helm-claw -n "__fish_helm_claw_using_subcommand top" -l context -d 'The kubeconfig context to use; several (a,b or repeated) for status, bots, health, doctor and events, which then show every cluster in one view' -r
complete -c helm-claw -n "__fish_helm_claw_using_subcommand top" -s n -l namespace -d 'Only this namespace (default: all namespaces)' -r
complete -c helm-claw -n "__fish_helm_claw_using_subcommand top" -l request-timeout -d 'How long to wait for each API request (e.g. 5s, 1m; 0 waits forever)' -r
complete -c helm-claw -n "__fish_helm_claw_using_subcommand top" -s o -l output -d 'Output format' -r -f -a "table\t''
wide\t''
json\t''
yaml\t''"
complete -c helm-claw -n "__fish_helm_claw_using_subcommand top" -l helm-driver -d 'Where Helm keeps releases: secrets (default) or configmap [env: HELM_DRIVER]' -r
complete -c helm-claw -n "__fish_helm_claw_using_subcommand top" -l chunk-size -d 'Items per LIST page (0 fetches each list in one response)' -r
complete -c helm-claw -n "__fish_helm_claw_using_subcommand top" -l all-contexts -d 'Every context of the kubeconfig (status, bots, health, doctor, events)'
complete -c helm-claw -n "__fish_helm_claw_using_subcommand top" -s A -l all-namespaces -d 'All namespaces (the default for lists; overrides a namespace from the environment)'
complete -c helm-claw -n "__fish_helm_claw_using_subcommand top" -l no-headers -d 'Omit table headers'
complete -c helm-claw -n "__fish_helm_claw_using_subcommand top" -s v -l verbose -d 'Log each API request on stderr (method, URL, status, time, size; never credentials)'
complete -c helm-claw -n "__fish_helm_claw_using_subcommand top" -l no-cache -d 'Neither read nor write the cache of decoded releases ($XDG_CACHE_HOME/claw)'
complete -c helm-claw -n "__fish_helm_claw_using_subcommand top" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c helm-claw -n "__fish_helm_claw_using_subcommand logs" -s c -l container -d 'The container (default: the bot\'s own); naming the database\'s container reads the database pod' -r
complete -c helm-claw -n "__fish_helm_claw_using_subcommand logs" -l tail -d 'Lines from the end of the log (-1: all)' -r
complete -c helm-claw -n "__fish_helm_claw_using_subcommand logs" -l since -d 'Only lines newer than this (e.g. 10m)' -r
complete -c helm-claw -n "__fish_helm_claw_using_subcommand logs" -l kubeconfig -d 'Path to the kubeconfig file (overrides KUBECONFIG)' -r -F
complete -c helm-claw -n "__fish_helm_claw_using_subcommand logs" -l context -d 'The kubeconfig context to use; several (a,b or repeated) for status, bots, health, doctor and events, which then show every cluster in one view' -r
complete -c helm-claw -n "__fish_helm_claw_using_subcommand logs" -s n -l namespace -d 'Only this namespace (default: all namespaces)' -r
complete -c helm-claw -n "__fish_helm_claw_using_subcommand logs" -l request-timeout -d 'How long to wait for each API request (e.g. 5s, 1m; 0 waits forever)' -r
complete -c helm-claw -n "__fish_helm_claw_using_subcommand logs" -s o -l output -d 'Output format' -r -f -a "table\t''
wide\t''
json\t''
yaml\t''"
complete -c helm-claw -n "__fish_helm_claw_using_subcommand logs" -l helm-driver -d 'Where Helm keeps releases: secrets (default) or configmap [env: HELM_DRIVER]' -r
complete -c helm-claw -n "__fish_helm_claw_using_subcommand logs" -l chunk-size -d 'Items per LIST page (0 fetches each list in one response)' -r
complete -c helm-claw -n "__fish_helm_claw_using_subcommand logs" -s f -l follow -d 'Keep streaming new lines'
complete -c helm-claw -n "__fish_helm_claw_using_subcommand logs" -s p -l previous -d 'The previous (crashed) container\'s log'
complete -c helm-claw -n "__fish_helm_claw_using_subcommand logs" -l all-pods -d 'Every pod of the bot, each line prefixed with [pod/NAME/CONTAINER]'
complete -c helm-claw -n "__fish_helm_claw_using_subcommand logs" -l timestamps -d 'Prefix each line with its timestamp'
complete -c helm-claw -n "__fish_helm_claw_using_subcommand logs" -l all-contexts -d 'Every context of the kubeconfig (status, bots, health, doctor, events)'
complete -c helm-claw -n "__fish_helm_claw_using_subcommand logs" -s A -l all-namespaces -d 'All namespaces (the default for lists; overrides a namespace from the environment)'
complete -c helm-claw -n "__fish_helm_claw_using_subcommand logs" -l no-headers -d 'Omit table headers'
complete -c helm-claw -n "__fish_helm_claw_using_subcommand logs" -s v -l verbose -d 'Log each API request on stderr (method, URL, status, time, size; never credentials)'
complete -c helm-claw -n "__fish_helm_claw_using_subcommand logs" -l no-cache -d 'Neither read nor write the cache of decoded releases ($XDG_CACHE_HOME/claw)'
complete -c helm-claw -n "__fish_helm_claw_using_subcommand logs" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c helm-claw -n "__fish_helm_claw_using_subcommand doctor" -l velero-namespace -d 'The namespace Velero runs in (for the bot volumes\' backups)' -r
complete -c helm-claw -n "__fish_helm_claw_using_subcommand doctor" -l chart-repo -d 'Take charts from this repository: oci://REGISTRY/PATH or an HTTP Helm repository URL (default: the charts embedded in claw)' -r
complete -c helm-claw -n "__fish_helm_claw_using_subcommand doctor" -l version -d 'The chart version to take from the repository (default: the newest)' -r
complete -c helm-claw -n "__fish_helm_claw_using_subcommand doctor" -l chart -d 'A local chart instead: a chart directory, a .tgz archive, or a directory holding one per chart' -r -F
complete -c helm-claw -n "__fish_helm_claw_using_subcommand doctor" -l ca-file -d 'Verify the repository\'s certificate with this CA bundle' -r -F
complete -c helm-claw -n "__fish_helm_claw_using_subcommand doctor" -l kubeconfig -d 'Path to the kubeconfig file (overrides KUBECONFIG)' -r -F
complete -c helm-claw -n "__fish_helm_claw_using_subcommand doctor" -l context -d 'The kubeconfig context to use; several (a,b or repeated) for status, bots, health, doctor and events, which then show every cluster in one view' -r
complete -c helm-claw -n "__fish_helm_claw_using_subcommand doctor" -s n -l namespace -d 'Only this namespace (default: all namespaces)' -r
complete -c helm-claw -n "__fish_helm_claw_using_subcommand doctor" -l request-timeout -d 'How long to wait for each API request (e.g. 5s, 1m; 0 waits forever)' -r
complete -c helm-claw -n "__fish_helm_claw_using_subcommand doctor" -s o -l output -d 'Output format' -r -f -a "table\t''
wide\t''
json\t''
yaml\t''"
complete -c helm-claw -n "__fish_helm_claw_using_subcommand doctor" -l helm-driver -d 'Where Helm keeps releases: secrets (default) or configmap [env: HELM_DRIVER]' -r
complete -c helm-claw -n "__fish_helm_claw_using_subcommand doctor" -l chunk-size -d 'Items per LIST page (0 fetches each list in one response)' -r
complete -c helm-claw -n "__fish_helm_claw_using_subcommand doctor" -l devel -d 'Count pre-release versions as the newest too (as Helm\'s --devel)'
complete -c helm-claw -n "__fish_helm_claw_using_subcommand doctor" -l plain-http -d 'Reach the repository over plain HTTP (an OCI registry without TLS)'
complete -c helm-claw -n "__fish_helm_claw_using_subcommand doctor" -l insecure-skip-tls-verify -d 'Do not verify the repository\'s certificate'
complete -c helm-claw -n "__fish_helm_claw_using_subcommand doctor" -l all-contexts -d 'Every context of the kubeconfig (status, bots, health, doctor, events)'
complete -c helm-claw -n "__fish_helm_claw_using_subcommand doctor" -s A -l all-namespaces -d 'All namespaces (the default for lists; overrides a namespace from the environment)'
complete -c helm-claw -n "__fish_helm_claw_using_subcommand doctor" -l no-headers -d 'Omit table headers'
complete -c helm-claw -n "__fish_helm_claw_using_subcommand doctor" -s v -l verbose -d 'Log each API request on stderr (method, URL, status, time, size; never credentials)'
complete -c helm-claw -n "__fish_helm_claw_using_subcommand doctor" -l no-cache -d 'Neither read nor write the cache of decoded releases ($XDG_CACHE_HOME/claw)'
complete -c helm-claw -n "__fish_helm_claw_using_subcommand doctor" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c helm-claw -n "__fish_helm_claw_using_subcommand upgrade" -s f -l values -d 'A values file (repeatable; later files win)' -r -F
complete -c helm-claw -n "__fish_helm_claw_using_subcommand upgrade" -l set -d 'A value on the command line, KEY=VALUE (repeatable)' -r
complete -c helm-claw -n "__fish_helm_claw_using_subcommand upgrade" -l timeout -d 'How long Helm waits (e.g. 5m)' -r
complete -c helm-claw -n "__fish_helm_claw_using_subcommand upgrade" -l chart-repo -d 'Take charts from this repository: oci://REGISTRY/PATH or an HTTP Helm repository URL (default: the charts embedded in claw)' -r
complete -c helm-claw -n "__fish_helm_claw_using_subcommand upgrade" -l version -d 'The chart version to take from the repository (default: the newest)' -r
complete -c helm-claw -n "__fish_helm_claw_using_subcommand upgrade" -l chart -d 'A local chart instead: a chart directory, a .tgz archive, or a directory holding one per chart' -r -F
complete -c helm-claw -n "__fish_helm_claw_using_subcommand upgrade" -l ca-file -d 'Verify the repository\'s certificate with this CA bundle' -r -F
complete -c helm-claw -n "__fish_helm_claw_using_subcommand upgrade" -l kubeconfig -d 'Path to the kubeconfig file (overrides KUBECONFIG)' -r -F
complete -c helm-claw -n "__fish_helm_claw_using_subcommand upgrade" -l context -d 'The kubeconfig context to use; several (a,b or repeated) for status, bots, health, doctor and events, which then show every cluster in one view' -r
complete -c helm-claw -n "__fish_helm_claw_using_subcommand upgrade" -s n -l namespace -d 'Only this namespace (default: all namespaces)' -r
complete -c helm-claw -n "__fish_helm_claw_using_subcommand upgrade" -l request-timeout -d 'How long to wait for each API request (e.g. 5s, 1m; 0 waits forever)' -r
complete -c helm-claw -n "__fish_helm_claw_using_subcommand upgrade" -s o -l output -d 'Output format' -r -f -a "table\t''
wide\t''
json\t''
yaml\t''"
complete -c helm-claw -n "__fish_helm_claw_using_subcommand upgrade" -l helm-driver -d 'Where Helm keeps releases: secrets (default) or configmap [env: HELM_DRIVER]' -r
complete -c helm-claw -n "__fish_helm_claw_using_subcommand upgrade" -l chunk-size -d 'Items per LIST page (0 fetches each list in one response)' -r
complete -c helm-claw -n "__fish_helm_claw_using_subcommand upgrade" -l all-bots -d 'Upgrade every bot'
complete -c helm-claw -n "__fish_helm_claw_using_subcommand upgrade" -l force -d 'Upgrade even a downgrade, a no-op, bots past an older control plane, or what the safety plan refuses'
complete -c helm-claw -n "__fish_helm_claw_using_subcommand upgrade" -l dry-run -d 'Print the plan (objects added, removed, changed; refusals); change nothing'
complete -c helm-claw -n "__fish_helm_claw_using_subcommand upgrade" -l diff -d 'Show the manifest diff (Secret data redacted); with --dry-run, nothing changes'
complete -c helm-claw -n "__fish_helm_claw_using_subcommand upgrade" -l rollback-on-failure -d 'Roll back a failed upgrade (Helm 3 --atomic, Helm 4 --rollback-on-failure)'
complete -c helm-claw -n "__fish_helm_claw_using_subcommand upgrade" -l wait -d 'Wait until the release\'s resources are ready'
complete -c helm-claw -n "__fish_helm_claw_using_subcommand upgrade" -l devel -d 'Count pre-release versions as the newest too (as Helm\'s --devel)'
complete -c helm-claw -n "__fish_helm_claw_using_subcommand upgrade" -l plain-http -d 'Reach the repository over plain HTTP (an OCI registry without TLS)'
complete -c helm-claw -n "__fish_helm_claw_using_subcommand upgrade" -l insecure-skip-tls-verify -d 'Do not verify the repository\'s certificate'
complete -c helm-claw -n "__fish_helm_claw_using_subcommand upgrade" -l all-contexts -d 'Every context of the kubeconfig (status, bots, health, doctor, events)'
complete -c helm-claw -n "__fish_helm_claw_using_subcommand upgrade" -s A -l all-namespaces -d 'All namespaces (the default for lists; overrides a namespace from the environment)'
complete -c helm-claw -n "__fish_helm_claw_using_subcommand upgrade" -l no-headers -d 'Omit table headers'
complete -c helm-claw -n "__fish_helm_claw_using_subcommand upgrade" -s v -l verbose -d 'Log each API request on stderr (method, URL, status, time, size; never credentials)'
complete -c helm-claw -n "__fish_helm_claw_using_subcommand upgrade" -l no-cache -d 'Neither read nor write the cache of decoded releases ($XDG_CACHE_HOME/claw)'
complete -c helm-claw -n "__fish_helm_claw_using_subcommand upgrade" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c helm-claw -n "__fish_helm_claw_using_subcommand install" -s f -l values -d 'A values file (repeatable; later files win)' -r -F
complete -c helm-claw -n "__fish_helm_claw_using_subcommand install" -l set -d 'A value on the command line, KEY=VALUE (repeatable)' -r
complete -c helm-claw -n "__fish_helm_claw_using_subcommand install" -l timeout -d 'How long Helm waits (e.g. 5m)' -r
complete -c helm-claw -n "__fish_helm_claw_using_subcommand install" -l chart-repo -d 'Take charts from this repository: oci://REGISTRY/PATH or an HTTP Helm repository URL (default: the charts embedded in claw)' -r
complete -c helm-claw -n "__fish_helm_claw_using_subcommand install" -l version -d 'The chart version to take from the repository (default: the newest)' -r
complete -c helm-claw -n "__fish_helm_claw_using_subcommand install" -l chart -d 'A local chart instead: a chart directory, a .tgz archive, or a directory holding one per chart' -r -F
complete -c helm-claw -n "__fish_helm_claw_using_subcommand install" -l ca-file -d 'Verify the repository\'s certificate with this CA bundle' -r -F
complete -c helm-claw -n "__fish_helm_claw_using_subcommand install" -l kubeconfig -d 'Path to the kubeconfig file (overrides KUBECONFIG)' -r -F
complete -c helm-claw -n "__fish_helm_claw_using_subcommand install" -l context -d 'The kubeconfig context to use; several (a,b or repeated) for status, bots, health, doctor and events, which then show every cluster in one view' -r
complete -c helm-claw -n "__fish_helm_claw_using_subcommand install" -s n -l namespace -d 'Only this namespace (default: all namespaces)' -r
complete -c helm-claw -n "__fish_helm_claw_using_subcommand install" -l request-timeout -d 'How long to wait for each API request (e.g. 5s, 1m; 0 waits forever)' -r
complete -c helm-claw -n "__fish_helm_claw_using_subcommand install" -s o -l output -d 'Output format' -r -f -a "table\t''
wide\t''
json\t''
yaml\t''"
complete -c helm-claw -n "__fish_helm_claw_using_subcommand install" -l helm-driver -d 'Where Helm keeps releases: secrets (default) or configmap [env: HELM_DRIVER]' -r
complete -c helm-claw -n "__fish_helm_claw_using_subcommand install" -l chunk-size -d 'Items per LIST page (0 fetches each list in one response)' -r
complete -c helm-claw -n "__fish_helm_claw_using_subcommand install" -l dry-run -d 'Print what would be run; change nothing'
complete -c helm-claw -n "__fish_helm_claw_using_subcommand install" -l wait -d 'Wait until the release\'s resources are ready'
complete -c helm-claw -n "__fish_helm_claw_using_subcommand install" -l devel -d 'Count pre-release versions as the newest too (as Helm\'s --devel)'
complete -c helm-claw -n "__fish_helm_claw_using_subcommand install" -l plain-http -d 'Reach the repository over plain HTTP (an OCI registry without TLS)'
complete -c helm-claw -n "__fish_helm_claw_using_subcommand install" -l insecure-skip-tls-verify -d 'Do not verify the repository\'s certificate'
complete -c helm-claw -n "__fish_helm_claw_using_subcommand install" -l all-contexts -d 'Every context of the kubeconfig (status, bots, health, doctor, events)'
complete -c helm-claw -n "__fish_helm_claw_using_subcommand install" -s A -l all-namespaces -d 'All namespaces (the default for lists; overrides a namespace from the environment)'
complete -c helm-claw -n "__fish_helm_claw_using_subcommand install" -l no-headers -d 'Omit table headers'
complete -c helm-claw -n "__fish_helm_claw_using_subcommand install" -s v -l verbose -d 'Log each API request on stderr (method, URL, status, time, size; never credentials)'
complete -c helm-claw -n "__fish_helm_claw_using_subcommand install" -l no-cache -d 'Neither read nor write the cache of decoded releases ($XDG_CACHE_HOME/claw)'
complete -c helm-claw -n "__fish_helm_claw_using_subcommand install" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c helm-claw -n "__fish_helm_claw_using_subcommand uninstall" -l kubeconfig -d 'Path to the kubeconfig file (overrides KUBECONFIG)' -r -F
complete -c helm-claw -n "__fish_helm_claw_using_subcommand uninstall" -l context -d 'The kubeconfig context to use; several (a,b or repeated) for status, bots, health, doctor and events, which then show every cluster in one view' -r
complete -c helm-claw -n "__fish_helm_claw_using_subcommand uninstall" -s n -l namespace -d 'Only this namespace (default: all namespaces)' -r
complete -c helm-claw -n "__fish_helm_claw_using_subcommand uninstall" -l request-timeout -d 'How long to wait for each API request (e.g. 5s, 1m; 0 waits forever)' -r
complete -c helm-claw -n "__fish_helm_claw_using_subcommand uninstall" -s o -l output -d 'Output format' -r -f -a "table\t''
wide\t''
json\t''
yaml\t''"
complete -c helm-claw -n "__fish_helm_claw_using_subcommand uninstall" -l helm-driver -d 'Where Helm keeps releases: secrets (default) or configmap [env: HELM_DRIVER]' -r
complete -c helm-claw -n "__fish_helm_claw_using_subcommand uninstall" -l chunk-size -d 'Items per LIST page (0 fetches each list in one response)' -r
complete -c helm-claw -n "__fish_helm_claw_using_subcommand uninstall" -l control-plane -d 'Uninstall the control plane (bots keep running)'
complete -c helm-claw -n "__fish_helm_claw_using_subcommand uninstall" -l all -d 'Uninstall every bot, then the control plane'
complete -c helm-claw -n "__fish_helm_claw_using_subcommand uninstall" -l purge-namespace -d 'With --all: then delete the control plane\'s namespace'
complete -c helm-claw -n "__fish_helm_claw_using_subcommand uninstall" -s y -l yes -d 'Do not ask before deleting'
complete -c helm-claw -n "__fish_helm_claw_using_subcommand uninstall" -l all-contexts -d 'Every context of the kubeconfig (status, bots, health, doctor, events)'
complete -c helm-claw -n "__fish_helm_claw_using_subcommand uninstall" -s A -l all-namespaces -d 'All namespaces (the default for lists; overrides a namespace from the environment)'
complete -c helm-claw -n "__fish_helm_claw_using_subcommand uninstall" -l no-headers -d 'Omit table headers'
complete -c helm-claw -n "__fish_helm_claw_using_subcommand uninstall" -s v -l verbose -d 'Log each API request on stderr (method, URL, status, time, size; never credentials)'
complete -c helm-claw -n "__fish_helm_claw_using_subcommand uninstall" -l no-cache -d 'Neither read nor write the cache of decoded releases ($XDG_CACHE_HOME/claw)'
complete -c helm-claw -n "__fish_helm_claw_using_subcommand uninstall" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c helm-claw -n "__fish_helm_claw_using_subcommand backup" -l velero-namespace -d 'The namespace Velero runs in' -r
complete -c helm-claw -n "__fish_helm_claw_using_subcommand backup" -l snapshot-volumes -d 'Take snapshots of the volumes (default: Velero\'s own setting)' -r -f -a "true\t''
false\t''"
complete -c helm-claw -n "__fish_helm_claw_using_subcommand backup" -l ttl -d 'How long Velero keeps the backups (e.g. 720h; default: Velero\'s 30 days)' -r
complete -c helm-claw -n "__fish_helm_claw_using_subcommand backup" -l storage-location -d 'The BackupStorageLocation to write to (default: Velero\'s default)' -r
complete -c helm-claw -n "__fish_helm_claw_using_subcommand backup" -l kubeconfig -d 'Path to the kubeconfig file (overrides KUBECONFIG)' -r -F
complete -c helm-claw -n "__fish_helm_claw_using_subcommand backup" -l context -d 'The kubeconfig context to use; several (a,b or repeated) for status, bots, health, doctor and events, which then show every cluster in one view' -r
complete -c helm-claw -n "__fish_helm_claw_using_subcommand backup" -s n -l namespace -d 'Only this namespace (default: all namespaces)' -r
complete -c helm-claw -n "__fish_helm_claw_using_subcommand backup" -l request-timeout -d 'How long to wait for each API request (e.g. 5s, 1m; 0 waits forever)' -r
complete -c helm-claw -n "__fish_helm_claw_using_subcommand backup" -s o -l output -d 'Output format' -r -f -a "table\t''
wide\t''
json\t''
yaml\t''"
complete -c helm-claw -n "__fish_helm_claw_using_subcommand backup" -l helm-driver -d 'Where Helm keeps releases: secrets (default) or configmap [env: HELM_DRIVER]' -r
complete -c helm-claw -n "__fish_helm_claw_using_subcommand backup" -l chunk-size -d 'Items per LIST page (0 fetches each list in one response)' -r
complete -c helm-claw -n "__fish_helm_claw_using_subcommand backup" -l include-secrets -d 'Write secret values as they are (default: redacted)'
complete -c helm-claw -n "__fish_helm_claw_using_subcommand backup" -l velero -d 'Also create Velero Backups (velero.io/v1) of the bots\' namespaces and volumes'
complete -c helm-claw -n "__fish_helm_claw_using_subcommand backup" -l default-volumes-to-fs-backup -d 'Back every volume up with file-system backup (no snapshot support needed)'
complete -c helm-claw -n "__fish_helm_claw_using_subcommand backup" -l wait -d 'Wait until Velero has finished the backups, showing their phases'
complete -c helm-claw -n "__fish_helm_claw_using_subcommand backup" -l all-contexts -d 'Every context of the kubeconfig (status, bots, health, doctor, events)'
complete -c helm-claw -n "__fish_helm_claw_using_subcommand backup" -s A -l all-namespaces -d 'All namespaces (the default for lists; overrides a namespace from the environment)'
complete -c helm-claw -n "__fish_helm_claw_using_subcommand backup" -l no-headers -d 'Omit table headers'
complete -c helm-claw -n "__fish_helm_claw_using_subcommand backup" -s v -l verbose -d 'Log each API request on stderr (method, URL, status, time, size; never credentials)'
complete -c helm-claw -n "__fish_helm_claw_using_subcommand backup" -l no-cache -d 'Neither read nor write the cache of decoded releases ($XDG_CACHE_HOME/claw)'
complete -c helm-claw -n "__fish_helm_claw_using_subcommand backup" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c helm-claw -n "__fish_helm_claw_using_subcommand restore" -l values-dir -d 'Per-release values files, laid out as the backup (NAMESPACE/RELEASE.values.yaml), read over the backed-up values: where to keep the secrets the backup redacted' -r -F
complete -c helm-claw -n "__fish_helm_claw_using_subcommand restore" -l velero-namespace -d 'The namespace Velero runs in (for the volume restore lines)' -r
complete -c helm-claw -n "__fish_helm_claw_using_subcommand restore" -s f -l values -d 'A values file (repeatable; later files win)' -r -F
complete -c helm-claw -n "__fish_helm_claw_using_subcommand restore" -l set -d 'A value on the command line, KEY=VALUE (repeatable)' -r
complete -c helm-claw -n "__fish_helm_claw_using_subcommand restore" -l timeout -d 'How long Helm waits (e.g. 5m)' -r
complete -c helm-claw -n "__fish_helm_claw_using_subcommand restore" -l chart-repo -d 'Take charts from this repository: oci://REGISTRY/PATH or an HTTP Helm repository URL (default: the charts embedded in claw)' -r
complete -c helm-claw -n "__fish_helm_claw_using_subcommand restore" -l version -d 'The chart version to take from the repository (default: the newest)' -r
complete -c helm-claw -n "__fish_helm_claw_using_subcommand restore" -l chart -d 'A local chart instead: a chart directory, a .tgz archive, or a directory holding one per chart' -r -F
complete -c helm-claw -n "__fish_helm_claw_using_subcommand restore" -l ca-file -d 'Verify the repository\'s certificate with this CA bundle' -r -F
complete -c helm-claw -n "__fish_helm_claw_using_subcommand restore" -l kubeconfig -d 'Path to the kubeconfig file (overrides KUBECONFIG)' -r -F
complete -c helm-claw -n "__fish_helm_claw_using_subcommand restore" -l context -d 'The kubeconfig context to use; several (a,b or repeated) for status, bots, health, doctor and events, which then show every cluster in one view' -r
complete -c helm-claw -n "__fish_helm_claw_using_subcommand restore" -s n -l namespace -d 'Only this namespace (default: all namespaces)' -r
complete -c helm-claw -n "__fish_helm_claw_using_subcommand restore" -l request-timeout -d 'How long to wait for each API request (e.g. 5s, 1m; 0 waits forever)' -r
complete -c helm-claw -n "__fish_helm_claw_using_subcommand restore" -s o -l output -d 'Output format' -r -f -a "table\t''
wide\t''
json\t''
yaml\t''"
complete -c helm-claw -n "__fish_helm_claw_using_subcommand restore" -l helm-driver -d 'Where Helm keeps releases: secrets (default) or configmap [env: HELM_DRIVER]' -r
complete -c helm-claw -n "__fish_helm_claw_using_subcommand restore" -l chunk-size -d 'Items per LIST page (0 fetches each list in one response)' -r
complete -c helm-claw -n "__fish_helm_claw_using_subcommand restore" -l upgrade -d 'Upgrade releases that already exist to the backed-up values (default: skip them)'
complete -c helm-claw -n "__fish_helm_claw_using_subcommand restore" -l force -d 'Go past a downgrade, and past what the upgrade plan refuses (--upgrade)'
complete -c helm-claw -n "__fish_helm_claw_using_subcommand restore" -l dry-run -d 'Print the plan; change nothing'
complete -c helm-claw -n "__fish_helm_claw_using_subcommand restore" -l wait -d 'Wait until the release\'s resources are ready'
complete -c helm-claw -n "__fish_helm_claw_using_subcommand restore" -l devel -d 'Count pre-release versions as the newest too (as Helm\'s --devel)'
complete -c helm-claw -n "__fish_helm_claw_using_subcommand restore" -l plain-http -d 'Reach the repository over plain HTTP (an OCI registry without TLS)'
complete -c helm-claw -n "__fish_helm_claw_using_subcommand restore" -l insecure-skip-tls-verify -d 'Do not verify the repository\'s certificate'
complete -c helm-claw -n "__fish_helm_claw_using_subcommand restore" -l all-contexts -d 'Every context of the kubeconfig (status, bots, health, doctor, events)'
complete -c helm-claw -n "__fish_helm_claw_using_subcommand restore" -s A -l all-namespaces -d 'All namespaces (the default for lists; overrides a namespace from the environment)'
complete -c helm-claw -n "__fish_helm_claw_using_subcommand restore" -l no-headers -d 'Omit table headers'
complete -c helm-claw -n "__fish_helm_claw_using_subcommand restore" -s v -l verbose -d 'Log each API request on stderr (method, URL, status, time, size; never credentials)'
complete -c helm-claw -n "__fish_helm_claw_using_subcommand restore" -l no-cache -d 'Neither read nor write the cache of decoded releases ($XDG_CACHE_HOME/claw)'
complete -c helm-claw -n "__fish_helm_claw_using_subcommand restore" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c helm-claw -n "__fish_helm_claw_using_subcommand charts; and not __fish_seen_subcommand_from pull" -l kubeconfig -d 'Path to the kubeconfig file (overrides KUBECONFIG)' -r -F
complete -c helm-claw -n "__fish_helm_claw_using_subcommand charts; and not __fish_seen_subcommand_from pull" -l context -d 'The kubeconfig context to use; several (a,b or repeated) for status, bots, health, doctor and events, which then show every cluster in one view' -r
complete -c helm-claw -n "__fish_helm_claw_using_subcommand charts; and not __fish_seen_subcommand_from pull" -s n -l namespace -d 'Only this namespace (default: all namespaces)' -r
complete -c helm-claw -n "__fish_helm_claw_using_subcommand charts; and not __fish_seen_subcommand_from pull" -l request-timeout -d 'How long to wait for each API request (e.g. 5s, 1m; 0 waits forever)' -r
complete -c helm-claw -n "__fish_helm_claw_using_subcommand charts; and not __fish_seen_subcommand_from pull" -s o -l output -d 'Output format' -r -f -a "table\t''
wide\t''
json\t''
yaml\t''"
complete -c helm-claw -n "__fish_helm_claw_using_subcommand charts; and not __fish_seen_subcommand_from pull" -l helm-driver -d 'Where Helm keeps releases: secrets (default) or configmap [env: HELM_DRIVER]' -r
complete -c helm-claw -n "__fish_helm_claw_using_subcommand charts; and not __fish_seen_subcommand_from pull" -l chunk-size -d 'Items per LIST page (0 fetches each list in one response)' -r
complete -c helm-claw -n "__fish_helm_claw_using_subcommand charts; and not __fish_seen_subcommand_from pull" -l all-contexts -d 'Every context of the kubeconfig (status, bots, health, doctor, events)'
complete -c helm-claw -n "__fish_helm_claw_using_subcommand charts; and not __fish_seen_subcommand_from pull" -s A -l all-namespaces -d 'All namespaces (the default for lists; overrides a namespace from the environment)'
complete -c helm-claw -n "__fish_helm_claw_using_subcommand charts; and not __fish_seen_subcommand_from pull" -l no-headers -d 'Omit table headers'
complete -c helm-claw -n "__fish_helm_claw_using_subcommand charts; and not __fish_seen_subcommand_from pull" -s v -l verbose -d 'Log each API request on stderr (method, URL, status, time, size; never credentials)'
complete -c helm-claw -n "__fish_helm_claw_using_subcommand charts; and not __fish_seen_subcommand_from pull" -l no-cache -d 'Neither read nor write the cache of decoded releases ($XDG_CACHE_HOME/claw)'
complete -c helm-claw -n "__fish_helm_claw_using_subcommand charts; and not __fish_seen_subcommand_from pull" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c helm-claw -n "__fish_helm_claw_using_subcommand charts; and not __fish_seen_subcommand_from pull" -f -a "pull" -d 'Write an embedded chart\'s archive (NAME-VERSION.tgz)'
complete -c helm-claw -n "__fish_helm_claw_using_subcommand charts; and __fish_seen_subcommand_from pull" -s d -l destination -d 'The directory to write into' -r -F
complete -c helm-claw -n "__fish_helm_claw_using_subcommand charts; and __fish_seen_subcommand_from pull" -l kubeconfig -d 'Path to the kubeconfig file (overrides KUBECONFIG)' -r -F
complete -c helm-claw -n "__fish_helm_claw_using_subcommand charts; and __fish_seen_subcommand_from pull" -l context -d 'The kubeconfig context to use; several (a,b or repeated) for status, bots, health, doctor and events, which then show every cluster in one view' -r
complete -c helm-claw -n "__fish_helm_claw_using_subcommand charts; and __fish_seen_subcommand_from pull" -s n -l namespace -d 'Only this namespace (default: all namespaces)' -r
complete -c helm-claw -n "__fish_helm_claw_using_subcommand charts; and __fish_seen_subcommand_from pull" -l request-timeout -d 'How long to wait for each API request (e.g. 5s, 1m; 0 waits forever)' -r
complete -c helm-claw -n "__fish_helm_claw_using_subcommand charts; and __fish_seen_subcommand_from pull" -s o -l output -d 'Output format' -r -f -a "table\t''
wide\t''
json\t''
yaml\t''"
complete -c helm-claw -n "__fish_helm_claw_using_subcommand charts; and __fish_seen_subcommand_from pull" -l helm-driver -d 'Where Helm keeps releases: secrets (default) or configmap [env: HELM_DRIVER]' -r
complete -c helm-claw -n "__fish_helm_claw_using_subcommand charts; and __fish_seen_subcommand_from pull" -l chunk-size -d 'Items per LIST page (0 fetches each list in one response)' -r
complete -c helm-claw -n "__fish_helm_claw_using_subcommand charts; and __fish_seen_subcommand_from pull" -l all-contexts -d 'Every context of the kubeconfig (status, bots, health, doctor, events)'
complete -c helm-claw -n "__fish_helm_claw_using_subcommand charts; and __fish_seen_subcommand_from pull" -s A -l all-namespaces -d 'All namespaces (the default for lists; overrides a namespace from the environment)'
complete -c helm-claw -n "__fish_helm_claw_using_subcommand charts; and __fish_seen_subcommand_from pull" -l no-headers -d 'Omit table headers'
complete -c helm-claw -n "__fish_helm_claw_using_subcommand charts; and __fish_seen_subcommand_from pull" -s v -l verbose -d 'Log each API request on stderr (method, URL, status, time, size; never credentials)'
complete -c helm-claw -n "__fish_helm_claw_using_subcommand charts; and __fish_seen_subcommand_from pull" -l no-cache -d 'Neither read nor write the cache of decoded releases ($XDG_CACHE_HOME/claw)'
complete -c helm-claw -n "__fish_helm_claw_using_subcommand charts; and __fish_seen_subcommand_from pull" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c helm-claw -n "__fish_helm_claw_using_subcommand version" -l kubeconfig -d 'Path to the kubeconfig file (overrides KUBECONFIG)' -r -F
complete -c helm-claw -n "__fish_helm_claw_using_subcommand version" -l context -d 'The kubeconfig context to use; several (a,b or repeated) for status, bots, health, doctor and events, which then show every cluster in one view' -r
complete -c helm-claw -n "__fish_helm_claw_using_subcommand version" -s n -l namespace -d 'Only this namespace (default: all namespaces)' -r
complete -c helm-claw -n "__fish_helm_claw_using_subcommand version" -l request-timeout -d 'How long to wait for each API request (e.g. 5s, 1m; 0 waits forever)' -r
complete -c helm-claw -n "__fish_helm_claw_using_subcommand version" -s o -l output -d 'Output format' -r -f -a "table\t''
wide\t''
json\t''
yaml\t''"
complete -c helm-claw -n "__fish_helm_claw_using_subcommand version" -l helm-driver -d 'Where Helm keeps releases: secrets (default) or configmap [env: HELM_DRIVER]' -r
complete -c helm-claw -n "__fish_helm_claw_using_subcommand version" -l chunk-size -d 'Items per LIST page (0 fetches each list in one response)' -r
complete -c helm-claw -n "__fish_helm_claw_using_subcommand version" -l all-contexts -d 'Every context of the kubeconfig (status, bots, health, doctor, events)'
complete -c helm-claw -n "__fish_helm_claw_using_subcommand version" -s A -l all-namespaces -d 'All namespaces (the default for lists; overrides a namespace from the environment)'
complete -c helm-claw -n "__fish_helm_claw_using_subcommand version" -l no-headers -d 'Omit table headers'
complete -c helm-claw -n "__fish_helm_claw_using_subcommand version" -s v -l verbose -d 'Log each API request on stderr (method, URL, status, time, size; never credentials)'
complete -c helm-claw -n "__fish_helm_claw_using_subcommand version" -l no-cache -d 'Neither read nor write the cache of decoded releases ($XDG_CACHE_HOME/claw)'
complete -c helm-claw -n "__fish_helm_claw_using_subcommand version" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c helm-claw -n "__fish_helm_claw_using_subcommand completion" -l kubeconfig -d 'Path to the kubeconfig file (overrides KUBECONFIG)' -r -F
complete -c helm-claw -n "__fish_helm_claw_using_subcommand completion" -l context -d 'The kubeconfig context to use; several (a,b or repeated) for status, bots, health, doctor and events, which then show every cluster in one view' -r
complete -c helm-claw -n "__fish_helm_claw_using_subcommand completion" -s n -l namespace -d 'Only this namespace (default: all namespaces)' -r
complete -c helm-claw -n "__fish_helm_claw_using_subcommand completion" -l request-timeout -d 'How long to wait for each API request (e.g. 5s, 1m; 0 waits forever)' -r
complete -c helm-claw -n "__fish_helm_claw_using_subcommand completion" -s o -l output -d 'Output format' -r -f -a "table\t''
wide\t''
json\t''
yaml\t''"
complete -c helm-claw -n "__fish_helm_claw_using_subcommand completion" -l helm-driver -d 'Where Helm keeps releases: secrets (default) or configmap [env: HELM_DRIVER]' -r
complete -c helm-claw -n "__fish_helm_claw_using_subcommand completion" -l chunk-size -d 'Items per LIST page (0 fetches each list in one response)' -r
complete -c helm-claw -n "__fish_helm_claw_using_subcommand completion" -l all-contexts -d 'Every context of the kubeconfig (status, bots, health, doctor, events)'
complete -c helm-claw -n "__fish_helm_claw_using_subcommand completion" -s A -l all-namespaces -d 'All namespaces (the default for lists; overrides a namespace from the environment)'
complete -c helm-claw -n "__fish_helm_claw_using_subcommand completion" -l no-headers -d 'Omit table headers'
complete -c helm-claw -n "__fish_helm_claw_using_subcommand completion" -s v -l verbose -d 'Log each API request on stderr (method, URL, status, time, size; never credentials)'
complete -c helm-claw -n "__fish_helm_claw_using_subcommand completion" -l no-cache -d 'Neither read nor write the cache of decoded releases ($XDG_CACHE_HOME/claw)'
complete -c helm-claw -n "__fish_helm_claw_using_subcommand completion" -s h -l help -d 'Print help (see more with \'--help\')'
