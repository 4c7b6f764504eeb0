{{- define "common.cm" -}}
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ .Values.name }}
data:
  t: {{ tpl .Values.t . }}
{{- end -}}
