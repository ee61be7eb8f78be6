// Golden files for the Dart environment-read rewrite. Inputs use @LIVE@ / @TEST@
// placeholders that become key-shaped strings at run time (see test/support/testKeys.ts).
import { GoldenCase, goldenTests } from '../../support/envReadGolden';

const CASES: readonly GoldenCase[] = [
  {
    lang: 'dart',
    name: 'whole single-quoted (adds import)',
    input: [
      "import 'package:http/http.dart' as http;",
      '',
      "final apiKey = '@LIVE@';",
    ],
    expected: [
      "import 'dart:io';",
      "import 'package:http/http.dart' as http;",
      '',
      "final apiKey = Platform.environment['INFINIPOST_API_KEY']!;",
    ],
  },
  {
    lang: 'dart',
    name: 'whole double-quoted, no imports',
    input: ['final apiKey = "@LIVE@";'],
    expected: [
      "import 'dart:io';",
      '',
      "final apiKey = Platform.environment['INFINIPOST_API_KEY']!;",
    ],
  },
  {
    lang: 'dart',
    name: 'bearer',
    input: [
      "import 'dart:io';",
      "final auth = 'Bearer @LIVE@';",
    ],
    expected: [
      "import 'dart:io';",
      'final auth = \'Bearer ${Platform.environment["INFINIPOST_API_KEY"]!}\';',
    ],
  },
  {
    lang: 'dart',
    name: 'url raw',
    input: [
      "import 'dart:io';",
      "final u = r'https://x/?key=@LIVE@&a=1';",
    ],
    expected: [
      "import 'dart:io';",
      "final u = r'https://x/?key=' + Platform.environment['INFINIPOST_API_KEY']! + r'&a=1';",
    ],
  },
  {
    lang: 'dart',
    name: 'map value and two keys',
    input: [
      "import 'dart:async';",
      "import 'dart:io';",
      'final m = {\'live\': \'@LIVE@\', \'test\': "t=@TEST@"};',
    ],
    expected: [
      "import 'dart:async';",
      "import 'dart:io';",
      'final m = {\'live\': Platform.environment[\'INFINIPOST_API_KEY\']!, \'test\': "t=${Platform.environment[\'INFINIPOST_API_KEY\']!}"};',
    ],
  },
  {
    lang: 'dart',
    name: 'default parameter',
    input: ["void client({String key = '@LIVE@'}) {}"],
    expected: undefined,
  },
  {
    lang: 'dart',
    name: 'const',
    input: ["const apiKey = '@LIVE@';"],
    expected: undefined,
  },
  {
    lang: 'dart',
    name: 'part of',
    input: [
      "part of 'lib.dart';",
      "final apiKey = '@LIVE@';",
    ],
    expected: undefined,
  },
];

describe('envRead golden files: dart', () => {
  goldenTests(CASES);
});
