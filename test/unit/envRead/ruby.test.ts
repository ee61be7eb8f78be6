// Golden files for the Ruby environment-read rewrite. Inputs use @LIVE@ / @TEST@
// placeholders that become key-shaped strings at run time (see test/support/testKeys.ts).
import { GoldenCase, goldenTests } from '../../support/envReadGolden';

const CASES: readonly GoldenCase[] = [
  {
    lang: 'ruby',
    name: 'whole single-quoted',
    input: ["API_KEY = '@LIVE@'"],
    expected: ['API_KEY = ENV.fetch("INFINIPOST_API_KEY")'],
  },
  {
    lang: 'ruby',
    name: 'whole double-quoted',
    input: ['API_KEY = "@LIVE@"'],
    expected: ['API_KEY = ENV.fetch("INFINIPOST_API_KEY")'],
  },
  {
    lang: 'ruby',
    name: 'bearer double-quoted (hash value)',
    input: ['headers = { "Authorization" => "Bearer @LIVE@" }'],
    expected: ['headers = { "Authorization" => "Bearer #{ENV.fetch("INFINIPOST_API_KEY")}" }'],
  },
  {
    lang: 'ruby',
    name: 'url single-quoted',
    input: ["url = 'https://x/?key=@LIVE@&a=1'"],
    expected: ['url = \'https://x/?key=\' + ENV.fetch("INFINIPOST_API_KEY") + \'&a=1\''],
  },
  {
    lang: 'ruby',
    name: 'single-quoted with method call',
    input: ["puts 'Bearer @LIVE@'.strip"],
    expected: ['puts (\'Bearer \' + ENV.fetch("INFINIPOST_API_KEY")).strip'],
  },
  {
    lang: 'ruby',
    name: 'heredoc',
    input: [
      'body = <<~JSON',
      '  {"key": "@LIVE@"}',
      'JSON',
    ],
    expected: [
      'body = <<~JSON',
      '  {"key": "#{ENV.fetch("INFINIPOST_API_KEY")}"}',
      'JSON',
    ],
  },
  {
    lang: 'ruby',
    name: 'default parameter',
    input: [
      "def client(key = '@LIVE@')",
      '  key',
      'end',
    ],
    expected: [
      'def client(key = ENV.fetch("INFINIPOST_API_KEY"))',
      '  key',
      'end',
    ],
  },
  {
    lang: 'ruby',
    name: 'two keys',
    input: [
      "a = '@LIVE@'",
      'b = "#{a} @TEST@"',
    ],
    expected: [
      'a = ENV.fetch("INFINIPOST_API_KEY")',
      'b = "#{a} #{ENV.fetch("INFINIPOST_API_KEY")}"',
    ],
  },
  {
    lang: 'ruby',
    name: 'symbol',
    input: ['h = { "@LIVE@": 1 }'],
    expected: undefined,
  },
];

describe('envRead golden files: ruby', () => {
  goldenTests(CASES);
});
