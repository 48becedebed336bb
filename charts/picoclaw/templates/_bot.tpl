{{/* PicoClaw: one gateway process on the Service port, its home directory as the workspace. */}}
{{- define "bot.description" -}}
shell: /bin/sh
port: {name: http, number: {{ .Values.service.port }}}
workspace: {{ .Values.configFile.mountPath }}
tools: {{ .Values.configFile.mountPath }}/workspace
configFile: seed
settings: {}
backup: volume
workspaceImport: true
{{- end }}

{{- define "bot.start" -}}
# PicoClaw's gateway takes its address from the environment: all interfaces and the Service's
# port, where the pod sets nothing else.
: "${PICOCLAW_GATEWAY_HOST:=0.0.0.0}" "${PICOCLAW_GATEWAY_PORT:={{ .Values.service.port }}}"
export PICOCLAW_GATEWAY_HOST PICOCLAW_GATEWAY_PORT
exec /usr/local/bin/picoclaw gateway "$@"
{{- end }}
