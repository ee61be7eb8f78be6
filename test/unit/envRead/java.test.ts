// Golden files for the Java environment-read rewrite. Inputs use @LIVE@ / @TEST@
// placeholders that become key-shaped strings at run time (see test/support/testKeys.ts).
import { GoldenCase, goldenTests } from '../../support/envReadGolden';

const CASES: readonly GoldenCase[] = [
  {
    lang: 'java',
    name: 'whole',
    input: [
      'class A {',
      '    static final String API_KEY = "@LIVE@";',
      '}',
    ],
    expected: [
      'class A {',
      '    static final String API_KEY = java.util.Objects.requireNonNull(System.getenv("INFINIPOST_API_KEY"), "INFINIPOST_API_KEY is not set");',
      '}',
    ],
  },
  {
    lang: 'java',
    name: 'bearer',
    input: [
      'class A {',
      '    String h() { return "Bearer @LIVE@"; }',
      '}',
    ],
    expected: [
      'class A {',
      '    String h() { return "Bearer " + java.util.Objects.requireNonNull(System.getenv("INFINIPOST_API_KEY"), "INFINIPOST_API_KEY is not set"); }',
      '}',
    ],
  },
  {
    lang: 'java',
    name: 'url with method call',
    input: [
      'class A {',
      '    int n = "https://x/?key=@LIVE@&a=1".length();',
      '}',
    ],
    expected: [
      'class A {',
      '    int n = ("https://x/?key=" + java.util.Objects.requireNonNull(System.getenv("INFINIPOST_API_KEY"), "INFINIPOST_API_KEY is not set") + "&a=1").length();',
      '}',
    ],
  },
  {
    lang: 'java',
    name: 'map value and two keys',
    input: [
      'import java.util.Map;',
      'class A {',
      '    Map<String, String> m = Map.of("live", "@LIVE@", "test", "t=@TEST@");',
      '}',
    ],
    expected: [
      'import java.util.Map;',
      'class A {',
      '    Map<String, String> m = Map.of("live", java.util.Objects.requireNonNull(System.getenv("INFINIPOST_API_KEY"), "INFINIPOST_API_KEY is not set"), "test", "t=" + java.util.Objects.requireNonNull(System.getenv("INFINIPOST_API_KEY"), "INFINIPOST_API_KEY is not set"));',
      '}',
    ],
  },
  {
    lang: 'java',
    name: 'annotation',
    input: [
      'class A {',
      '    @Key("@LIVE@")',
      '    void f() {}',
      '}',
    ],
    expected: undefined,
  },
  {
    lang: 'java',
    name: 'text block',
    input: [
      'class A {',
      '    String s = """',
      '        @LIVE@',
      '        """;',
      '}',
    ],
    expected: undefined,
  },
  {
    lang: 'java',
    name: 'static final constant used as a case label',
    input: ['class A {', '  static final String K = "@LIVE@";', '  void f(String s) { switch (s) { case K: break; } }', '}'],
    expected: undefined,
  },
];

describe('envRead golden files: java', () => {
  goldenTests(CASES);
});
