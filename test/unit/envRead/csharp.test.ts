// Golden files for the C# environment-read rewrite. Inputs use @LIVE@ / @TEST@
// placeholders that become key-shaped strings at run time (see test/support/testKeys.ts).
import { GoldenCase, goldenTests } from '../../support/envReadGolden';

const CASES: readonly GoldenCase[] = [
  {
    lang: 'csharp',
    name: 'whole (adds using)',
    input: [
      'using System.Net.Http;',
      '',
      'class A {',
      '    string key = "@LIVE@";',
      '}',
    ],
    expected: [
      'using System;',
      'using System.Net.Http;',
      '',
      'class A {',
      '    string key = (Environment.GetEnvironmentVariable("INFINIPOST_API_KEY") ?? throw new InvalidOperationException("INFINIPOST_API_KEY is not set"));',
      '}',
    ],
  },
  {
    lang: 'csharp',
    name: 'bearer regular string',
    input: [
      'using System;',
      'class A {',
      '    string h = "Bearer @LIVE@";',
      '}',
    ],
    expected: [
      'using System;',
      'class A {',
      '    string h = "Bearer " + (Environment.GetEnvironmentVariable("INFINIPOST_API_KEY") ?? throw new InvalidOperationException("INFINIPOST_API_KEY is not set"));',
      '}',
    ],
  },
  {
    lang: 'csharp',
    name: 'bearer verbatim',
    input: [
      'using System;',
      'class A {',
      '    string h = @"Bearer @LIVE@";',
      '}',
    ],
    expected: [
      'using System;',
      'class A {',
      '    string h = @"Bearer " + (Environment.GetEnvironmentVariable("INFINIPOST_API_KEY") ?? throw new InvalidOperationException("INFINIPOST_API_KEY is not set"));',
      '}',
    ],
  },
  {
    lang: 'csharp',
    name: 'url interpolated with method call',
    input: [
      'using System;',
      'class A {',
      '    string U(int a) => $"https://x/?key=@LIVE@&a={a}".Trim();',
      '}',
    ],
    expected: [
      'using System;',
      'class A {',
      '    string U(int a) => ($"https://x/?key=" + (Environment.GetEnvironmentVariable("INFINIPOST_API_KEY") ?? throw new InvalidOperationException("INFINIPOST_API_KEY is not set")) + $"&a={a}").Trim();',
      '}',
    ],
  },
  {
    lang: 'csharp',
    name: 'dictionary value and two keys',
    input: [
      'using System;',
      'using System.Collections.Generic;',
      'class A {',
      '    Dictionary<string, string> d = new() { ["live"] = "@LIVE@", ["test"] = "t=@TEST@" };',
      '}',
    ],
    expected: [
      'using System;',
      'using System.Collections.Generic;',
      'class A {',
      '    Dictionary<string, string> d = new() { ["live"] = (Environment.GetEnvironmentVariable("INFINIPOST_API_KEY") ?? throw new InvalidOperationException("INFINIPOST_API_KEY is not set")), ["test"] = "t=" + (Environment.GetEnvironmentVariable("INFINIPOST_API_KEY") ?? throw new InvalidOperationException("INFINIPOST_API_KEY is not set")) };',
      '}',
    ],
  },
  {
    lang: 'csharp',
    name: 'default parameter',
    input: [
      'class A {',
      '    void F(string key = "@LIVE@") {}',
      '}',
    ],
    expected: undefined,
  },
  {
    lang: 'csharp',
    name: 'const',
    input: [
      'class A {',
      '    const string Key = "@LIVE@";',
      '}',
    ],
    expected: undefined,
  },
  {
    lang: 'csharp',
    name: 'whole raw string',
    input: [
      'using System;',
      'class A {',
      '    string k = """@LIVE@""";',
      '}',
    ],
    expected: [
      'using System;',
      'class A {',
      '    string k = (Environment.GetEnvironmentVariable("INFINIPOST_API_KEY") ?? throw new InvalidOperationException("INFINIPOST_API_KEY is not set"));',
      '}',
    ],
  },
];

describe('envRead golden files: csharp', () => {
  goldenTests(CASES);
});
