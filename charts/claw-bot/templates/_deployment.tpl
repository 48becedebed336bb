{{/*
The bot's Deployment: the library's init containers (restore from backup, config seed) and the
chart's own, then the bot container: its start script or command, port, env (envSecrets, the
env ConfigMap), probes from healthCheck, resources, and the mounts "claw-bot.mounts" lists.
*/}}
{{- define "claw-bot.deployment" -}}
{{- $bot := include "bot.description" . | fromYaml }}
{{- $fullname := include "claw-bot.fullname" . }}
{{- $mounts := list }}
{{- $volumes := list }}
{{- range include "claw-bot.mounts" . | fromYamlArray }}
{{- $mounts = append $mounts (omit . "volume") }}
{{- $volumes = append $volumes (merge (dict "name" .name) .volume) }}
{{- end }}
{{- $init := list }}
{{- if and $bot.backup .Values.backup .Values.backup.enabled .Values.backup.restoreOnStartup }}
{{- $init = append $init (include "claw-bot.backupContainer" (list . "restore") | fromYaml) }}
{{- end }}
{{- if and (eq ($bot.configFile | default "") "seed") .Values.configFile.enabled }}
{{- $volumes = append $volumes (dict "name" "config-seed" "secret" (dict "secretName" (printf "%s-config" $fullname))) }}
{{- $init = append $init (include "claw-bot.configSeed" . | fromYaml) }}
{{- end }}
{{- $init = concat $init ($bot.initContainers | default list) }}
{{- include "claw-bot.head" (list . "apps/v1" "Deployment" "") }}
spec:
  replicas: {{ .Values.replicas }}
  selector:
    matchLabels:
      {{- include "claw-bot.selector" . | nindent 6 }}
  template:
    metadata:
      labels:
        {{- include "claw-bot.labels" . | nindent 8 }}
      {{- if $bot.shell }}
      annotations:
        # A changed setting or start script starts the bot afresh.
        checksum/settings: {{ include "claw-bot.settings" . | sha256sum }}
        checksum/startup: {{ include "claw-bot.startup" . | sha256sum }}
      {{- end }}
    spec:
      {{- with $bot.podSecurity }}
      securityContext:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $init }}
      initContainers:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      containers:
        - name: {{ $bot.container | default .Chart.Name }}
          image: {{ printf "%s:%v" .Values.image.repository .Values.image.tag | quote }}
          imagePullPolicy: {{ .Values.image.pullPolicy }}
          command:
            {{- ternary (list $bot.shell (printf "/scripts/start-%s.sh" .Chart.Name)) $bot.command (not (empty $bot.shell)) | toYaml | nindent 12 }}
          {{- with $bot.security }}
          securityContext:
            {{- toYaml . | nindent 12 }}
          {{- end }}
          {{- with $bot.port }}
          ports:
            - {name: {{ .name }}, containerPort: {{ .number }}, protocol: TCP}
          {{- end }}
          {{- with .Values.envSecrets }}
          env:
            {{- range . }}
            - name: {{ .envVar }}
              valueFrom:
                secretKeyRef:
                  name: {{ dig "secretRef" "name" .secretName . }}
                  key: {{ dig "secretRef" "key" .secretKey . }}
            {{- end }}
          {{- end }}
          {{- if hasKey $bot "settings" }}
          envFrom:
            - configMapRef:
                name: {{ $fullname }}
          {{- end }}
          {{- with include "claw-bot.probes" (list . $bot) | trim }}{{ . | nindent 10 }}{{ end }}
          resources:
            {{- toYaml .Values.resources | nindent 12 }}
          {{- with $mounts }}
          volumeMounts:
            {{- toYaml . | nindent 12 }}
          {{- end }}
      {{- with $volumes }}
      volumes:
        {{- toYaml . | nindent 8 }}
      {{- end }}
{{- end }}

