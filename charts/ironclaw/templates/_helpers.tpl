{{/*
Names and labels as ClawMachine's charts spell them. The Deployment selector is exactly
name + instance: selectors are immutable, so any other choice could never upgrade a bot.
*/}}
{{- define "ironclaw.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* <release>-<chart>, or the release alone when it already contains the chart name. */}}
{{- define "ironclaw.fullname" -}}
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

{{- define "ironclaw.selectorLabels" -}}
app.kubernetes.io/name: {{ include "ironclaw.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/* The database's labels: the bot's selector labels plus the database component, so the
bot's own selector never matches it and its Deployment selector is ClawMachine's. */}}
{{- define "ironclaw.databaseSelectorLabels" -}}
{{ include "ironclaw.selectorLabels" . }}
app.kubernetes.io/component: database
{{- end }}

{{- define "ironclaw.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "ironclaw.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
clawmachine.dev/bot-type: ironclaw
{{- end }}

{{/*
The environment of the backup CronJob (restore: false) and the restore init container
(restore: true): DATABASE_URL from the bot's Secret, then the S3 credentials as key references
when given, else a whole Secret. The CronJob also gets the endpoint as AWS_ENDPOINT_URL and
falls back to the Secret <fullname>-backup.
*/}}
{{- define "ironclaw.backupCredentials" -}}
{{- $v := .ctx.Values.backup }}
{{- $access := $v.credentials.accessKeyIdSecretRef.name }}
{{- $secret := $v.credentials.secretAccessKeySecretRef.name }}
env:
  - name: DATABASE_URL
    valueFrom:
      secretKeyRef:
        name: {{ include "ironclaw.fullname" .ctx }}
        key: DATABASE_URL
  {{- if and (not .restore) $v.s3.endpoint }}
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
{{- if not (or $access $secret) }}
{{- $fallback := ternary "" (printf "%s-backup" (include "ironclaw.fullname" .ctx)) .restore }}
{{- with $v.credentialsSecret | default $v.secretName | default $fallback }}
envFrom:
  - secretRef:
      name: {{ . }}
{{- end }}
{{- end }}
{{- end }}

{{/* The arguments naming where backups go. */}}
{{- define "ironclaw.backupTarget" -}}
- --mode
- {{ .Values.backup.mode | quote }}
- --bucket
- {{ .Values.backup.s3.bucket | quote }}
- --endpoint
- {{ .Values.backup.s3.endpoint | quote }}
- --region
- {{ .Values.backup.s3.region | quote }}
- --prefix
- {{ .Values.backup.s3.prefix | default (include "ironclaw.fullname" .) | quote }}
{{- end }}
