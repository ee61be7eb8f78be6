// Golden files for the Swift environment-read rewrite. Inputs use @LIVE@ / @TEST@
// placeholders that become key-shaped strings at run time (see test/support/testKeys.ts).
import { GoldenCase, goldenTests } from '../../support/envReadGolden';

const CASES: readonly GoldenCase[] = [
  {
    lang: 'swift',
    name: 'whole (adds import)',
    input: ['let apiKey = "@LIVE@"'],
    expected: [
      'import Foundation',
      '',
      'let apiKey = ProcessInfo.processInfo.environment["INFINIPOST_API_KEY"]!',
    ],
  },
  {
    lang: 'swift',
    name: 'bearer, already imports Foundation',
    input: [
      'import Foundation',
      '',
      'let auth = "Bearer @LIVE@"',
    ],
    expected: [
      'import Foundation',
      '',
      'let auth = "Bearer \\(ProcessInfo.processInfo.environment["INFINIPOST_API_KEY"]!)"',
    ],
  },
  {
    lang: 'swift',
    name: 'url in raw string',
    input: [
      'import UIKit',
      'let u = #"https://x/?key=@LIVE@&a=1"#',
    ],
    expected: [
      'import UIKit',
      'let u = #"https://x/?key=\\#(ProcessInfo.processInfo.environment["INFINIPOST_API_KEY"]!)&a=1"#',
    ],
  },
  {
    lang: 'swift',
    name: 'multi-line string',
    input: [
      'import Foundation',
      'let body = """',
      '    {"key": "@LIVE@"}',
      '    """',
    ],
    expected: [
      'import Foundation',
      'let body = """',
      '    {"key": "\\(ProcessInfo.processInfo.environment["INFINIPOST_API_KEY"]!)"}',
      '    """',
    ],
  },
  {
    lang: 'swift',
    name: 'dictionary value, default parameter, two keys',
    input: [
      'import Foundation',
      'let d = ["key": "@LIVE@"]',
      'func client(key: String = "t=@TEST@") {}',
    ],
    expected: [
      'import Foundation',
      'let d = ["key": ProcessInfo.processInfo.environment["INFINIPOST_API_KEY"]!]',
      'func client(key: String = "t=\\(ProcessInfo.processInfo.environment["INFINIPOST_API_KEY"]!)") {}',
    ],
  },
];

describe('envRead golden files: swift', () => {
  goldenTests(CASES);
});
