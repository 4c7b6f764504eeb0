// extract (../build.sh): print a Go file keeping only its import and type declarations.
package main

import (
	"go/ast"
	"go/parser"
	"go/printer"
	"go/token"
	"os"
)

func main() {
	fs := token.NewFileSet()
	f, err := parser.ParseFile(fs, os.Args[1], nil, 0)
	if err != nil {
		panic(err)
	}
	var decls []ast.Decl
	for _, d := range f.Decls {
		if g, ok := d.(*ast.GenDecl); ok && (g.Tok == token.TYPE || g.Tok == token.IMPORT) {
			decls = append(decls, g)
		}
	}
	f.Decls = decls
	f.Name.Name = os.Args[2]
	printer.Fprint(os.Stdout, fs, f)
}
