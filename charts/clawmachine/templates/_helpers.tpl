{{/* The ServiceAccount the dashboard runs as: its own unless serviceAccount.create=false. */}}
{{- define "clawmachine.serviceAccount" -}}
{{- .Values.serviceAccount.name | default (ternary (include "claw-bot.fullname" .) "default" .Values.serviceAccount.create) }}
{{- end }}
