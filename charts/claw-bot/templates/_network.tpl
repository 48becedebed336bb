{{/*
Service <fullname>[suffix]: (dict "ctx" CONTEXT "name" PORT-NAME "target" TARGET-PORT
["port" N] ["type" T] ["suffix" S] ["component" C]); port and type default to .Values.service's.
*/}}
{{- define "claw-bot.service" -}}
{{- $ctx := .ctx }}
{{- include "claw-bot.head" (concat (list $ctx "v1" "Service" (.suffix | default "")) (compact (list .component))) }}
spec:
  type: {{ .type | default $ctx.Values.service.type }}
  ports:
    - {name: {{ .name }}, port: {{ .port | default $ctx.Values.service.port }}, targetPort: {{ .target }}, protocol: TCP}
  selector:
    {{- include "claw-bot.selector" $ctx | nindent 4 }}
    {{- with .component }}
    app.kubernetes.io/component: {{ . }}
    {{- end }}
{{- end }}

{{/*
NetworkPolicies of the release's pods: (list CONTEXT (dict NAME-SUFFIX RULES...) [COMPONENT]),
RULES being the policy's types and rules as YAML; one policy per entry, in name order, for the
pods of the release (of its COMPONENT only, when given).
*/}}
{{- define "claw-bot.policies" -}}
{{- $ctx := index . 0 }}{{ $all := index . 1 }}
{{- range $i, $suffix := keys $all | sortAlpha }}
{{- if $i }}
---
{{- end }}
{{ include "claw-bot.head" (list $ctx "networking.k8s.io/v1" "NetworkPolicy" $suffix) }}
spec:
  podSelector:
    matchLabels:
      {{- include "claw-bot.selector" $ctx | nindent 6 }}
      {{- range slice $ 2 }}
      app.kubernetes.io/component: {{ . }}
      {{- end }}
  {{- index $all $suffix | nindent 2 }}
{{- end }}
{{- end }}

{{/*
A bot is shut in unless its values open it: nothing in but what networkPolicy.ingress lets in
(its Service port), nothing out but DNS and, with networkPolicy.egress, everything else. Four
policies (-default-deny, -allow-dns, -allow-egress, -allow-ingress), or with the description's
`policies: one` the same in a single policy <fullname>.
*/}}
{{- define "claw-bot.networkPolicies" -}}
{{- $bot := include "bot.description" . | fromYaml }}
{{- $open := .Values.networkPolicy }}
{{- $dns := "{ports: [{protocol: UDP, port: 53}, {protocol: TCP, port: 53}]}" }}
{{- $in := printf "{ports: [{protocol: TCP, port: %v}]}" .Values.service.port }}
{{- $policies := dict }}
{{- if eq ($bot.policies | default "") "one" }}
{{- $_ := set $policies "" (printf "policyTypes: [Ingress, Egress]\n%segress: [%s%s]" (ternary "ingress: [{}]\n" "" $open.ingress) $dns (ternary ", {}" "" $open.egress)) }}
{{- else }}
{{- $_ := set $policies "-default-deny" "policyTypes: [Ingress, Egress]" }}
{{- $_ := set $policies "-allow-dns" (printf "policyTypes: [Egress]\negress: [%s]" $dns) }}
{{- $_ := set $policies "-allow-egress" (printf "policyTypes: [Egress]\negress: [%s]" (ternary "{}" "" $open.egress)) }}
{{- if $open.ingress }}
{{- $_ := set $policies "-allow-ingress" (printf "policyTypes: [Ingress]\ningress: [%s]" $in) }}
{{- end }}
{{- end }}
{{- include "claw-bot.policies" (list . $policies) }}
{{- end }}

{{/*
networkPolicy.useCilium: a CiliumNetworkPolicy <fullname> letting DNS go through Cilium's proxy
(so that it can tell names) and egress reach networkPolicy.allowedDomains (on
networkPolicy.allowedPorts, when given); with networkPolicy.ingress, the Service port in.
*/}}
{{- define "claw-bot.cilium" -}}
{{- $open := .Values.networkPolicy }}
{{- include "claw-bot.head" (list . "cilium.io/v2" "CiliumNetworkPolicy" "") }}
spec:
  endpointSelector:
    matchLabels:
      {{- include "claw-bot.selector" . | nindent 6 }}
  egress:
    - toEndpoints: [{matchLabels: {io.kubernetes.pod.namespace: kube-system, k8s-app: kube-dns}}]
      toPorts: [{ports: [{port: "53", protocol: ANY}], rules: {dns: [{matchPattern: "*"}]}}]
    {{- with $open.allowedDomains }}
    - toFQDNs:
        {{- range . }}
        - matchPattern: {{ . | quote }}
        {{- end }}
      {{- with $open.allowedPorts }}
      toPorts:
        - ports:
            {{- range . }}
            - {port: {{ .port | toString | quote }}, protocol: {{ .protocol | default "TCP" }}}
            {{- end }}
      {{- end }}
    {{- end }}
  {{- if $open.ingress }}
  ingress:
    - toPorts: [{ports: [{port: {{ .Values.service.port | toString | quote }}, protocol: TCP}]}]
  {{- end }}
{{- end }}
