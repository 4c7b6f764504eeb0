{{- define "sub.helper" -}}helper-of-{{ .Chart.Name }}{{- end -}}
