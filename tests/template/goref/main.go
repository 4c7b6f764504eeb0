// goref: an oracle for tests/template cases that are not Helm renders. It runs
// Go's text/template (the helmref fork, Go 1.26 behaviour) with only Go's
// builtins:
//
//	goref tree FILE            prints "NAME: TREE" for each template (Tree.String)
//	goref exec [-missingkey=default|zero|error] [-data FILE.json] FILE
//
// Template name "t"; data numbers that are integers decode as int64, others
// float64 (as kubectl's unstructured JSON does). Errors go to stderr as
// "Error: MSG", exit 1.
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"sort"

	template "helmref.local/gotemplate"
)

func conv(v interface{}) interface{} {
	switch x := v.(type) {
	case json.Number:
		if i, err := x.Int64(); err == nil {
			return i
		}
		f, _ := x.Float64()
		return f
	case map[string]interface{}:
		for k, e := range x {
			x[k] = conv(e)
		}
	case []interface{}:
		for i, e := range x {
			x[i] = conv(e)
		}
	}
	return v
}

func fail(err error) {
	fmt.Fprintf(os.Stderr, "Error: %s\n", err)
	os.Exit(1)
}

func main() {
	if len(os.Args) < 3 {
		fmt.Fprintln(os.Stderr, "usage: goref tree|exec ...")
		os.Exit(2)
	}
	mode := os.Args[1]
	fs := flag.NewFlagSet(mode, flag.ExitOnError)
	mk := fs.String("missingkey", "default", "")
	data := fs.String("data", "", "")
	fs.Parse(os.Args[2:])
	src, err := os.ReadFile(fs.Arg(0))
	if err != nil {
		fail(err)
	}
	t, err := template.New("t").Option("missingkey=" + *mk).Parse(string(src))
	if err != nil {
		fail(err)
	}
	switch mode {
	case "tree":
		var names []string
		for _, x := range t.Templates() {
			names = append(names, x.Name())
		}
		sort.Strings(names)
		for _, n := range names {
			x := t.Lookup(n)
			if x.Tree == nil || x.Root == nil {
				continue
			}
			fmt.Printf("%s: %s\n", n, x.Root.String())
		}
	case "exec":
		var d interface{}
		if *data != "" {
			b, err := os.ReadFile(*data)
			if err != nil {
				fail(err)
			}
			dec := json.NewDecoder(bytes.NewReader(b))
			dec.UseNumber()
			if err := dec.Decode(&d); err != nil {
				fail(err)
			}
			d = conv(d)
		}
		var out bytes.Buffer
		err := t.Execute(&out, d)
		os.Stdout.Write(out.Bytes())
		if err != nil {
			fail(err)
		}
	}
}
