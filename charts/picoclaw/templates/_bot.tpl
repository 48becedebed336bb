{{/* PicoClaw: one gateway process on the Service port, its home directory as the workspace. */}}
{{- define "bot.description" -}}
shell: /bin/sh
port: {name: http, number: {{ .Values.service.port }}}
workspace: {{ .Values.configFile.mountPath }}
tools: {{ .Values.configFile.mountPath }}/workspace
configFile: seed
settings: {}
backup: volume
{{- end }}

{{- define "bot.start" -}}
# The gateway listens on every interface, on the Service port, unless the environment says otherwise.
export PICOCLAW_GATEWAY_HOST="${PICOCLAW_GATEWAY_HOST:-0.0.0.0}"
export PICOCLAW_GATEWAY_PORT="${PICOCLAW_GATEWAY_PORT:-{{ .Values.service.port }}}"
exec /usr/local/bin/picoclaw gateway "$@"
{{- end }}
