{{/* A PersistentVolumeClaim <fullname>[suffix]: (list CONTEXT SUFFIX PERSISTENCE [COMPONENT]), PERSISTENCE being {size, storageClass}. */}}
{{- define "claw-bot.pvc" -}}
{{- $p := index . 2 }}
{{- include "claw-bot.head" (concat (list (index . 0) "v1" "PersistentVolumeClaim" (index . 1)) (slice . 3)) }}
spec:
  accessModes: [ReadWriteOnce]
  resources: {requests: {storage: {{ $p.size | toString | quote }}}}
  {{- with $p.storageClass }}
  storageClassName: {{ . | quote }}
  {{- end }}
{{- end }}

{{/*
backup.enabled: CronJob <fullname>-backup runs the backup image on backup.schedule, never two at
once. Its container, and the restore init container backup.restoreOnStartup adds, are both
"claw-bot.backupContainer".
*/}}
{{- define "claw-bot.backupCronJob" -}}
{{- $bot := include "bot.description" . | fromYaml }}
{{- include "claw-bot.head" (list . "batch/v1" "CronJob" "-backup" "backup") }}
spec:
  schedule: {{ .Values.backup.schedule | quote }}
  concurrencyPolicy: Forbid
  successfulJobsHistoryLimit: 3
  failedJobsHistoryLimit: 3
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
            - {{- include "claw-bot.backupContainer" (list . "backup") | nindent 14 }}
          {{- if eq $bot.backup "volume" }}
          volumes:
            - {name: workspace, persistentVolumeClaim: {claimName: {{ include "claw-bot.fullname" . }}}}
          {{- end }}
{{- end }}

{{/*
The backup image's container: (list CONTEXT VERB), VERB backup or restore. A bot that keeps its
data on a volume (`backup: volume`) has the volume at /workspace, read and written as root (the
files belong to whoever the bot runs as); one with a database (`backup: database`) dumps and
loads DATABASE_URL. S3 credentials come from backup.credentials' key references when named, else
from the whole Secret backup.credentialsSecret or backup.secretName (for the CronJob of a chart
that declares backup.secretName, <fullname>-backup when neither is set).
*/}}
{{- define "claw-bot.backupContainer" -}}
{{- $ctx := index . 0 }}{{ $verb := index . 1 }}
{{- $b := $ctx.Values.backup }}
{{- $volume := eq (include "bot.description" $ctx | fromYaml).backup "volume" }}
{{- $fullname := include "claw-bot.fullname" $ctx }}
{{- $env := list }}
{{- if not $volume }}
{{- $env = append $env (dict "name" "DATABASE_URL" "valueFrom" (dict "secretKeyRef" (dict "name" $fullname "key" "DATABASE_URL"))) }}
{{- end }}
{{- if and (eq $verb "backup") $b.s3.endpoint }}
{{- $env = append $env (dict "name" "AWS_ENDPOINT_URL" "value" $b.s3.endpoint) }}
{{- end }}
{{- $refs := dict "AWS_ACCESS_KEY_ID" $b.credentials.accessKeyIdSecretRef "AWS_SECRET_ACCESS_KEY" $b.credentials.secretAccessKeySecretRef }}
{{- range $var, $ref := $refs }}
{{- with $ref.name }}
{{- $env = append $env (dict "name" $var "valueFrom" (dict "secretKeyRef" (dict "name" . "key" ($ref.key | default "value")))) }}
{{- end }}
{{- end }}
{{- $args := list $verb "--mode" $b.mode }}
{{- if $volume }}{{ $args = concat $args (list "--workspace" "/workspace") }}{{ end }}
{{- range $flag, $value := dict "bucket" $b.s3.bucket "endpoint" $b.s3.endpoint "region" $b.s3.region "prefix" ($b.s3.prefix | default $fullname) }}
{{- $args = concat $args (list (printf "--%s" $flag) $value) }}
{{- end }}
{{- $fallback := and (eq $verb "backup") (hasKey $b "secretName") | ternary (printf "%s-backup" $fullname) "" -}}
name: {{ eq $verb "backup" | ternary "backup" (printf "restore-%s" ($volume | ternary "workspace" "database")) }}
image: {{ printf "%s:%v" $b.image.repository $b.image.tag | quote }}
imagePullPolicy: {{ $b.image.pullPolicy }}
{{- if $volume }}
securityContext: {runAsUser: 0, runAsGroup: 0, runAsNonRoot: false}
volumeMounts: [{name: workspace, mountPath: /workspace}]
{{- end }}
args: {{ toJson $args }}
{{- with $env }}
env:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- if not ($refs.AWS_ACCESS_KEY_ID.name | default $refs.AWS_SECRET_ACCESS_KEY.name) }}
{{- with $b.credentialsSecret | default $b.secretName | default $fallback }}
envFrom: [{secretRef: {name: {{ . }}}}]
{{- end }}
{{- end }}
{{- end }}

{{/*
workspace.enabled: before the first start (a pre-install hook), Job <fullname>-workspace fills
the bot's volume from S3 (workspace.s3, credentials from Secret workspace.s3.secretName) or from a
GitHub repository (workspace.github, GITHUB_TOKEN from Secret workspace.github.secretName).
*/}}
{{- define "claw-bot.workspaceJob" -}}
{{- $w := .Values.workspace }}
{{- $from := dict
  "s3" (dict "image" "amazon/aws-cli:latest" "secret" $w.s3.secretName
    "env" (list (dict "name" "AWS_DEFAULT_REGION" "value" ($w.s3.region | default "us-east-1")))
    "run" (printf "aws s3 sync %s /workspace" (printf "s3://%s/%s" $w.s3.bucket $w.s3.prefix | trimSuffix "/" | quote)))
  "github" (dict "image" "alpine/git:latest" "secret" $w.github.secretName
    "run" (printf "set -e\ngit clone --depth 1 --branch %s \"https://${GITHUB_TOKEN}@github.com/%s.git\" /tmp/import\ncp -a %s /workspace/\n" ($w.github.branch | default "main" | quote) $w.github.repository (printf "/tmp/import/%s" $w.github.path | trimSuffix "/" | printf "%s/." | quote))) }}
{{- $how := index $from $w.provider | required (printf "workspace.provider %q: use s3 or github" $w.provider) }}
{{- include "claw-bot.head" (list . "batch/v1" "Job" "-workspace") }}
  annotations:
    helm.sh/hook: pre-install
    helm.sh/hook-weight: "-5"
    helm.sh/hook-delete-policy: before-hook-creation,hook-succeeded
spec:
  backoffLimit: 2
  template:
    metadata:
      labels:
        {{- include "claw-bot.selector" . | nindent 8 }}
        app.kubernetes.io/component: workspace-import
    spec:
      restartPolicy: Never
      containers:
        - name: workspace-import
          image: {{ $how.image }}
          command: [sh, -c, {{ $how.run | quote }}]
          {{- with $how.env }}
          env: {{- toYaml . | nindent 12 }}
          {{- end }}
          envFrom: [{secretRef: {name: {{ $how.secret }}}}]
          volumeMounts: [{name: workspace, mountPath: /workspace}]
      volumes:
        - {name: workspace, persistentVolumeClaim: {claimName: {{ include "claw-bot.fullname" . }}}}
{{- end }}
