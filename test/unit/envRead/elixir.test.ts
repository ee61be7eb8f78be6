// Golden files for the Elixir environment-read rewrite. Inputs use @LIVE@ / @TEST@
// placeholders that become key-shaped strings at run time (see test/support/testKeys.ts).
import { GoldenCase, goldenTests } from '../../support/envReadGolden';

const CASES: readonly GoldenCase[] = [
  {
    lang: 'elixir',
    name: 'whole double-quoted',
    input: ['api_key = "@LIVE@"'],
    expected: ['api_key = System.fetch_env!("INFINIPOST_API_KEY")'],
  },
  {
    lang: 'elixir',
    name: 'whole charlist',
    input: ["api_key = '@LIVE@'"],
    expected: ['api_key = String.to_charlist(System.fetch_env!("INFINIPOST_API_KEY"))'],
  },
  {
    lang: 'elixir',
    name: 'bearer',
    input: ['headers = [{"authorization", "Bearer @LIVE@"}]'],
    expected: ['headers = [{"authorization", "Bearer #{System.fetch_env!("INFINIPOST_API_KEY")}"}]'],
  },
  {
    lang: 'elixir',
    name: 'heredoc',
    input: [
      'body = """',
      '{"key": "@LIVE@"}',
      '"""',
    ],
    expected: [
      'body = """',
      '{"key": "#{System.fetch_env!("INFINIPOST_API_KEY")}"}',
      '"""',
    ],
  },
  {
    lang: 'elixir',
    name: 'url, map value, two keys',
    input: ['config = %{url: "https://x/?key=@LIVE@&a=1", test: "@TEST@"}'],
    expected: ['config = %{url: "https://x/?key=#{System.fetch_env!("INFINIPOST_API_KEY")}&a=1", test: System.fetch_env!("INFINIPOST_API_KEY")}'],
  },
  {
    lang: 'elixir',
    name: 'default argument',
    input: ['def client(key \\\\ "@LIVE@"), do: key'],
    expected: ['def client(key \\\\ System.fetch_env!("INFINIPOST_API_KEY")), do: key'],
  },
  {
    lang: 'elixir',
    name: 'function head pattern',
    input: ['def check("@LIVE@"), do: true'],
    expected: undefined,
  },
  {
    lang: 'elixir',
    name: 'sigil',
    input: ['k = ~s(@LIVE@)'],
    expected: undefined,
  },
  {
    lang: 'elixir',
    name: 'module attribute (read at compile time)',
    input: ['defmodule M do', '  @key "@LIVE@"', 'end'],
    expected: undefined,
  },
];

describe('envRead golden files: elixir', () => {
  goldenTests(CASES);
});
