// Realistic shapes of hard-coded keys per language, including every shape an external compile check
// found broken (issue #18). @LIVE@ / @TEST@ become key-shaped strings at run time (never committed).
// `refused`: the fix must refuse every key with a reason; `partial`: some keys stay (with a reason);
// `envKey`: which key the variable holds for the fixed run (default: the file's first key);
// `lazyDefault`: the key is only a fallback, so an unset variable is not an error there.

export interface CompileCase {
  name: string;
  source: string;
  refused?: boolean;
  partial?: boolean;
  envKey?: 'LIVE' | 'TEST';
  lazyDefault?: boolean;
}

const lines = (...l: string[]): string => l.join('\n') + '\n';

export const CORPUS: Readonly<Record<string, readonly CompileCase[]>> = {
  typescript: [
    { name: 'class field initializer', source: lines("class Client { apiKey: string = '@LIVE@'; }", 'console.log(new Client().apiKey);') },
    { name: 'default parameter', source: lines("function auth(key: string = '@LIVE@'): string { return 'Bearer ' + key; }", 'console.log(auth());') },
    {
      name: 'object literal passed to a typed constructor',
      source: lines('interface Options { apiKey: string; timeout: number }', 'class Api { constructor(readonly options: Options) {} }', "console.log(new Api({ apiKey: '@LIVE@', timeout: 5 }).options.apiKey);"),
    },
    { name: 'annotated const', source: lines("const KEY: string = '@LIVE@';", 'console.log(KEY.length, KEY);') },
    { name: 'constructor parameter property', source: lines("class S { constructor(private readonly key: string = '@TEST@') {} show(): string { return this.key; } }", 'console.log(new S().show());') },
    { name: 'template literal', source: lines('const id = 7;', 'const header = `Bearer @LIVE@ #${id}`;', 'console.log(header);') },
    { name: 'as const', source: lines("const KEY = '@LIVE@' as const;", 'console.log(KEY);'), refused: true },
    { name: 'literal type', source: lines("let mode: '@LIVE@' | 'none' = 'none';", 'console.log(mode);'), refused: true },
    { name: 'enum value', source: lines("enum Keys { Live = '@LIVE@' }", 'console.log(Keys.Live);'), refused: true },
    { name: 'two keys, one per environment', source: lines('const isProd = process.argv.includes("--prod");', "const key = isProd ? '@LIVE@' : '@TEST@';", 'console.log(key);'), envKey: 'TEST' },
    { name: 'key repeated in a trailing comment', source: lines("const key = '@LIVE@'; // old: @LIVE@", 'console.log(key);') },
    { name: 'fixable key next to a refused one', source: lines("const key = '@LIVE@';", "type Mode = '@TEST@' | 'off';", "const m: Mode = 'off';", 'console.log(key, m);'), partial: true },
    { name: 'Stripe constructor', source: lines('class Stripe { constructor(public readonly key: string) {} }', "const stripe = new Stripe('@TEST@');", 'console.log(stripe.key);') },
  ],
  javascript: [
    { name: 'module config object', source: lines("const config = { apiKey: '@LIVE@', retries: 2 };", 'console.log(config.apiKey, config.retries);') },
    { name: 'header concatenation', source: lines("const headers = { Authorization: 'Bearer @LIVE@' };", 'console.log(headers.Authorization);') },
    { name: 'template literal', source: lines('console.log(`key=@TEST@&v=${1 + 1}`);') },
    { name: 'default parameter', source: lines("function client(key = '@LIVE@') { return { key }; }", 'console.log(client().key);') },
    { name: 'Stripe require call', source: lines("const stripe = ((k) => ({ key: k }))('@TEST@'); // Stripe(...) stand-in", 'console.log(stripe.key);') },
    { name: 'computed member name', source: lines("const seen = { '@LIVE@': true };", 'console.log(Object.keys(seen)[0]);') },
  ],
  python: [
    { name: 'module constant', source: lines('API_KEY = "@LIVE@"', 'print(API_KEY)') },
    { name: 'literal inside an f-string hole', source: lines('headers = {}', 'print(f"auth={headers.get(\'authorization\', \'@LIVE@\')}")') },
    { name: 'key inside an f-string', source: lines('n = 2', 'print(f"Bearer @LIVE@ x{n}")') },
    { name: 'plain string becomes an f-string', source: lines('print("Bearer @LIVE@ {not a hole}")') },
    { name: 'docstring', source: lines('def client():', '    """Call with @LIVE@ in production."""', '    return 1', 'print(client.__doc__ is not None)'), refused: true },
    { name: 'os.environ.get default', source: lines('import os', 'key = os.environ.get("OTHER_API_KEY", "@LIVE@")', 'print(key)'), lazyDefault: true },
    { name: 'os.getenv default', source: lines('import os', "key = os.getenv('OTHER_API_KEY', '@TEST@')", 'print(key)'), lazyDefault: true },
    { name: 'bytes literal', source: lines('token = b"@LIVE@"', 'print(token.decode())') },
    { name: 'two keys, one per environment', source: lines('is_prod = False', 'key = "@LIVE@" if is_prod else "@TEST@"', 'print(key)'), envKey: 'TEST' },
    { name: 'key repeated in a trailing comment', source: lines('key = "@LIVE@"  # was @LIVE@', 'print(key)') },
    { name: 'stripe.api_key', source: lines('class stripe:', '    api_key = None', 'stripe.api_key = "@TEST@"', 'print(stripe.api_key)') },
    { name: 'match/case pattern', source: lines('k = "x"', 'match k:', '    case "@LIVE@":', '        print("match")', '    case _:', '        print("no")'), refused: true },
  ],
  go: [
    { name: 'local variable', source: lines('package main', '', 'import "fmt"', '', 'func main() {', '\tkey := "@LIVE@"', '\tfmt.Println(key)', '}') },
    {
      name: 'cgo preamble and import "C" only',
      source: lines('package main', '', '/*', 'static int answer(void) { return 42; }', '*/', 'import "C"', '', 'func main() {', '\tkey := "@LIVE@"', '\tprintln(key, int(C.answer()))', '}'),
    },
    {
      name: 'cgo preamble then import block',
      source: lines('package main', '', '// static int answer(void) { return 7; }', 'import "C"', '', 'import (', '\t"fmt"', ')', '', 'func main() {', '\tfmt.Println("Bearer @TEST@", int(C.answer()))', '}'),
    },
    { name: 'constant', source: lines('package main', '', 'import "fmt"', '', 'const apiKey = "@LIVE@"', '', 'func main() { fmt.Println(apiKey) }'), refused: true },
    { name: 'struct field', source: lines('package main', '', 'import "fmt"', '', 'type Config struct{ Key string }', '', 'func main() {', '\tc := Config{Key: "@LIVE@"}', '\tfmt.Println(c.Key)', '}') },
    { name: 'import block and concatenation', source: lines('package main', '', 'import (', '\t"fmt"', '\t"strings"', ')', '', 'func main() {', '\tfmt.Println(strings.ToUpper("bearer ") + "@LIVE@")', '}') },
    { name: 'Stripe key setting', source: lines('package main', '', 'import "fmt"', '', 'var stripe struct{ Key string }', '', 'func main() {', '\tstripe.Key = "@TEST@"', '\tfmt.Println(stripe.Key)', '}') },
    { name: 'key repeated in a trailing comment', source: lines('package main', '', 'import "fmt"', '', 'func main() {', '\tkey := "@LIVE@" // @LIVE@', '\tfmt.Println(key)', '}') },
  ],
  rust: [
    { name: 'let binding used as &str', source: lines('fn show(k: &str) { println!("{}", k); }', 'fn main() { let key = "@LIVE@"; show(key); show(key); }') },
    { name: "struct field &'static str", source: lines("struct Config { key: &'static str }", 'fn main() { let c = Config { key: "@LIVE@" }; println!("{}", c.key); }') },
    { name: 'returned &str', source: lines("fn key() -> &'static str { \"@LIVE@\" }", 'fn main() { println!("{}", key()); }') },
    { name: "annotated 'static let", source: lines("fn main() { let k: &'static str = \"@TEST@\"; println!(\"{}\", k); }") },
    { name: 'pushed into a Vec', source: lines('fn main() { let mut v = Vec::new(); v.push("@LIVE@"); println!("{:?}", v); }') },
    { name: 'owned String', source: lines('fn main() { let s: String = "@LIVE@".to_string(); println!("{}", s); }') },
    { name: 'partial with braces', source: lines('fn main() { let u = "https://x/{a}?key=@LIVE@"; println!("{}", u); }') },
    { name: 'const', source: lines('const KEY: &str = "@LIVE@";', 'fn main() { println!("{}", KEY); }'), refused: true },
    { name: 'format string', source: lines('fn main() { println!("@LIVE@"); }'), refused: true },
    { name: 'key repeated in a trailing comment', source: lines('fn main() { let k = "@LIVE@"; // @LIVE@', '    println!("{}", k); }') },
  ],
  java: [
    { name: 'static field', source: lines('public class Main {', '  static String KEY = "@LIVE@";', '  public static void main(String[] args) { System.out.println(KEY); }', '}') },
    {
      name: 'static final constant used in a case label',
      source: lines('public class Main {', '  static final String KEY = "@LIVE@";', '  public static void main(String[] args) {', '    String k = args.length > 0 ? args[0] : "x";', '    switch (k) { case KEY: System.out.println("match"); break; default: System.out.println("no"); }', '  }', '}'),
      refused: true,
    },
    { name: 'static final constant', source: lines('public class Main {', '  private static final String API_KEY = "@LIVE@";', '  public static void main(String[] args) { System.out.println(API_KEY.length() + " " + API_KEY); }', '}') },
    { name: 'header concatenation', source: lines('public class Main {', '  public static void main(String[] args) { String auth = "Bearer @TEST@"; System.out.println(auth); }', '}') },
    { name: 'Stripe.apiKey', source: lines('class Stripe { static String apiKey; }', 'public class Main {', '  public static void main(String[] args) { Stripe.apiKey = "@TEST@"; System.out.println(Stripe.apiKey); }', '}') },
    { name: 'two keys, one per environment', source: lines('public class Main {', '  public static void main(String[] args) { boolean prod = args.length > 0; String k = prod ? "@LIVE@" : "@TEST@"; System.out.println(k); }', '}'), envKey: 'TEST' },
    { name: 'key repeated in a trailing comment', source: lines('public class Main {', '  public static void main(String[] args) { String k = "@LIVE@"; // @LIVE@', '    System.out.println(k); }', '}') },
  ],
  kotlin: [
    { name: 'top-level val', source: lines('val key = "@LIVE@"', 'fun main() { println(key) }') },
    { name: 'string template', source: lines('fun main() { val n = 3; println("Bearer @LIVE@ $n") }') },
    { name: 'const val', source: lines('const val KEY = "@LIVE@"', 'fun main() { println(KEY) }'), refused: true },
    { name: 'constructor default', source: lines('class Client(val key: String = "@TEST@")', 'fun main() { println(Client().key) }') },
    { name: 'key repeated in a trailing comment', source: lines('fun main() { val k = "@LIVE@" // @LIVE@', '    println(k) }') },
  ],
  csharp: [
    { name: 'static field without using System', source: lines('class Program {', '  static string Key = "@LIVE@";', '  static void Main() { System.Console.WriteLine(Key); }', '}') },
    { name: 'const', source: lines('using System;', 'class Program {', '  const string Key = "@LIVE@";', '  static void Main() { Console.WriteLine(Key); }', '}'), refused: true },
    { name: 'header concatenation', source: lines('using System;', 'class Program {', '  static void Main() { var auth = "Bearer @TEST@"; Console.WriteLine(auth); }', '}') },
    {
      name: 'StripeConfiguration.ApiKey',
      source: lines('using System;', 'static class StripeConfiguration { public static string ApiKey; }', 'class Program {', '  static void Main() { StripeConfiguration.ApiKey = "@TEST@"; Console.WriteLine(StripeConfiguration.ApiKey); }', '}'),
    },
    { name: 'default parameter', source: lines('using System;', 'class Program {', '  static string Auth(string key = "@LIVE@") { return key; }', '  static void Main() { Console.WriteLine(Auth()); }', '}'), refused: true },
    { name: 'key repeated in a trailing comment', source: lines('using System;', 'class Program {', '  static void Main() { var k = "@LIVE@"; // @LIVE@', '    Console.WriteLine(k); }', '}') },
  ],
  ruby: [
    { name: 'constant', source: lines('API_KEY = "@LIVE@"', 'puts API_KEY') },
    { name: 'interpolating string', source: lines('n = 2', 'puts "Bearer @LIVE@ #{n}"') },
    { name: 'single-quoted partial', source: lines("puts 'Bearer @TEST@'") },
    { name: 'Stripe.api_key', source: lines('module Stripe; class << self; attr_accessor :api_key; end; end', "Stripe.api_key = '@TEST@'", 'puts Stripe.api_key') },
    { name: 'symbol key', source: lines('h = { "@LIVE@": 1 }', 'puts h.size'), refused: true },
    { name: 'heredoc', source: lines('text = <<~EOS', '  Authorization: Bearer @LIVE@', 'EOS', 'puts text') },
    { name: 'key repeated in a trailing comment', source: lines('key = "@LIVE@" # @LIVE@', 'puts key') },
  ],
  php: [
    { name: 'variable', source: lines('<?php', "$key = '@LIVE@';", 'echo $key, "\\n";') },
    { name: 'concatenation', source: lines('<?php', '$auth = "Bearer @TEST@";', 'echo $auth . "\\n";') },
    { name: 'class constant', source: lines('<?php', "class C { const KEY = '@LIVE@'; }", 'echo C::KEY, "\\n";'), refused: true },
    { name: 'parameter default', source: lines('<?php', "function auth($k = '@LIVE@') { return $k; }", 'echo auth(), "\\n";'), refused: true },
    { name: 'heredoc', source: lines('<?php', '$t = <<<EOT', 'Bearer @LIVE@', 'EOT;', 'echo $t, "\\n";'), refused: true },
    { name: 'key repeated in a trailing comment', source: lines('<?php', "$k = '@LIVE@'; // @LIVE@", 'echo $k, "\\n";') },
  ],
  elixir: [
    { name: 'variable', source: lines('key = "@LIVE@"', 'IO.puts(key)') },
    { name: 'module attribute', source: lines('defmodule Client do', '  @api_key "@LIVE@"', '  def key, do: @api_key', 'end', 'IO.puts(Client.key())'), refused: true },
    { name: 'interpolated header', source: lines('n = 1', 'IO.puts("Bearer @TEST@ #{n}")') },
    { name: 'function default', source: lines('defmodule C do', '  def key(k \\\\ "@LIVE@"), do: k', 'end', 'IO.puts(C.key())') },
    { name: 'key repeated in a trailing comment', source: lines('k = "@LIVE@" # @LIVE@', 'IO.puts(k)') },
  ],
  shellscript: [
    { name: 'assignment', source: lines('#!/bin/bash', 'KEY="@LIVE@"', 'echo "$KEY"') },
    { name: 'header in double quotes', source: lines('echo "Authorization: Bearer @LIVE@"') },
    { name: 'single-quoted header', source: lines("echo 'Authorization: Bearer @TEST@'") },
    { name: 'bare word', source: lines('KEY=@LIVE@', 'echo "$KEY"') },
    { name: 'quoted heredoc', source: lines("cat <<'EOF'", 'Bearer @LIVE@', 'EOF'), refused: true },
    { name: 'key repeated in a trailing comment', source: lines('KEY="@LIVE@" # @LIVE@', 'echo "$KEY"') },
  ],
  swift: [
    { name: 'let constant', source: lines('let key = "@LIVE@"', 'print(key)') },
    { name: 'interpolation', source: lines('let n = 1', 'print("Bearer @LIVE@ \\(n)")') },
  ],
  dart: [
    { name: 'final variable', source: lines("void main() { final key = '@LIVE@'; print(key); }") },
    { name: 'interpolation', source: lines("void main() { var n = 1; print('Bearer @LIVE@ $n'); }") },
  ],
  powershell: [
    { name: 'variable', source: lines("$key = '@LIVE@'", 'Write-Output $key') },
    { name: 'header in double quotes', source: lines('Write-Output "Bearer @TEST@"') },
  ],
};
