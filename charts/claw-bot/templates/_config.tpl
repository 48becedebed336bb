{{/* ConfigMap <fullname>: the environment the bot reads (BOT_TYPE, its settings, then env). */}}
{{- define "claw-bot.settings" -}}
{{- $bot := include "bot.description" . | fromYaml }}
{{- include "claw-bot.head" (list . "v1" "ConfigMap" "") }}
data:
  {{- range $key, $value := merge (deepCopy (.Values.env | default dict)) ($bot.settings | default dict) (dict "BOT_TYPE" .Chart.Name) }}
  {{ $key }}: {{ $value | toString | quote }}
  {{- end }}
{{- end }}

{{/* A Secret of the release: (list CONTEXT NAME DATA), DATA's values as given. */}}
{{- define "claw-bot.secret" -}}
{{- $ctx := index . 0 }}
apiVersion: v1
kind: Secret
metadata:
  name: {{ index . 1 }}
  labels:
    {{- include "claw-bot.labels" $ctx | nindent 4 }}
type: Opaque
stringData:
  {{- range $key, $value := index . 2 }}
  {{ $key }}: {{ $value | toString | quote }}
  {{- end }}
{{- end }}

{{/*
(list CONTEXT KEY...): the secrets.KEY values that are set, each under the environment name a
bot reads it by (anthropicApiKey -> ANTHROPIC_API_KEY), as YAML entries.
*/}}
{{- define "claw-bot.secretValues" -}}
{{- $secrets := (index . 0).Values.secrets }}
{{- range $key := rest . }}
{{- with index $secrets $key }}
{{ $key | snakecase | upper }}: {{ . | quote }}
{{- end }}
{{- end }}
{{- end }}

{{/*
ConfigMap <fullname>-startup: start-<chart>.sh, which every bot container runs. The steps all
bots share come first: the files of the bot's Secret become environment variables, and the
tools extraSoftware.toolVersions names are installed with mise (where the image has it; never
fatal). The chart's own "bot.start" follows, and ends by exec'ing the bot.
*/}}
{{- define "claw-bot.startup" -}}
{{- $bot := include "bot.description" . | fromYaml }}
{{- include "claw-bot.head" (list . "v1" "ConfigMap" "-startup") }}
data:
  start-{{ .Chart.Name }}.sh: |
    {{- include "claw-bot.script" (list . $bot) | nindent 4 }}
{{- end }}

{{- define "claw-bot.script" -}}
{{- $ctx := index . 0 }}{{ $bot := index . 1 -}}
#!{{ $bot.shell }}
# {{ $ctx.Chart.Name }}'s start script, made by claw's charts (claw-bot library).
set -e
say() { echo "start-{{ $ctx.Chart.Name }}: $*"; }

secrets={{ dig "secrets" "path" "/etc/claw/secrets" $bot | quote }}
for file in "$secrets"/*; do
  if [ -f "$file" ]; then export "${file##*/}=$(cat "$file")"; fi
done
{{- with $ctx.Values.extraSoftware.toolVersions }}

tools={{ $bot.tools | quote }}
mkdir -p "$tools"
cat > "$tools/.tool-versions" <<'TOOL_VERSIONS'
{{ trimSuffix "\n" . }}
TOOL_VERSIONS
if command -v mise > /dev/null 2>&1; then
  export MISE_CACHE_DIR="$tools/.cache/mise"
  (cd "$tools" && mise install) || say "WARNING: mise install failed; starting without those tools"
else
  say "WARNING: no mise in this image, so the tools in $tools/.tool-versions are not installed"
fi
{{- end }}

{{ include "bot.start" $ctx }}
{{- end }}
