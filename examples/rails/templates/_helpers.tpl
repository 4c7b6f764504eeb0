{{/* The chart name, shortened to fit a DNS label. */}}
{{- define "rails.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* The full name: release-chart, or the release name when it already holds the chart name. */}}
{{- define "rails.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "rails.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "rails.selectorLabels" -}}
app.kubernetes.io/name: {{ include "rails.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "rails.labels" -}}
helm.sh/chart: {{ include "rails.chart" . }}
{{ include "rails.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "rails.image" -}}
{{- printf "%s:%s" .Values.image.repository (.Values.image.tag | default .Chart.AppVersion) }}
{{- end }}

{{/* The Secret holding SECRET_KEY_BASE and DATABASE_URL. */}}
{{- define "rails.secretName" -}}
{{- .Values.secrets.existingSecret | default (printf "%s-secrets" (include "rails.fullname" .)) }}
{{- end }}

{{/* Environment shared by the web pods and the migration Job. */}}
{{- define "rails.envFrom" -}}
- configMapRef:
    name: {{ include "rails.fullname" . }}-config
- secretRef:
    name: {{ include "rails.secretName" . }}
{{- end }}
