{{/*
Names and labels as ClawMachine's charts spell them. The Deployment selector is exactly
name + instance: selectors are immutable, so any other choice could never upgrade a bot.
*/}}
{{- define "openclaw.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* <release>-<chart>, or the release alone when it already contains the chart name. */}}
{{- define "openclaw.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "openclaw.selectorLabels" -}}
app.kubernetes.io/name: {{ include "openclaw.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "openclaw.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "openclaw.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
clawmachine.dev/bot-type: openclaw
{{- end }}

{{/*
The S3 credentials of the backup CronJob (restore: false) and the restore init container
(restore: true): key references when given, else the Secret backup.credentialsSecret. The
CronJob also gets the endpoint as AWS_ENDPOINT_URL.
*/}}
{{- define "openclaw.backupCredentials" -}}
{{- $v := .ctx.Values.backup }}
{{- $access := $v.credentials.accessKeyIdSecretRef.name }}
{{- $secret := $v.credentials.secretAccessKeySecretRef.name }}
{{- $endpoint := and (not .restore) $v.s3.endpoint }}
{{- if or $endpoint $access $secret }}
env:
  {{- if $endpoint }}
  - name: AWS_ENDPOINT_URL
    value: {{ $v.s3.endpoint | quote }}
  {{- end }}
  {{- if $access }}
  - name: AWS_ACCESS_KEY_ID
    valueFrom:
      secretKeyRef:
        name: {{ $access }}
        key: {{ $v.credentials.accessKeyIdSecretRef.key | default "value" }}
  {{- end }}
  {{- if $secret }}
  - name: AWS_SECRET_ACCESS_KEY
    valueFrom:
      secretKeyRef:
        name: {{ $secret }}
        key: {{ $v.credentials.secretAccessKeySecretRef.key | default "value" }}
  {{- end }}
{{- end }}
{{- if and (not (or $access $secret)) $v.credentialsSecret }}
envFrom:
  - secretRef:
      name: {{ $v.credentialsSecret }}
{{- end }}
{{- end }}

{{/* The arguments naming where backups go. */}}
{{- define "openclaw.backupTarget" -}}
- --mode
- {{ .Values.backup.mode | quote }}
- --workspace
- /workspace
- --bucket
- {{ .Values.backup.s3.bucket | quote }}
- --endpoint
- {{ .Values.backup.s3.endpoint | quote }}
- --region
- {{ .Values.backup.s3.region | quote }}
- --prefix
- {{ .Values.backup.s3.prefix | default (include "openclaw.fullname" .) | quote }}
{{- end }}

{{/* How the probes ask: healthCheck.type httpGet, tcpSocket (the default) or exec. */}}
{{- define "openclaw.probe" -}}
{{- $h := .Values.healthCheck }}
{{- $type := $h.type | default "tcpSocket" }}
{{- if eq $type "httpGet" }}
httpGet:
  path: {{ $h.path }}
  port: http
{{- else if eq $type "tcpSocket" }}
tcpSocket:
  port: http
{{- else }}
exec:
  command: [/bin/bash, -lc, "openclaw gateway status >/dev/null 2>&1"]
{{- end }}
initialDelaySeconds: {{ $h.initialDelaySeconds }}
periodSeconds: {{ $h.periodSeconds }}
timeoutSeconds: {{ $h.timeoutSeconds | default 30 }}
failureThreshold: {{ $h.failureThreshold | default 10 }}
{{- end }}
