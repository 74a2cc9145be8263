package jsonpos_test

import (
	"fmt"
	"os"

	"github.com/leastpriv/leastpriv/internal/jsonpos"
)

func ExampleParse() {
	src := []byte("{\n  \"Action\": [\"s3:GetObject\", \"s3:Put\\u002a\"],\n  \"Action\": 1e3\n}")
	v, diags := jsonpos.Parse("p.json", src, jsonpos.Options{})
	if len(diags) > 0 {
		diags.Print(os.Stderr)
		return
	}
	for _, m := range v.Members { // duplicates are kept, in order
		fmt.Printf("%s %s at %s\n", m.Key, m.Value.Kind, m.Value.Range)
	}
	e := v.Members[0].Value.Elems[1]
	fmt.Printf("%s = %q (escaped: %v)\n", e.Path, e.Text, e.Escaped)
	fmt.Println(v.Members[1].Value.Text) // numbers keep their literal text
	// Output:
	// Action array at p.json:2:13
	// Action number at p.json:3:13
	// /Action/1 = "s3:Put*" (escaped: true)
	// 1e3
}

func ExampleParse_error() {
	_, diags := jsonpos.Parse("p.json", []byte(`{"Effect": "Allow",}`), jsonpos.Options{})
	diags.Print(os.Stdout)
	// Output:
	// p.json:1:19: error: trailing comma before '}' [JSON_SYNTAX_ERROR]
}
