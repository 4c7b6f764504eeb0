// gen.go writes legacy-secret.json: a release Secret exactly as Helm v3's
// "secret" storage driver writes it (pkg/storage/driver/secrets.go: labels
// createdAt/name/owner/status/version, type helm.sh/release.v1,
// data.release = base64(gzip(json.Marshal(release)))), so kc's tests can
// check that kc lists, upgrades and rolls back a release Helm wrote.
//
// The types below restate the JSON shape of helm.sh/helm/v3/pkg/release and
// pkg/chart (field names, tags and order as in v3.21.4); only the Go
// standard library is used, so encoding/json's escaping, key order and
// number formats are Go's own, and the gzip stream is Go's
// (gzip.BestCompression, as encodeRelease). Times are fixed so the file is
// reproducible: run `go run gen.go > legacy-secret.json` in this folder.
package main

import (
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"encoding/json"
	"os"
	"time"
)

// helm.sh/helm/v3/pkg/time.Time: "" when zero, else time.Time's RFC3339Nano.
type helmTime struct{ time.Time }

func (t helmTime) MarshalJSON() ([]byte, error) {
	if t.Time.IsZero() {
		return []byte(`""`), nil
	}
	return t.Time.MarshalJSON()
}

type file struct {
	Name string `json:"name"`
	Data []byte `json:"data"`
}

type metadata struct {
	Name        string `json:"name,omitempty"`
	Version     string `json:"version,omitempty"`
	Description string `json:"description,omitempty"`
	APIVersion  string `json:"apiVersion,omitempty"`
	AppVersion  string `json:"appVersion,omitempty"`
	Type        string `json:"type,omitempty"`
}

type chart struct {
	Metadata  *metadata              `json:"metadata"`
	Lock      *struct{}              `json:"lock"`
	Templates []*file                `json:"templates"`
	Values    map[string]interface{} `json:"values"`
	Schema    []byte                 `json:"schema"`
	Files     []*file                `json:"files"`
}

type info struct {
	FirstDeployed helmTime `json:"first_deployed,omitempty"`
	LastDeployed  helmTime `json:"last_deployed,omitempty"`
	Deleted       helmTime `json:"deleted"`
	Description   string   `json:"description,omitempty"`
	Status        string   `json:"status,omitempty"`
	Notes         string   `json:"notes,omitempty"`
}

type hookExecution struct {
	StartedAt   helmTime `json:"started_at,omitempty"`
	CompletedAt helmTime `json:"completed_at,omitempty"`
	Phase       string   `json:"phase"`
}

type hook struct {
	Name           string        `json:"name,omitempty"`
	Kind           string        `json:"kind,omitempty"`
	Path           string        `json:"path,omitempty"`
	Manifest       string        `json:"manifest,omitempty"`
	Events         []string      `json:"events,omitempty"`
	LastRun        hookExecution `json:"last_run,omitempty"`
	Weight         int           `json:"weight,omitempty"`
	DeletePolicies []string      `json:"delete_policies,omitempty"`
}

type release struct {
	Name      string                 `json:"name,omitempty"`
	Info      *info                  `json:"info,omitempty"`
	Chart     *chart                 `json:"chart,omitempty"`
	Config    map[string]interface{} `json:"config,omitempty"`
	Manifest  string                 `json:"manifest,omitempty"`
	Hooks     []*hook                `json:"hooks,omitempty"`
	Version   int                    `json:"version,omitempty"`
	Namespace string                 `json:"namespace,omitempty"`
}

const cmTemplate = `apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ .Release.Name }}-config
data:
  message: {{ .Values.message | quote }}
`

const manifest = "---\n# Source: legacy/templates/configmap.yaml\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: legacy-config\ndata:\n  message: \"from <helm> & co\"\n"

const hookManifest = "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: legacy-migrate\n  annotations:\n    \"helm.sh/hook\": pre-upgrade,pre-rollback\nspec:\n  backoffLimit: 0\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n        - name: migrate\n          image: busybox:1.36\n          command: [\"sh\", \"-c\", \"echo migrate\"]"

func main() {
	t0 := time.Date(2026, 11, 20, 9, 30, 0, 123456789, time.UTC)
	t1 := time.Date(2026, 11, 20, 9, 30, 1, 500000000, time.UTC)
	rel := &release{
		Name: "legacy",
		Info: &info{
			FirstDeployed: helmTime{t0},
			LastDeployed:  helmTime{t0},
			Description:   "Install complete",
			Status:        "deployed",
			Notes:         "Installed by helm <3.21> & friends.\n",
		},
		Chart: &chart{
			Metadata: &metadata{
				Name: "legacy", Version: "0.1.0", Description: "a chart helm installed",
				APIVersion: "v2", AppVersion: "1.0", Type: "application",
			},
			Templates: []*file{{Name: "templates/configmap.yaml", Data: []byte(cmTemplate)}},
			Values:    map[string]interface{}{"message": "default", "replicas": 1.0},
		},
		Config:   map[string]interface{}{"message": "from <helm> & co"},
		Manifest: manifest,
		Hooks: []*hook{{
			Name: "legacy-migrate", Kind: "Job", Path: "legacy/templates/migrate.yaml",
			Manifest: hookManifest, Events: []string{"pre-upgrade", "pre-rollback"},
			LastRun: hookExecution{StartedAt: helmTime{t0}, CompletedAt: helmTime{t1}, Phase: "Succeeded"},
			DeletePolicies: []string{"before-hook-creation"},
		}},
		Version:   1,
		Namespace: "default",
	}
	js, err := json.Marshal(rel)
	if err != nil {
		panic(err)
	}
	var buf bytes.Buffer
	w, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	w.Write(js)
	w.Close()
	enc := base64.StdEncoding.EncodeToString(buf.Bytes())
	secret := map[string]interface{}{
		"apiVersion": "v1",
		"kind":       "Secret",
		"metadata": map[string]interface{}{
			"name": "sh.helm.release.v1.legacy.v1",
			"labels": map[string]string{
				"createdAt": "1795599000", "name": "legacy", "owner": "helm",
				"status": "deployed", "version": "1",
			},
		},
		"type": "helm.sh/release.v1",
		// Secret.data is []byte: the API carries it base64-encoded once more
		"data": map[string]string{"release": base64.StdEncoding.EncodeToString([]byte(enc))},
	}
	out, _ := json.MarshalIndent(secret, "", "  ")
	os.Stdout.Write(append(out, '\n'))
	if len(os.Args) > 1 {
		os.WriteFile(os.Args[1], js, 0o644)
	}
}
