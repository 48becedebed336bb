{{/*
OpenClaw: a Node gateway on gateway.port, run as the image's user (root) with its state in
openclawConfigDir, configured at every start through its own CLI from the env ConfigMap and the
secrets in Secret <fullname>-secrets (or externalSecretName, made by ClawMachine).
*/}}
{{- define "bot.description" -}}
{{- $fullname := include "claw-bot.fullname" . -}}
shell: /bin/bash
port: {name: http, number: {{ .Values.gateway.port }}}
workspace: {{ .Values.openclawConfigDir }}
tools: {{ .Values.openclawConfigDir }}/workspace
backup: volume
execProbe: [/bin/bash, -lc, openclaw gateway status > /dev/null 2>&1]
secrets:
  path: /etc/claw/secrets
  name: {{ .Values.externalSecretName | default (printf "%s-secrets" $fullname) }}
  optional: true
  {{- if not .Values.externalSecretName }}
  data:
    {{- with .Values.secrets.gatewayToken }}
    OPENCLAW_GATEWAY_TOKEN: {{ . | quote }}
    {{- end }}
    {{- include "claw-bot.secretValues" (list . "anthropicApiKey" "geminiApiKey" "openaiApiKey" "openrouterApiKey" "cloudflareAiGatewayApiKey" "discordBotToken" "telegramBotToken" "slackBotToken" "slackAppToken") | nindent 4 }}
  {{- end }}
{{- /* Always set; then the optional ones that have a value; then one flag per enabled channel. */}}
{{- $settings := dict
      "AUTH_CHOICE" .Values.auth.choice
      "GATEWAY_AUTH_MODE" .Values.gateway.authMode
      "GATEWAY_BIND" "lan"
      "GATEWAY_PORT" .Values.gateway.port
      "OPENCLAW_HOME" .Values.openclawHome
      "OPENCLAW_VERSION" .Values.openclawVersion }}
{{- $optional := dict
      "AGENT_DEFAULT_MODEL" .Values.agent.defaultModel
      "AGENT_NAME" .Values.agent.name
      "AUTH_MODEL" .Values.auth.model
      "CF_AI_GATEWAY_ACCOUNT_ID" .Values.secrets.cloudflareAccountId
      "CF_AI_GATEWAY_GATEWAY_ID" .Values.secrets.cloudflareGatewayId }}
{{- range $key, $value := $optional }}{{ if $value }}{{ $_ := set $settings $key $value }}{{ end }}{{ end }}
{{- range $channel, $on := .Values.channels }}
{{- if and (kindIs "map" $on) $on.enabled }}{{ $_ := set $settings (printf "CHANNEL_%s" (upper $channel)) true }}{{ end }}
{{- end }}
settings: {{ toJson $settings }}
{{- end }}

{{- define "bot.start" -}}
# From here on nothing is fatal: a setting that does not apply is reported, and the gateway starts.
set +e -u -o pipefail
warn() { say "WARNING: $*" >&2; }
state={{ .Values.openclawConfigDir | quote }}
port="${GATEWAY_PORT:-18789}"
bind="${GATEWAY_BIND:-lan}"
mkdir -p "$state/workspace"
say "$(openclaw --version 2>/dev/null || echo 'openclaw (version unknown)'), state in $state"
# Node sizes its heap by the machine's memory, not the container's limit: cap it, unless the pod
# brings options of its own.
[ -n "${NODE_OPTIONS:-}" ] || export NODE_OPTIONS=--max-old-space-size=768
{{- if and .Values.configFile.enabled .Values.configFile.content }}

# configFile.content, written afresh at every start, before the settings below apply to it.
cat > "${OPENCLAW_HOME:-/root}/openclaw.json" <<'OPENCLAW_JSON'
{{ trimSuffix "\n" .Values.configFile.content }}
OPENCLAW_JSON
{{- end }}

config() { openclaw config "$@" > /dev/null 2>&1 || warn "openclaw config $1 $2 did not apply"; }

