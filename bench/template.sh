#!/bin/sh
# bench/template.sh [N_TEMPLATES] — render a generated chart (N templates, default
# 300, each calling nested helpers from _helpers.tpl, toYaml, range, tpl, printf)
# with `build/kc chart template` (the product), with the library driver
# build/tests/tools/kc-helm-template (chart_prepare → helm_render_chart →
# chart_template_output, no CLI) and with helmref (Go's text/template + Sprig),
# check the outputs are identical, and print CPU/wall time and peak RSS (from
# /usr/bin/time -v) and kc's ratios against the targets: kc ≥ 10× faster,
# ≤ 1/5 of helmref's peak RSS. kc's RSS is also split into its floor (the same
# command on a one-template chart: binary, shared libraries, startup) and the
# part rendering this chart adds (heap, mostly).
# REPS (default 3) runs each and keeps the best of each measure.
set -e
cd "$(dirname "$0")/.." || exit 1
N=${1:-300}
REPS=${REPS:-3}
for c in "$HELMREF" /work/shared/tools/helmref/helmref "$HOME/.cache/helmref/helmref"; do
	if [ -n "$c" ] && [ -x "$c" ]; then HELMREF=$c; break; fi
done
[ -x "$HELMREF" ] || { echo "bench/template.sh: helmref not found" >&2; exit 1; }
KC=${KC:-build/kc}
DRV=${DRV:-build/tests/tools/kc-helm-template}
make -s "$KC" "$DRV" >/dev/null # up to date with the sources
if [ -n "$BENCH_DIR" ]; then # keep the chart and outputs there (for profiling)
	W=$BENCH_DIR
	mkdir -p "$W"
else
	W=$(mktemp -d)
	trap 'rm -rf "$W"' EXIT
