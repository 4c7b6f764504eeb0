{{- define "mc.bad" -}}
line1
  {{ .nope.deeper }}
{{- end -}}
{{- define "mc.ok" -}}ok:{{ .Values.x }}{{- end -}}
{{- define "mc.redef" -}}first{{- end -}}
