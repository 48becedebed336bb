{{/*
How a bot chart uses this library. It defines the named template "bot.description": YAML,
rendered with the release's context, that says what sets this bot apart (every key optional):

  container       the bot container's name (default: the chart's name)
  shell           the start script's interpreter. With it the chart gets ConfigMap
                  <fullname>-startup holding start-<chart>.sh (the steps every bot shares, then
                  the chart's own "bot.start" template), mounted at /scripts and run by the container
  command         the container's command when it has no start script
  port            {name, number}: the port the container listens on, probed and served
  service         {name, target}: the Service port's name and target port (default: port's)
  workspace       where the bot's data volume is mounted: PVC <fullname> with
                  persistence.enabled, else an emptyDir
  tools           where extraSoftware.toolVersions is written and installed
  secrets         {path, name, optional, data}: Secret `name` mounted as files at `path`
                  (secrets.mounts add more under it); with `data` the chart creates it
  scratch         true: a memory-backed /tmp
  configFile      seed | mount: how configFile.content reaches the bot, from Secret
                  <fullname>-config (seed: copied once into the workspace by an init container;
                  mount: the file itself, at configFile.mountPath)
  settings        entries of the env ConfigMap <fullname>, besides BOT_TYPE and .Values.env
  podSecurity     the pod's securityContext;  security: the bot container's
  execProbe       the command of healthCheck.type=exec probes
  initContainers  init containers of the bot's own, run after the library's
  backup          volume | database: what backup.* saves on a schedule and restores at start
                  (a bot without it has no backup: backup.* is ignored, as ClawMachine's chart does)
  workspaceImport true: workspace.* may import a workspace before install (a bot without it
                  ignores workspace.*, as ClawMachine's chart does)
  policies        one: a single NetworkPolicy <fullname> instead of the four of a bot
  notes           lines NOTES adds

and one template file that renders them all: {{ include "claw-bot.objects" . }}.
Everything else comes from the values every bot chart shares (image, replicas, service,
resources, persistence, healthCheck, envSecrets, env, networkPolicy, extraSoftware, configFile,
backup, workspace).
*/}}

{{- define "claw-bot.objects" -}}
{{- $bot := include "bot.description" . | fromYaml }}
{{- with $bot.Error }}{{ fail (printf "%s: bot.description is not YAML: %s" $.Chart.Name .) }}{{ end }}
{{- $port := $bot.service | default $bot.port }}
{{- $docs := list (include "claw-bot.deployment" .) (include "claw-bot.networkPolicies" .) }}
{{- $docs = append $docs (include "claw-bot.service" (dict "ctx" . "name" $port.name "target" ($port.target | default $port.name))) }}
{{- if .Values.networkPolicy.useCilium }}{{ $docs = append $docs (include "claw-bot.cilium" .) }}{{ end }}
{{- if hasKey $bot "settings" }}{{ $docs = append $docs (include "claw-bot.settings" .) }}{{ end }}
{{- if $bot.shell }}{{ $docs = append $docs (include "claw-bot.startup" .) }}{{ end }}
{{- if and $bot.workspace .Values.persistence.enabled }}
{{- $docs = append $docs (include "claw-bot.pvc" (list . "" .Values.persistence)) }}
{{- end }}
{{- with $bot.secrets }}{{ if hasKey . "data" }}
{{- $docs = append $docs (include "claw-bot.secret" (list $ .name .data)) }}
{{- end }}{{ end }}
{{- if and $bot.configFile .Values.configFile.enabled }}
{{- $file := dict .Values.configFile.fileName .Values.configFile.content }}
{{- $docs = append $docs (include "claw-bot.secret" (list . (printf "%s-config" (include "claw-bot.fullname" .)) $file)) }}
{{- end }}
{{- if and $bot.backup (.Values.backup | default dict).enabled }}{{ $docs = append $docs (include "claw-bot.backupCronJob" .) }}{{ end }}
{{- if and $bot.workspaceImport (.Values.workspace | default dict).enabled }}{{ $docs = append $docs (include "claw-bot.workspaceJob" .) }}{{ end }}
{{- range $docs }}
---
{{ . }}
{{- end }}
{{- end }}

{{/* NOTES: where the bot answers, where its data lives, and how to look after it. */}}
{{- define "claw-bot.notes" -}}
{{- $bot := include "bot.description" . | fromYaml }}
{{- $name := include "claw-bot.fullname" . -}}
{{ .Chart.Name }} {{ .Release.Name }} runs in namespace {{ .Release.Namespace }}.
{{- with $bot.port }}
  Service: {{ $name }}:{{ $.Values.service.port }} (port {{ .name }})
{{- end }}
{{- with .Values.healthCheck }}
  Health:  {{ .type | default "httpGet" }} probes; `kubectl claw health` asks GET {{ .path }}
{{- end }}
{{- with $bot.workspace }}
  Data:    {{ . }} on {{ if $.Values.persistence.enabled }}PersistentVolumeClaim {{ $name }} ({{ $.Values.persistence.size }}){{ else }}an emptyDir, gone with the pod{{ end }}
{{- end }}
{{- with $bot.notes }}
{{ . | indent 2 }}
{{- end }}

Look after it with:
  kubectl claw status -n {{ .Release.Namespace }}
  kubectl claw health {{ .Release.Name }}
  kubectl claw logs {{ .Release.Name }}
{{- end }}