fi
C=$W/big
mkdir -p "$C/templates"
cat >"$C/Chart.yaml" <<'Y'
apiVersion: v2
name: big
version: 1.2.3
appVersion: "4.5.6"
Y
{
	echo 'global:'
	echo '  registry: docker.io'
	echo '  labels: {team: platform, tier: backend}'
	echo 'components:'
	i=0
	while [ $i -lt 20 ]; do
		cat <<Y
  c$i:
    enabled: true
    replicas: $((i % 4 + 1))
    image: {repository: org/c$i, tag: "v1.$i.0", pullPolicy: IfNotPresent}
    env:
      - {name: LOG_LEVEL, value: debug}
      - {name: PORT, value: "80$i"}
      - {name: NAME, value: "c$i"}
    resources:
      limits: {cpu: "${i}00m", memory: "${i}28Mi"}
      requests: {cpu: 100m, memory: 64Mi}
    ports: [{name: http, containerPort: 8080}, {name: metrics, containerPort: 9090}]
    annotations: {prometheus.io/scrape: "true", note: "component $i of the big chart"}
    config: |
      key = value-$i
      other = {{ .Release.Name }}-$i
Y
		i=$((i + 1))
	done
} >"$C/values.yaml"
cat >"$C/templates/_helpers.tpl" <<'Y'
{{- define "big.name" -}}{{ default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}{{- end -}}
{{- define "big.fullname" -}}
{{- $name := include "big.name" . -}}
{{- if contains $name .Release.Name -}}{{ .Release.Name | trunc 63 }}{{- else -}}{{ printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}{{- end -}}
{{- end -}}
{{- define "big.chart" -}}{{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}{{- end -}}
{{- define "big.selectorLabels" -}}
app.kubernetes.io/name: {{ include "big.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}
{{- define "big.labels" -}}
helm.sh/chart: {{ include "big.chart" . }}
{{ include "big.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- range $k, $v := .Values.global.labels }}
{{ $k }}: {{ $v | quote }}
{{- end }}
{{- end -}}
{{- define "big.image" -}}
{{- $c := index .Values.components .comp -}}
{{ .Values.global.registry }}/{{ $c.image.repository }}:{{ $c.image.tag | default .Chart.AppVersion }}
{{- end -}}
{{- define "big.env" -}}
{{- range . }}
- name: {{ .name }}
  value: {{ .value | quote }}
{{- end }}
{{- end -}}
Y
i=0
while [ $i -lt "$N" ]; do
	comp=c$((i % 20))
	cat >"$C/templates/t$i.yaml" <<Y
{{- \$c := index .Values.components "$comp" }}
{{- if \$c.enabled }}
{{- \$ctx := merge (dict "comp" "$comp") . }}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "big.fullname" . }}-t$i
  labels:
    {{- include "big.labels" . | nindent 4 }}
  annotations:
    {{- toYaml \$c.annotations | nindent 4 }}
    checksum/config: {{ tpl \$c.config . | sha256sum }}
spec:
  replicas: {{ \$c.replicas }}
  selector:
    matchLabels:
      {{- include "big.selectorLabels" . | nindent 6 }}
  template:
    metadata:
      labels:
        {{- include "big.selectorLabels" . | nindent 8 }}
    spec:
      containers:
        - name: {{ printf "%s-%d" "$comp" $i | lower }}
          image: {{ include "big.image" \$ctx | quote }}
          imagePullPolicy: {{ \$c.image.pullPolicy }}
          env:
            {{- include "big.env" \$c.env | indent 12 }}
          ports:
          {{- range \$c.ports }}
            - name: {{ .name }}
              containerPort: {{ .containerPort }}
          {{- end }}
          resources:
            {{- toYaml \$c.resources | nindent 12 }}
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ include "big.fullname" . }}-t$i-config
data:
  config: |
    {{- tpl \$c.config . | nindent 4 }}
  list: {{ list 1 2 3 | join "," | quote }}
  upper: {{ "$comp" | upper | b64enc }}
{{- end }}
Y
	i=$((i + 1))
done
# best TOOL... → "wall-seconds kbytes cpu-seconds": each the minimum over REPS
# runs (peak RSS from /usr/bin/time -v; CPU from perf stat's task-clock when
# perf works — all threads, millisecond resolution — else /usr/bin/time's
# user+sys, which has 10 ms resolution)
PERF=
if perf stat -x, -e task-clock -o "$W/perf" -- true 2>/dev/null; then PERF=perf; fi
best() {
	bs="" bk="" bc=""
	r=0
	while [ $r -lt "$REPS" ]; do
		/usr/bin/time -v "$@" >"$W/out" 2>"$W/time" || { cat "$W/time" >&2; exit 1; }
		s=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$W/time" |
			awk -F: '{ if (NF == 3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
		k=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$W/time")
		if [ -n "$PERF" ]; then
			perf stat -x, -e task-clock -o "$W/perf" -- "$@" >/dev/null 2>&1 || exit 1
			c=$(awk -F, '$3 == "task-clock" { print $1 / 1000 }' "$W/perf")
		else
			u=$(sed -n 's/.*User time (seconds): //p' "$W/time")
			y=$(sed -n 's/.*System time (seconds): //p' "$W/time")
			c=$(awk -v u="$u" -v y="$y" 'BEGIN { print u + y }')
		fi
		bs=$(awk -v a="$s" -v b="$bs" 'BEGIN { print (b == "" || a < b) ? a : b }')
		bk=$(awk -v a="$k" -v b="$bk" 'BEGIN { print (b == "" || a < b) ? a : b }')
		bc=$(awk -v a="$c" -v b="$bc" 'BEGIN { print (b == "" || a < b) ? a : b }')
		r=$((r + 1))
	done
	echo "$bs $bk $bc"
}
# the floor: the same command on a chart with one small template
F=$W/floor
mkdir -p "$F/templates"
cp "$C/Chart.yaml" "$F/"
printf 'kind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\n' >"$F/templates/cm.yaml"
FR=$(best "$KC" chart template release-name "$F")
KR=$(best "$KC" chart template release-name "$C")
cp "$W/out" "$W/kc.out"
DR=$(best "$DRV" "$C")
cp "$W/out" "$W/drv.out"
HR=$(best "$HELMREF" template release-name "$C")
cp "$W/out" "$W/helmref.out"
for o in kc drv; do
	if ! cmp -s "$W/$o.out" "$W/helmref.out"; then
		echo "bench/template.sh: $o and helmref outputs differ:" >&2
		diff "$W/helmref.out" "$W/$o.out" | head -20 >&2
		exit 1
	fi
done
echo "chart: $N templates, $(wc -c <"$W/kc.out") bytes of output (identical)"
set -- $FR
fr=$2
set -- $KR
kt=$1 kr=$2 kc=$3
set -- $DR
dt=$1 dr=$2 dc=$3
set -- $HR
ht=$1 hr=$2 hc=$3
echo "kc chart template:  $kt s wall, $kc s CPU, $kr KiB peak RSS ($fr KiB floor + $((kr - fr)) KiB for this chart)"
echo "kc-helm-template:   $dt s wall, $dc s CPU, $dr KiB peak RSS (library driver, fewer shared libraries)"
echo "helmref template:   $ht s wall, $hc s CPU, $hr KiB peak RSS"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) (wall times on a busy machine mostly measure waiting)"
awk -v kt="$kt" -v kr="$kr" -v kc="$kc" -v ht="$ht" -v hr="$hr" -v hc="$hc" -v fr="$fr" 'BEGIN {
	if (kt < 0.005) kt = 0.005
	if (kc < 0.005) kc = 0.005
	printf "kc chart template vs helmref:\n"
	printf "  speed-up: %.1fx wall, %.1fx CPU (target >= 10x)\n", ht / kt, hc / kc
	printf "  RSS: %.2f of helmref (target <= 0.20); the part above the floor: %.2f\n", kr / hr, (kr - fr) / hr }'
