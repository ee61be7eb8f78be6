// Golden files for the Python environment-read rewrite. Inputs use @LIVE@ / @TEST@
// placeholders that become key-shaped strings at run time (see test/support/testKeys.ts).
import { GoldenCase, goldenTests } from '../../support/envReadGolden';

const CASES: readonly GoldenCase[] = [
  {
    lang: 'python',
    name: 'whole single-quoted',
    input: ["API_KEY = '@LIVE@'"],
    expected: [
      'import os',
      '',
      'API_KEY = os.environ["INFINIPOST_API_KEY"]',
    ],
  },
  {
    lang: 'python',
    name: 'whole double-quoted',
    input: ['API_KEY = "@LIVE@"'],
    expected: [
      'import os',
      '',
      'API_KEY = os.environ["INFINIPOST_API_KEY"]',
    ],
  },
  {
    lang: 'python',
    name: 'whole triple-quoted',
    input: ['API_KEY = """@LIVE@"""'],
    expected: [
      'import os',
      '',
      'API_KEY = os.environ["INFINIPOST_API_KEY"]',
    ],
  },
  {
    lang: 'python',
    name: 'whole raw',
    input: ["API_KEY = r'@LIVE@'"],
    expected: [
      'import os',
      '',
      'API_KEY = os.environ["INFINIPOST_API_KEY"]',
    ],
  },
  {
    lang: 'python',
    name: 'whole bytes',
    input: ['API_KEY = b"@LIVE@"'],
    expected: [
      'import os',
      '',
      'API_KEY = os.environ["INFINIPOST_API_KEY"].encode()',
    ],
  },
  {
    lang: 'python',
    name: 'bearer double-quoted (dict value)',
    input: [
      'import requests',
      '',
      'headers = {"Authorization": "Bearer @LIVE@"}',
    ],
    expected: [
      'import os',
      'import requests',
      '',
      'headers = {"Authorization": f"Bearer {os.environ[\'INFINIPOST_API_KEY\']}"}',
    ],
  },
  {
    lang: 'python',
    name: 'bearer single-quoted with braces',
    input: ["msg = 'Bearer @LIVE@ {not a field}'"],
    expected: [
      'import os',
      '',
      'msg = f\'Bearer {os.environ["INFINIPOST_API_KEY"]} {{not a field}}\'',
    ],
  },
  {
    lang: 'python',
    name: 'already an f-string',
    input: ['url = f"https://x/?key=@LIVE@&user={user}"'],
    expected: [
      'import os',
      '',
      'url = f"https://x/?key={os.environ[\'INFINIPOST_API_KEY\']}&user={user}"',
    ],
  },
  {
    lang: 'python',
    name: 'url raw string',
    input: ["url = r'https://x/?key=@LIVE@&a=1'"],
    expected: [
      'import os',
      '',
      'url = rf\'https://x/?key={os.environ["INFINIPOST_API_KEY"]}&a=1\'',
    ],
  },
  {
    lang: 'python',
    name: 'u prefix',
    input: ["url = u'https://x/?key=@LIVE@&a=1'"],
    expected: [
      'import os',
      '',
      'url = f\'https://x/?key={os.environ["INFINIPOST_API_KEY"]}&a=1\'',
    ],
  },
  {
    lang: 'python',
    name: 'triple-quoted multi-line',
    input: [
      "BODY = '''",
      'key: @LIVE@',
      "'''",
    ],
    expected: [
      'import os',
      '',
      "BODY = f'''",
      'key: {os.environ["INFINIPOST_API_KEY"]}',
      "'''",
    ],
  },
  {
    lang: 'python',
    name: 'bytes bearer',
    input: ["auth = b'Bearer @LIVE@'.decode()"],
    expected: [
      'import os',
      '',
      'auth = (b\'Bearer \' + os.environ["INFINIPOST_API_KEY"].encode()).decode()',
    ],
  },
  {
    lang: 'python',
    name: 'implicit concatenation',
    input: [
      'url = ("https://x/?key="',
      '       "@LIVE@")',
    ],
    expected: [
      'import os',
      '',
      'url = ("https://x/?key="',
      '       f"{os.environ[\'INFINIPOST_API_KEY\']}")',
    ],
  },
  {
    lang: 'python',
    name: 'default parameter',
    input: [
      'def client(api_key="@LIVE@"):',
      '    return api_key',
    ],
    expected: [
      'import os',
      '',
      'def client(api_key=os.environ["INFINIPOST_API_KEY"]):',
      '    return api_key',
    ],
  },
  {
    lang: 'python',
    name: 'two keys',
    input: [
      "LIVE = '@LIVE@'",
      'TEST = "x @TEST@ y @LIVE@"',
    ],
    expected: [
      'import os',
      '',
      'LIVE = os.environ["INFINIPOST_API_KEY"]',
      'TEST = f"x {os.environ[\'INFINIPOST_API_KEY\']} y {os.environ[\'INFINIPOST_API_KEY\']}"',
    ],
  },
  {
    lang: 'python',
    name: 'already imports os',
    input: [
      'import os',
      'import sys',
      '',
      'KEY = "@LIVE@"',
    ],
    expected: [
      'import os',
      'import sys',
      '',
      'KEY = os.environ["INFINIPOST_API_KEY"]',
    ],
  },
  {
    lang: 'python',
    name: 'import os as an item',
    input: [
      'import json, os.path',
      '',
      'KEY = "@LIVE@"',
    ],
    expected: [
      'import json, os.path',
      '',
      'KEY = os.environ["INFINIPOST_API_KEY"]',
    ],
  },
  {
    lang: 'python',
    name: 'docstring, future import, sorted imports',
    input: [
      '#!/usr/bin/env python3',
      '"""Client."""',
      'from __future__ import annotations',
      '',
      'import abc',
      'import sys',
      'from typing import Any',
      '',
      'KEY = "@LIVE@"',
    ],
    expected: [
      '#!/usr/bin/env python3',
      '"""Client."""',
      'from __future__ import annotations',
      '',
      'import abc',
      'import os',
      'import sys',
      'from typing import Any',
      '',
      'KEY = os.environ["INFINIPOST_API_KEY"]',
    ],
  },
  {
    lang: 'python',
    name: 'header comment',
    input: [
      '# Copyright Example',
      '',
      '# The key',
      'KEY = "@LIVE@"',
    ],
    expected: [
      '# Copyright Example',
      '',
      'import os',
      '',
      '# The key',
      'KEY = os.environ["INFINIPOST_API_KEY"]',
    ],
  },
  {
    lang: 'python',
    name: 'named unicode escape',
    input: ['s = "a \\N{EM DASH} @LIVE@"'],
    expected: [
      'import os',
      '',
      's = f"a \\N{EM DASH} {os.environ[\'INFINIPOST_API_KEY\']}"',
    ],
  },
  {
    lang: 'python',
    name: 'match case pattern',
    input: [
      'match k:',
      '    case "@LIVE@":',
      '        pass',
    ],
    expected: undefined,
  },
  {
    lang: 'python',
    name: 'comment (masked, no import for it)',
    input: ['# @LIVE@'],
    expected: ['# @LIVE_MASKED@'],
  },
  {
    lang: 'python',
    name: 'literal in an f-string hole takes the other quote',
    input: ['print(f"auth={h.get(\'a\', \'@LIVE@\')}")'],
    expected: ['import os', '', 'print(f"auth={h.get(\'a\', os.environ[\'INFINIPOST_API_KEY\'])}")'],
  },
  {
    lang: 'python',
    name: 'os.environ.get default stays lazy',
    input: ['import os', 'key = os.environ.get("OTHER", "@LIVE@")'],
    expected: ['import os', 'key = (os.environ["OTHER"] if "OTHER" in os.environ else os.environ["INFINIPOST_API_KEY"])'],
  },
  {
    lang: 'python',
    name: 'function docstring',
    input: ['def f():', '    """Use @LIVE@."""'],
    expected: undefined,
  },
];

describe('envRead golden files: python', () => {
  goldenTests(CASES);
});
