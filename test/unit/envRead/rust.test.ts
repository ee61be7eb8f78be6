// Golden files for the Rust environment-read rewrite. Inputs use @LIVE@ / @TEST@
// placeholders that become key-shaped strings at run time (see test/support/testKeys.ts).
import { GoldenCase, goldenTests } from '../../support/envReadGolden';

// `fn main` binding one value and printing it, before and after the fix.
function printedBinding(name: string, value: string, fixed: string): Pick<GoldenCase, 'input' | 'expected'> {
  const lines = (v: string) => ['fn main() {', `    let ${name} = ${v};`, `    println!("{}", ${name});`, '}'];
  return { input: lines(value), expected: lines(fixed) };
}

const CASES: readonly GoldenCase[] = [
  { lang: 'rust', name: 'whole', ...printedBinding('key', '"@LIVE@"', '&*Box::leak(std::env::var("INFINIPOST_API_KEY").expect("INFINIPOST_API_KEY is not set").into_boxed_str())') },
  { lang: 'rust', name: 'whole raw', ...printedBinding('key', 'r#"@LIVE@"#', '&*Box::leak(std::env::var("INFINIPOST_API_KEY").expect("INFINIPOST_API_KEY is not set").into_boxed_str())') },
  { lang: 'rust', name: 'bearer', ...printedBinding('auth', '"Bearer @LIVE@"', '&*Box::leak(format!("Bearer {}", std::env::var("INFINIPOST_API_KEY").expect("INFINIPOST_API_KEY is not set")).into_boxed_str())') },
  { lang: 'rust', name: 'url with braces', ...printedBinding('u', '"https://x/{a}?key=@LIVE@&a=1"', '&*Box::leak(format!("https://x/{{a}}?key={}&a=1", std::env::var("INFINIPOST_API_KEY").expect("INFINIPOST_API_KEY is not set")).into_boxed_str())') },
  {
    lang: 'rust',
    name: 'struct field and two keys',
    input: [
      'struct Config { key: String, other: String }',
      'fn main() {',
      '    let c = Config { key: "@LIVE@".to_string(), other: String::from("t=@TEST@") };',
      '    println!("{}{}", c.key, c.other);',
      '}',
    ],
    expected: [
      'struct Config { key: String, other: String }',
      'fn main() {',
      '    let c = Config { key: std::env::var("INFINIPOST_API_KEY").expect("INFINIPOST_API_KEY is not set").to_string(), other: String::from(format!("t={}", std::env::var("INFINIPOST_API_KEY").expect("INFINIPOST_API_KEY is not set"))) };',
      '    println!("{}{}", c.key, c.other);',
      '}',
    ],
  },
  {
    lang: 'rust',
    name: 'format macro argument',
    input: [
      'fn main() {',
      '    println!("@LIVE@");',
      '}',
    ],
    expected: undefined,
  },
  {
    lang: 'rust',
    name: 'const',
    input: ['const KEY: &str = "@LIVE@";'],
    expected: undefined,
  },
  {
    lang: 'rust',
    name: 'byte string',
    input: ['fn main() { let k = b"@LIVE@"; }'],
    expected: undefined,
  },
  {
    lang: 'rust',
    name: 'argument and borrowed struct field',
    input: [
      "struct S<'a> { k: &'a str }",
      'fn takes(_: &str) {}',
      'fn main() {',
      '    takes("@LIVE@");',
      '    let s = S { k: "Bearer @TEST@" };',
      '    takes(s.k);',
      '}',
    ],
    expected: [
      "struct S<'a> { k: &'a str }",
      'fn takes(_: &str) {}',
      'fn main() {',
      '    takes(&*Box::leak(std::env::var("INFINIPOST_API_KEY").expect("INFINIPOST_API_KEY is not set").into_boxed_str()));',
      '    let s = S { k: &*Box::leak(format!("Bearer {}", std::env::var("INFINIPOST_API_KEY").expect("INFINIPOST_API_KEY is not set")).into_boxed_str()) };',
      '    takes(s.k);',
      '}',
    ],
  },
  {
    lang: 'rust',
    name: 'map value stored by insert',
    input: [
      'use std::collections::HashMap;',
      'fn main() {',
      '    let mut m = HashMap::new();',
      '    m.insert("other", "x");',
      '    m.insert("key", "@LIVE@");',
      '    println!("{:?}", m);',
      '}',
    ],
    expected: [
      'use std::collections::HashMap;',
      'fn main() {',
      '    let mut m = HashMap::new();',
      '    m.insert("other", "x");',
      '    m.insert("key", &*Box::leak(std::env::var("INFINIPOST_API_KEY").expect("INFINIPOST_API_KEY is not set").into_boxed_str()));',
      '    println!("{:?}", m);',
      '}',
    ],
  },
  {
    lang: 'rust',
    name: 'returned str',
    input: [
      "fn key() -> &'static str {",
      '    "@LIVE@"',
      '}',
    ],
    expected: [
      "fn key() -> &'static str {",
      '    &*Box::leak(std::env::var("INFINIPOST_API_KEY").expect("INFINIPOST_API_KEY is not set").into_boxed_str())',
      '}',
    ],
  },
];

describe('envRead golden files: rust', () => {
  goldenTests(CASES);
});
