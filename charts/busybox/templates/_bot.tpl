{{/*
busybox: ClawMachine's toolbox, a shell with the bots' CLIs to exec into. It serves and probes
nothing (its Service is there for ClawMachine's uniform view of bots), and one NetworkPolicy
shuts it in.
*/}}
{{- define "bot.description" -}}
{{- $how := printf "kubectl exec -it deploy/%s -n %s -- bash" (include "claw-bot.fullname" .) .Release.Namespace -}}
container: toolbox
command:
  - /bin/bash
  - -c
  - |
    echo "ClawMachine toolbox {{ .Release.Name }}: openclaw, picoclaw, ironclaw, node, npm, git, curl and jq."
    echo "For a shell: {{ $how }}"
    exec sleep infinity
service: {name: http, target: 80}
configFile: mount
policies: one
notes: |-
  A shell with the bots' CLIs: {{ $how }}
  It serves nothing: claw judges it by its pod's readiness.
{{- end }}