{{/* configFile.seed: copies the config file into the workspace once, never over the bot's own edits. */}}
{{- define "claw-bot.configSeed" -}}
{{- $file := .Values.configFile }}
name: config-init
image: {{ printf "%s:%v" .Values.image.repository .Values.image.tag | quote }}
imagePullPolicy: {{ .Values.image.pullPolicy }}
command:
  - sh
  - -c
  - |
    f={{ printf "%s/%s" $file.mountPath $file.fileName | quote }}
    [ -e "$f" ] && { echo "config-init: keeping $f"; exit 0; }
    cp "/config-seed/${f##*/}" "$f" && echo "config-init: seeded $f"
volumeMounts:
  - {name: workspace, mountPath: {{ $file.mountPath }}}
  - {name: config-seed, mountPath: /config-seed}
{{- end }}

{{/* The bot container's mounts, each with its volume: [{name, mountPath, subPath, volume}]. */}}
{{- define "claw-bot.mounts" -}}
{{- $bot := include "bot.description" . | fromYaml }}
{{- $fullname := include "claw-bot.fullname" . }}
{{- if $bot.shell }}
- {name: startup, mountPath: /scripts, volume: {configMap: {name: {{ $fullname }}-startup, defaultMode: 0755}}}
{{- end }}
{{- with $bot.secrets }}
- {name: secrets, mountPath: {{ .path }}, volume: {secret: {secretName: {{ .name }}, optional: {{ .optional | default false }}, defaultMode: 0444}}}
{{- range ($.Values.secrets.mounts | default list) }}
- {name: secret-{{ .name }}, mountPath: {{ $bot.secrets.path }}/{{ .name }}, volume: {secret: {secretName: {{ .secretName }}, defaultMode: 0444}}}
{{- end }}
{{- end }}
{{- with $bot.workspace }}
- name: workspace
  mountPath: {{ . }}
  volume: {{ ternary (dict "persistentVolumeClaim" (dict "claimName" $fullname)) (dict "emptyDir" dict) $.Values.persistence.enabled | toJson }}
{{- end }}
{{- if $bot.scratch }}
- {name: tmp, mountPath: /tmp, volume: {emptyDir: {medium: Memory, sizeLimit: 64Mi}}}
{{- end }}
{{- if and (eq ($bot.configFile | default "") "mount") .Values.configFile.enabled }}
- name: config-file
  mountPath: {{ printf "%s/%s" .Values.configFile.mountPath .Values.configFile.fileName }}
  subPath: {{ .Values.configFile.fileName }}
  volume: {secret: {secretName: {{ $fullname }}-config}}
{{- end }}
{{- end }}

{{/*
Liveness and readiness probes from healthCheck (none without it): type httpGet (the default:
GET path), tcpSocket or exec (the description's execProbe), on the bot's port; a startupProbe
as healthCheck.startupProbe says.
*/}}
{{- define "claw-bot.probes" -}}
{{- $ctx := index . 0 }}{{ $bot := index . 1 }}
{{- with $ctx.Values.healthCheck }}
{{- $how := dict "httpGet" (dict "path" .path "port" $bot.port.name) "tcpSocket" (dict "port" $bot.port.name) "exec" (dict "command" $bot.execProbe) }}
{{- $type := .type | default "httpGet" }}
{{- $probe := dict $type (index $how $type | required (printf "healthCheck.type %s: use httpGet, tcpSocket or exec" $type)) }}
{{- range $field := list "initialDelaySeconds" "periodSeconds" "timeoutSeconds" "failureThreshold" }}
{{- with index $ctx.Values.healthCheck $field }}{{ $_ := set $probe $field . }}{{ end }}
{{- end }}
livenessProbe:
  {{- toYaml $probe | nindent 2 }}
readinessProbe:
  {{- toYaml $probe | nindent 2 }}
{{- with .startupProbe }}
{{- if hasKey . "enabled" | ternary .enabled true }}
startupProbe:
  {{- dict $type (index $how $type) | merge (pick . "failureThreshold" "periodSeconds" "timeoutSeconds") | toYaml | nindent 2 }}
{{- end }}
{{- end }}
{{- end }}
{{- end }}
