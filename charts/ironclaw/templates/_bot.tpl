{{/*
IronClaw: a gateway (web UI and API) on gateway.port, run as uid/gid 1000 with nothing to
escalate, its workspace on the volume, its secrets (DATABASE_URL first of all) in Secret
<fullname> read as files, and PostgreSQL of its own unless database.url names another.
*/}}
{{- define "bot.description" -}}
{{- $fullname := include "claw-bot.fullname" . }}
{{- $pg := .Values.postgresql -}}
shell: /bin/sh
port: {name: gateway, number: {{ .Values.gateway.port }}}
workspace: /home/ironclaw/.ironclaw/workspace
tools: /home/ironclaw/.ironclaw/workspace
scratch: true
configFile: mount
backup: database
podSecurity: {runAsNonRoot: true, runAsUser: 1000, runAsGroup: 1000, fsGroup: 1000}
security: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}
secrets:
  path: {{ .Values.secrets.mountPath | default "/etc/claw/secrets" }}
  name: {{ $fullname }}
  optional: {{ .Values.secrets.external }}
  {{- if not .Values.secrets.external }}
  data:
    {{- if $pg.enabled }}
    {{- $password := required "ironclaw: postgresql.password must be set when postgresql.enabled=true" $pg.password }}
    DATABASE_URL: {{ printf "postgres://%s:%s@%s-postgres:5432/%s?sslmode=disable" $pg.username $password $fullname $pg.database | quote }}
    {{- else }}
    DATABASE_URL: {{ .Values.database.url | quote }}
    {{- end }}
    GATEWAY_AUTH_TOKEN: {{ .Values.secrets.gatewayAuthToken | quote }}
    {{- include "claw-bot.secretValues" (list . "nearaiSessionToken" "anthropicApiKey" "openaiApiKey") | nindent 4 }}
  {{- end }}
settings:
  CLI_ENABLED: "false"
  GATEWAY_ENABLED: "true"
  GATEWAY_HOST: {{ .Values.gateway.host | quote }}
  GATEWAY_PORT: {{ .Values.gateway.port | quote }}
  DATABASE_POOL_SIZE: {{ .Values.database.poolSize | quote }}
  LLM_BACKEND: {{ .Values.llm.backend | quote }}
  NEARAI_MODEL: {{ .Values.llm.model | quote }}
  NEARAI_BASE_URL: {{ .Values.llm.nearaiBaseUrl | quote }}
  AGENT_NAME: {{ .Values.agent.name | quote }}
  AGENT_MAX_PARALLEL_JOBS: {{ .Values.agent.maxParallelJobs | quote }}
  AGENT_JOB_TIMEOUT_SECS: {{ .Values.agent.jobTimeoutSecs | quote }}
  AGENT_USE_PLANNING: {{ .Values.agent.usePlanning | quote }}
  SAFETY_INJECTION_CHECK_ENABLED: "true"
  RUST_LOG: ironclaw=info
{{- if .Values.migrations.enabled }}
initContainers:
  - name: migrate
    image: {{ printf "%s:%v" .Values.image.repository .Values.image.tag | quote }}
    imagePullPolicy: {{ .Values.image.pullPolicy }}
    command: {{ toJson .Values.migrations.command }}
    securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}
    envFrom: [{configMapRef: {name: {{ $fullname }}}}, {secretRef: {name: {{ $fullname }}}}]
    resources: {requests: {cpu: 100m, memory: 128Mi}, limits: {cpu: 500m, memory: 256Mi}}
{{- end }}
notes: |-
  Database: {{ if $pg.enabled }}{{ $fullname }}-postgres (pgvector; `kubectl claw logs` shows the bot, not it){{ else }}database.url, a PostgreSQL of your own{{ end }}
{{- end }}

{{- define "bot.start" -}}
{{- if .Values.postgresql.enabled }}
{{- $wait := .Values.postgresql.wait | default dict }}
# Give the bundled PostgreSQL a bounded time to take connections, so the probes do not fail first.
db={{ include "claw-bot.fullname" . }}-postgres
if command -v nc > /dev/null 2>&1; then
  tries=0
  until nc -z -w 1 "$db" 5432 > /dev/null 2>&1; do
    tries=$((tries + 1))
    if [ "$tries" -ge {{ $wait.maxRetries | default 20 }} ]; then say "$db:5432 still closed after $tries tries; starting all the same"; break; fi
    sleep {{ $wait.retrySleepSeconds | default 1 }}
  done
else
  say "no nc in this image: starting without waiting for $db"
fi
{{- end }}

# Onboarding wants a keychain and D-Bus, which a container lacks: skip it where this ironclaw can.
onboarding=""
if /usr/local/bin/ironclaw --help 2>&1 | grep -q -e --no-onboard; then onboarding=--no-onboard; fi
exec /usr/local/bin/ironclaw $onboarding "$@"
{{- end }}