# The model provider, as `openclaw onboard` names it, and the keys it takes from the environment.
choice="${AUTH_CHOICE:-apiKey}"
case "$choice" in
  openai | openrouter) choice="$choice-api-key" ;;
  custom-api-key) warn "auth choice custom-api-key is no longer offered; onboarding with skip"; choice=skip ;;
esac
declare -A keys=(
  [apiKey]="anthropic-api-key:ANTHROPIC_API_KEY"
  [gemini-api-key]="gemini-api-key:GEMINI_API_KEY"
  [openai-api-key]="openai-api-key:OPENAI_API_KEY"
  [openrouter-api-key]="openrouter-api-key:OPENROUTER_API_KEY"
  [cloudflare-ai-gateway-api-key]="cloudflare-ai-gateway-account-id:CF_AI_GATEWAY_ACCOUNT_ID cloudflare-ai-gateway-gateway-id:CF_AI_GATEWAY_GATEWAY_ID cloudflare-ai-gateway-api-key:CLOUDFLARE_AI_GATEWAY_API_KEY"
  [skip]=""
)
[ -n "${keys[$choice]+known}" ] || warn "unknown auth choice $choice"
onboard=(--non-interactive --accept-risk --mode local --auth-choice "$choice" --gateway-port "$port"
  --gateway-bind "$bind" --skip-health --no-install-daemon)
if [ -n "${OPENCLAW_GATEWAY_TOKEN:-}" ]; then onboard+=(--gateway-auth token --gateway-token "$OPENCLAW_GATEWAY_TOKEN"); fi
for pair in ${keys[$choice]:-}; do
  var="${pair#*:}"
  if [ -n "${!var:-}" ]; then onboard+=("--${pair%%:*}" "${!var}"); fi
done
openclaw onboard "${onboard[@]}" || warn "openclaw onboard failed; applying the settings one by one"

config set gateway.port "$port" --json
config set gateway.bind "$bind"
if [ -n "${OPENCLAW_GATEWAY_TOKEN:-}" ]; then
  config set gateway.auth.mode token
  config set gateway.auth.token "$OPENCLAW_GATEWAY_TOKEN"
fi

# Channels (name, the variable holding its token, the config key for it): on with their token, or
# off with the token gone.
for channel in discord:DISCORD_BOT_TOKEN:token telegram:TELEGRAM_BOT_TOKEN:botToken slack:SLACK_BOT_TOKEN:botToken; do
  IFS=: read -r name var key <<< "$channel"
  switch="CHANNEL_${name^^}"
  if [ "${!switch:-false}" = true ]; then
    config set "channels.$name.enabled" true --json
    config set "plugins.entries.$name.enabled" true --json
    if [ -n "${!var:-}" ]; then config set "channels.$name.$key" "${!var}"; else warn "$switch is on but $var is empty"; fi
  else
    config set "channels.$name.enabled" false --json
    config set "plugins.entries.$name.enabled" false --json
    config unset "channels.$name.$key"
  fi
done
# Slack's socket mode also wants its app token.
if [ "${CHANNEL_SLACK:-false}" = true ] && [ -n "${SLACK_APP_TOKEN:-}" ]; then
  config set channels.slack.appToken "$SLACK_APP_TOKEN"
else
  config unset channels.slack.appToken
fi

# The default model; the Claude 4.6 names written with a dot are spelled as OpenClaw knows them.
if [ -n "${AGENT_DEFAULT_MODEL:-}" ]; then
  model="$AGENT_DEFAULT_MODEL"
  short="${model#anthropic/}"
  short="${short#claude-}"
  case "$short" in sonnet-4.6 | opus-4.6) model="anthropic/claude-${short/./-}" ;; esac
  openclaw models set "$model" > /dev/null 2>&1 || warn "the default model $model did not apply"
fi

say "starting the gateway on port $port"
exec openclaw gateway --port "$port" --bind "$bind" --allow-unconfigured
{{- end }}
