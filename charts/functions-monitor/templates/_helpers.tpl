{{/* The labels every object carries: the app's own, then Helm's standard ones. */}}
{{- define "functions-monitor.labels" -}}
app.kubernetes.io/name: functions-monitor
app.kubernetes.io/part-of: functions-monitor
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
{{- end }}

{{/* The pods of one side: name and component (the selector). */}}
{{- define "functions-monitor.selector" -}}
app.kubernetes.io/name: functions-monitor
app.kubernetes.io/component: {{ . }}
{{- end }}

{{- define "functions-monitor.addon" -}}
{{- eq .Values.scaling.variant "addon" -}}
{{- end }}

{{/* minReplicas of a side: the value, else the variant's default. Call with (list $ "chart"|"metrics"). */}}
{{- define "functions-monitor.minReplicas" -}}
{{- $root := index . 0 -}}
{{- $side := index $root.Values (index . 1) -}}
{{- if kindIs "invalid" $side.minReplicas -}}
{{- if eq $root.Values.scaling.variant "addon" -}}{{ ternary 0 2 (eq (index . 1) "chart") }}{{- else -}}1{{- end -}}
{{- else -}}
{{- $side.minReplicas -}}
{{- end -}}
{{- end }}
