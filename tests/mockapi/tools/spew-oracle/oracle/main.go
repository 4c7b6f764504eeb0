// oracle: for each JSON PodTemplateSpec on stdin (one a line, or "N<TAB>JSON" to hash with
// collisionCount N) print the go-spew string DeepHashObject writes and ComputeHash's
// pod-template-hash, as Kubernetes 1.32's deployment controller computes them.
// Built by ../build.sh. The JSON is decoded, re-encoded and decoded
// again, and empty slices and maps are set to nil: what the apiserver's protobuf
// round trip does before the controller sees the template.
package main

import (
	"bufio"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"os"
	"reflect"
	"strconv"
	"strings"

	"github.com/davecgh/go-spew/spew"
	v1 "k8s.io/api/core/v1"
)

// proto round trip: empty slices and maps decode as nil
func nilEmpty(v reflect.Value) {
	switch v.Kind() {
	case reflect.Ptr:
		if !v.IsNil() {
			nilEmpty(v.Elem())
		}
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).PkgPath != "" {
				continue
			}
			nilEmpty(v.Field(i))
		}
	case reflect.Slice:
		if v.Len() == 0 {
			if !v.IsNil() && v.CanSet() {
				v.Set(reflect.Zero(v.Type()))
			}
			return
		}
		for i := 0; i < v.Len(); i++ {
			nilEmpty(v.Index(i))
		}
	case reflect.Map:
		if v.Len() == 0 && !v.IsNil() && v.CanSet() {
			v.Set(reflect.Zero(v.Type()))
		}
	}
}

func main() {
	sc := bufio.NewScanner(os.Stdin)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		line := sc.Text()
		if strings.TrimSpace(line) == "" {
			continue
		}
		var coll *int32
		if i := strings.IndexByte(line, '\t'); i > 0 {
			n, _ := strconv.Atoi(line[:i])
			c := int32(n)
			coll = &c
			line = line[i+1:]
		}
		var t v1.PodTemplateSpec
		if err := json.Unmarshal([]byte(line), &t); err != nil {
			fmt.Println("ERR", err)
			continue
		}
		b, _ := json.Marshal(&t)
		t = v1.PodTemplateSpec{}
		json.Unmarshal(b, &t)
		nilEmpty(reflect.ValueOf(&t))
		printer := spew.ConfigState{Indent: " ", SortKeys: true, DisableMethods: true, SpewKeys: true}
		s := printer.Sprintf("%#v", t)
		h := fnv.New32a()
		h.Write([]byte(s))
		if coll != nil {
			buf := make([]byte, 4)
			binary.LittleEndian.PutUint32(buf, uint32(*coll))
			h.Write(buf)
		}
		dec := fmt.Sprint(h.Sum32())
		const al = "bcdfghjklmnpqrstvwxz2456789"
		r := []byte(dec)
		for i, c := range r {
			r[i] = al[int(c)%len(al)]
		}
		fmt.Println(s)
		fmt.Println(string(r))
	}
}
