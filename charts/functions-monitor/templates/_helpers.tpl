{{/* The chart's name, or nameOverride: the app.kubernetes.io/name label. */}}
{{- define "functions-monitor.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end }}

{{/* The release's object name prefix: fullnameOverride, else <release>-<name>, or the release name alone when it
     already contains the name. Sides append -chart, -metrics, ... so it stays within 55 characters. */}}
{{- define "functions-monitor.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 55 | trimSuffix "-" -}}
{{- else -}}
{{- $name := include "functions-monitor.name" . -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 55 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 55 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end }}

{{/* The labels every object carries. */}}
{{- define "functions-monitor.labels" -}}
app.kubernetes.io/name: {{ include "functions-monitor.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/part-of: {{ include "functions-monitor.name" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Every pod of this release: name and instance. */}}
{{- define "functions-monitor.releasePods" -}}
app.kubernetes.io/name: {{ include "functions-monitor.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/* The pods of one side: name, instance and component. Call with (list $ "chart"|"metrics"). */}}
{{- define "functions-monitor.selector" -}}
{{ include "functions-monitor.releasePods" (index . 0) }}
app.kubernetes.io/component: {{ index . 1 }}
{{- end }}

{{/* A side's object name: <fullname>-<side>. Call with (list $ "chart"|"metrics"). */}}
{{- define "functions-monitor.side" -}}
{{- printf "%s-%s" (include "functions-monitor.fullname" (index . 0)) (index . 1) -}}
{{- end }}

{{/* PromQL label matchers for one side's pods of this release, by the namespace and pod labels the scrape gives every
series (prometheus.labels): a Deployment's pods are named <side object>-<replica set hash>-<suffix>. Call with
(list $ "chart"|"metrics"). */}}
{{- define "functions-monitor.podMatchers" -}}
{{- $root := index . 0 -}}
{{- $labels := $root.Values.prometheus.labels -}}
{{- printf "%s=%q,%s=~%q" $labels.namespace $root.Release.Namespace $labels.pod (printf "%s-[a-z0-9]+-[a-z0-9]+" (include "functions-monitor.side" .)) -}}
{{- end }}

{{/* minReplicas of a side: the value, else the scaling's default. Call with (list $ "chart"|"metrics"). */}}
{{- define "functions-monitor.minReplicas" -}}
{{- $root := index . 0 -}}
{{- $side := index $root.Values (index . 1) -}}
{{- if kindIs "invalid" $side.minReplicas -}}
{{- if eq $root.Values.scaling "addon" -}}{{ ternary 0 2 (eq (index . 1) "chart") }}{{- else -}}1{{- end -}}
{{- else -}}
{{- $side.minReplicas -}}
{{- end -}}
{{- end }}

{{/* Requests in flight per pod before KEDA adds one (values.yaml, scaleAtPercent). Call with (list $ side). */}}
{{- define "functions-monitor.concurrencyTarget" -}}
{{- $root := index . 0 -}}
{{- $capacity := 0 -}}
{{- if eq (index . 1) "chart" -}}
{{- $capacity = add $root.Values.chart.renders.concurrent $root.Values.chart.renders.queued -}}
{{- else -}}
{{- $capacity = $root.Values.metrics.inFlight -}}
{{- end -}}
{{- max 1 (div (mul $capacity $root.Values.scaleAtPercent) 100) -}}
{{- end }}

{{/* The add-on's interceptor proxy, by its cluster DNS name. */}}
{{- define "functions-monitor.interceptor" -}}
keda-add-ons-http-interceptor-proxy.{{ .Values.addon.namespace }}.svc.cluster.local
{{- end }}

{{/* The Ingress's ExternalName Service for the interceptor: a Service name, so at most 63 characters. */}}
{{- define "functions-monitor.interceptorService" -}}
{{- include "functions-monitor.fullname" . | trunc 51 | trimSuffix "-" }}-interceptor
{{- end }}

{{/* The namespace whose pods connect to the app's http port from outside the release: the add-on's interceptor, or
     the exposure's proxies. */}}
{{- define "functions-monitor.frontNamespace" -}}
{{- if eq .Values.scaling "addon" -}}{{ .Values.addon.namespace }}
{{- else if eq .Values.exposure "gateway" -}}{{ .Values.gateway.proxyNamespace }}
{{- else if eq .Values.exposure "ingress" -}}{{ .Values.ingress.controllerNamespace }}
{{- else -}}{{ .Values.istio.gatewayNamespace }}
{{- end -}}
{{- end }}

{{/* The public routes, each as path, match (Exact|Prefix) and side, metrics side first. */}}
{{- define "functions-monitor.routes" -}}
{{- $routes := list -}}
{{- range $side := list "metrics" "chart" -}}
{{- range (index $.Values $side).paths -}}
{{- $routes = append $routes (dict "path" .path "match" .match "side" $side) -}}
{{- end -}}
{{- end -}}
{{- toJson $routes -}}
{{- end }}
