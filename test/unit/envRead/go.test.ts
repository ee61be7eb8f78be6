// Golden files for the Go environment-read rewrite. Inputs use @LIVE@ / @TEST@
// placeholders that become key-shaped strings at run time (see test/support/testKeys.ts).
import { GoldenCase, goldenTests } from '../../support/envReadGolden';

// A file that already imports os, in a grouped import.
const IMPORTS_OS = ['package main', '', 'import (', '\t"os"', ')', ''];

const CASES: readonly GoldenCase[] = [
  {
    lang: 'go',
    name: 'whole double-quoted (adds import block entry)',
    input: [
      'package main',
      '',
      'import (',
      '\t"fmt"',
      '\t"net/http"',
      ')',
      '',
      'var apiKey = "@LIVE@"',
    ],
    expected: [
      'package main',
      '',
      'import (',
      '\t"fmt"',
      '\t"net/http"',
      '\t"os"',
      ')',
      '',
      'var apiKey = func() string { v, ok := os.LookupEnv("INFINIPOST_API_KEY"); if !ok { panic("INFINIPOST_API_KEY is not set") }; return v }()',
    ],
  },
  {
    lang: 'go',
    name: 'whole raw',
    input: [
      'package main',
      '',
      'var apiKey = `@LIVE@`',
    ],
    expected: [
      'package main',
      '',
      'import "os"',
      '',
      'var apiKey = func() string { v, ok := os.LookupEnv("INFINIPOST_API_KEY"); if !ok { panic("INFINIPOST_API_KEY is not set") }; return v }()',
    ],
  },
  {
    lang: 'go',
    name: 'bearer raw',
    input: [
      'package main',
      '',
      'var auth = `Bearer @LIVE@`',
    ],
    expected: [
      'package main',
      '',
      'import "os"',
      '',
      'var auth = `Bearer ` + func() string { v, ok := os.LookupEnv("INFINIPOST_API_KEY"); if !ok { panic("INFINIPOST_API_KEY is not set") }; return v }()',
    ],
  },
  {
    lang: 'go',
    name: 'bearer',
    input: [
      'package main',
      '',
      'import "net/http"',
      '',
      'func f(r *http.Request) {',
      '\tr.Header.Set("Authorization", "Bearer @LIVE@")',
      '}',
    ],
    expected: [
      'package main',
      '',
      'import "os"',
      'import "net/http"',
      '',
      'func f(r *http.Request) {',
      '\tr.Header.Set("Authorization", "Bearer " + func() string { v, ok := os.LookupEnv("INFINIPOST_API_KEY"); if !ok { panic("INFINIPOST_API_KEY is not set") }; return v }())',
      '}',
    ],
  },
  {
    lang: 'go',
    name: 'url',
    input: [
      'package main',
      '',
      'func u() string {',
      '\treturn "https://x/?key=@LIVE@&a=1"',
      '}',
    ],
    expected: [
      'package main',
      '',
      'import "os"',
      '',
      'func u() string {',
      '\treturn "https://x/?key=" + func() string { v, ok := os.LookupEnv("INFINIPOST_API_KEY"); if !ok { panic("INFINIPOST_API_KEY is not set") }; return v }() + "&a=1"',
      '}',
    ],
  },
  {
    lang: 'go',
    name: 'map value',
    input: [
      'package main',
      '',
      'var m = map[string]string{"key": "@LIVE@"}',
    ],
    expected: [
      'package main',
      '',
      'import "os"',
      '',
      'var m = map[string]string{"key": func() string { v, ok := os.LookupEnv("INFINIPOST_API_KEY"); if !ok { panic("INFINIPOST_API_KEY is not set") }; return v }()}',
    ],
  },
  {
    lang: 'go',
    name: 'method call on literal',
    input: [
      'package main',
      '',
      'import "strings"',
      '',
      'var n = strings.ToUpper("k=@LIVE@")',
    ],
    expected: [
      'package main',
      '',
      'import "os"',
      'import "strings"',
      '',
      'var n = strings.ToUpper("k=" + func() string { v, ok := os.LookupEnv("INFINIPOST_API_KEY"); if !ok { panic("INFINIPOST_API_KEY is not set") }; return v }())',
    ],
  },
  {
    lang: 'go',
    name: 'two keys, already imports os',
    input: [
      ...IMPORTS_OS,
      'var a = "@LIVE@"',
      'var b = "@LIVE@:@TEST@"',
    ],
    expected: [
      ...IMPORTS_OS,
      'var a = func() string { v, ok := os.LookupEnv("INFINIPOST_API_KEY"); if !ok { panic("INFINIPOST_API_KEY is not set") }; return v }()',
      'var b = func() string { v, ok := os.LookupEnv("INFINIPOST_API_KEY"); if !ok { panic("INFINIPOST_API_KEY is not set") }; return v }() + ":" + func() string { v, ok := os.LookupEnv("INFINIPOST_API_KEY"); if !ok { panic("INFINIPOST_API_KEY is not set") }; return v }()',
    ],
  },
  {
    lang: 'go',
    name: 'const',
    input: [
      'package main',
      '',
      'const apiKey = "@LIVE@"',
    ],
    expected: undefined,
  },
  {
    lang: 'go',
    name: 'const block',
    input: [
      'package main',
      '',
      'const (',
      '\tapiKey = "@LIVE@"',
      ')',
    ],
    expected: undefined,
  },
  {
    lang: 'go',
    name: 'struct tag',
    input: [
      'package main',
      '',
      'type T struct {',
      '\tA string `json:"@LIVE@"`',
      '}',
    ],
    expected: undefined,
  },
  {
    lang: 'go',
    name: 'cgo: the import goes after import "C", never between it and its preamble',
    input: ['package main', '', '/*', '#include <stdio.h>', '*/', 'import "C"', '', 'func main() {', '\tprintln("@LIVE@")', '}'],
    expected: ['package main', '', '/*', '#include <stdio.h>', '*/', 'import "C"', 'import "os"', '', 'func main() {', '\tprintln(func() string { v, ok := os.LookupEnv("INFINIPOST_API_KEY"); if !ok { panic("INFINIPOST_API_KEY is not set") }; return v }())', '}'],
  },
];

describe('envRead golden files: go', () => {
  goldenTests(CASES);
});
