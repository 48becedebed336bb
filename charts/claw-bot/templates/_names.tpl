{{/*
Names and labels. An object is named after the release and the chart (the release alone when it
already says the chart's name); a workload is selected by app.kubernetes.io/name and /instance
alone, since a selector can never change on a live cluster. Bots' objects also carry
clawmachine.dev/bot-type, which is the chart's name.
*/}}

{{- define "claw-bot.name" -}}
{{- .Values.nameOverride | default .Chart.Name | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "claw-bot.fullname" -}}
{{- $name := .Values.nameOverride | default .Chart.Name }}
{{- $joined := ternary .Release.Name (printf "%s-%s" .Release.Name $name) (contains $name .Release.Name) }}
{{- .Values.fullnameOverride | default $joined | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "claw-bot.selector" -}}
app.kubernetes.io/name: {{ include "claw-bot.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "claw-bot.labels" -}}
{{ include "claw-bot.selector" . }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name (.Chart.Version | replace "+" "_") | trunc 63 }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- with .Chart.AppVersion }}
app.kubernetes.io/version: {{ . | quote }}
{{- end }}
{{- if ne .Chart.Name "clawmachine" }}
clawmachine.dev/bot-type: {{ .Chart.Name }}
{{- end }}
{{- end }}

{{/* apiVersion, kind and metadata of an object: (list CONTEXT API-VERSION KIND NAME-SUFFIX [COMPONENT]). */}}
{{- define "claw-bot.head" -}}
{{- $ctx := index . 0 }}
apiVersion: {{ index . 1 }}
kind: {{ index . 2 }}
metadata:
  name: {{ include "claw-bot.fullname" $ctx }}{{ index . 3 }}
  labels:
    {{- include "claw-bot.labels" $ctx | nindent 4 }}
    {{- if gt (len .) 4 }}
    app.kubernetes.io/component: {{ index . 4 }}
    {{- end }}
{{- end }}
