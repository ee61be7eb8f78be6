// Golden files for the PHP environment-read rewrite. Inputs use @LIVE@ / @TEST@
// placeholders that become key-shaped strings at run time (see test/support/testKeys.ts).
import { GoldenCase, goldenTests } from '../../support/envReadGolden';

const CASES: readonly GoldenCase[] = [
  {
    lang: 'php',
    name: 'whole single-quoted',
    input: [
      '<?php',
      "$apiKey = '@LIVE@';",
    ],
    expected: [
      '<?php',
      "$apiKey = (getenv('INFINIPOST_API_KEY') ?: throw new \\RuntimeException('INFINIPOST_API_KEY is not set'));",
    ],
  },
  {
    lang: 'php',
    name: 'whole double-quoted',
    input: [
      '<?php',
      '$apiKey = "@LIVE@";',
    ],
    expected: [
      '<?php',
      "$apiKey = (getenv('INFINIPOST_API_KEY') ?: throw new \\RuntimeException('INFINIPOST_API_KEY is not set'));",
    ],
  },
  {
    lang: 'php',
    name: 'bearer double-quoted',
    input: [
      '<?php',
      '$h = ["Authorization: Bearer @LIVE@"];',
    ],
    expected: [
      '<?php',
      '$h = ["Authorization: Bearer " . (getenv(\'INFINIPOST_API_KEY\') ?: throw new \\RuntimeException(\'INFINIPOST_API_KEY is not set\'))];',
    ],
  },
  {
    lang: 'php',
    name: 'url single-quoted',
    input: [
      '<?php',
      "$u = 'https://x/?key=@LIVE@&a=1';",
    ],
    expected: [
      '<?php',
      "$u = 'https://x/?key=' . (getenv('INFINIPOST_API_KEY') ?: throw new \\RuntimeException('INFINIPOST_API_KEY is not set')) . '&a=1';",
    ],
  },
  {
    lang: 'php',
    name: 'array value and define',
    input: [
      '<?php',
      "$config = ['api_key' => '@LIVE@'];",
      "define('INFINIPOST_KEY', '@TEST@');",
    ],
    expected: [
      '<?php',
      "$config = ['api_key' => (getenv('INFINIPOST_API_KEY') ?: throw new \\RuntimeException('INFINIPOST_API_KEY is not set'))];",
      "define('INFINIPOST_KEY', (getenv('INFINIPOST_API_KEY') ?: throw new \\RuntimeException('INFINIPOST_API_KEY is not set')));",
    ],
  },
  {
    lang: 'php',
    name: 'default parameter',
    input: [
      '<?php',
      "function client($key = '@LIVE@') {}",
    ],
    expected: undefined,
  },
  {
    lang: 'php',
    name: 'class property',
    input: [
      '<?php',
      'class C {',
      "    private $key = '@LIVE@';",
      '}',
    ],
    expected: undefined,
  },
  {
    lang: 'php',
    name: 'html outside php',
    input: [
      '<p>@LIVE@</p>',
      '<?php echo 1; ?>',
    ],
    expected: undefined,
  },
];

describe('envRead golden files: php', () => {
  goldenTests(CASES);
});
