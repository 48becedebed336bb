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
workspaceImport: true
podSecurity: {runAsNonRoot: true, runAsUser: 1000, runAsGroup: 1000, fsGroup: 1000}
security: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}
secrets:
  path: {{ .Values.secrets.mountPath | default "/etc/claw/secrets" }}
  name: {{ $fullname }}
  optional: {{ .Values.secrets.external }}
  {{- if not .Values.secrets.external }}
  data:
    {{- if $pg.enabled }}
    {{- $password := required "ironclaw: the bundled PostgreSQL needs postgresql.password (or set postgresql.enabled=false and database.url)" $pg.password }}
    DATABASE_URL: {{ printf "postgres://%s:%s@%s-postgres:5432/%s?sslmode=disable" $pg.username $password $fullname $pg.database | quote }}
    {{- else }}
    DATABASE_URL: {{ .Values.database.url | quote }}
    {{- end }}
    GATEWAY_AUTH_TOKEN: {{ .Values.secrets.gatewayAuthToken | quote }}
    {{- include "claw-bot.secretValues" (list . "nearaiSessionToken" "anthropicApiKey" "openaiApiKey") | nindent 4 }}
  {{- end }}
{{- /* The gateway on, the CLI off, injection checks always on; the rest from the values. */}}
settings: {{ toJson (dict
      "AGENT_JOB_TIMEOUT_SECS" .Values.agent.jobTimeoutSecs
      "AGENT_MAX_PARALLEL_JOBS" .Values.agent.maxParallelJobs
      "AGENT_NAME" .Values.agent.name
      "AGENT_USE_PLANNING" .Values.agent.usePlanning
      "CLI_ENABLED" false
      "DATABASE_POOL_SIZE" .Values.database.poolSize
      "GATEWAY_ENABLED" true
      "GATEWAY_HOST" .Values.gateway.host
      "GATEWAY_PORT" .Values.gateway.port
      "LLM_BACKEND" .Values.llm.backend
      "NEARAI_BASE_URL" .Values.llm.nearaiBaseUrl
      "NEARAI_MODEL" .Values.llm.model
      "RUST_LOG" "ironclaw=info"
      "SAFETY_INJECTION_CHECK_ENABLED" true) }}
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
# The bundled PostgreSQL gets a bounded number of tries to open its port before the bot starts,
# so the bot's first connection (and its probes) do not fail for a database still starting.
db={{ include "claw-bot.fullname" . }}-postgres
tries={{ $wait.maxRetries | default 20 }}
if ! command -v nc > /dev/null 2>&1; then
  say "this image has no nc: not waiting for $db"
  tries=0
fi
left=$tries
while [ "$left" -gt 0 ]; do
  nc -z -w 1 "$db" 5432 > /dev/null 2>&1 && break
  left=$((left - 1))
  if [ "$left" -eq 0 ]; then
    say "$db:5432 did not open in $tries tries; starting the bot anyway"
  else
    sleep {{ $wait.retrySleepSeconds | default 1 }}
  fi
done
{{- end }}

# `ironclaw onboard` needs a keychain and D-Bus, which a container has not; an ironclaw that can
# skip it is told to.
case "$(/usr/local/bin/ironclaw --help 2>&1)" in
  *--no-onboard*) set -- --no-onboard "$@" ;;
esac
exec /usr/local/bin/ironclaw "$@"
{{- end }}
