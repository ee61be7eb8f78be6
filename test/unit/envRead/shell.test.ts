// Golden files for the Shell scripts environment-read rewrite. Inputs use @LIVE@ / @TEST@
// placeholders that become key-shaped strings at run time (see test/support/testKeys.ts).
import { GoldenCase, goldenTests } from '../../support/envReadGolden';

const CASES: readonly GoldenCase[] = [
  {
    lang: 'shellscript',
    name: 'bare assignment',
    input: [
      '#!/bin/sh',
      'API_KEY=@LIVE@',
    ],
    expected: [
      '#!/bin/sh',
      'API_KEY="${INFINIPOST_API_KEY:?INFINIPOST_API_KEY is not set}"',
    ],
  },
  {
    lang: 'shellscript',
    name: 'whole single and double quotes',
    input: [
      "A='@LIVE@'",
      'B="@TEST@"',
    ],
    expected: [
      'A="${INFINIPOST_API_KEY:?INFINIPOST_API_KEY is not set}"',
      'B="${INFINIPOST_API_KEY:?INFINIPOST_API_KEY is not set}"',
    ],
  },
  {
    lang: 'shellscript',
    name: 'bearer double-quoted',
    input: ['curl -H "Authorization: Bearer @LIVE@" https://x'],
    expected: ['curl -H "Authorization: Bearer ${INFINIPOST_API_KEY:?INFINIPOST_API_KEY is not set}" https://x'],
  },
  {
    lang: 'shellscript',
    name: 'url single-quoted',
    input: ["curl 'https://x/?key=@LIVE@&a=1'"],
    expected: ['curl \'https://x/?key=\'"${INFINIPOST_API_KEY:?INFINIPOST_API_KEY is not set}"\'&a=1\''],
  },
  {
    lang: 'shellscript',
    name: 'key followed by a name character',
    input: ['echo "@LIVE@_suffix"'],
    expected: ['echo "${INFINIPOST_API_KEY:?INFINIPOST_API_KEY is not set}_suffix"'],
  },
  {
    lang: 'shellscript',
    name: 'default parameter and associative array',
    input: [
      'key="${1:-@LIVE@}"',
      'declare -A m=([k]=@TEST@)',
    ],
    expected: [
      'key="${1:-"${INFINIPOST_API_KEY:?INFINIPOST_API_KEY is not set}"}"',
      'declare -A m=([k]="${INFINIPOST_API_KEY:?INFINIPOST_API_KEY is not set}")',
    ],
  },
  {
    lang: 'shellscript',
    name: 'heredoc',
    input: [
      'cat <<EOF',
      'key: @LIVE@',
      'EOF',
    ],
    expected: [
      'cat <<EOF',
      'key: ${INFINIPOST_API_KEY:?INFINIPOST_API_KEY is not set}',
      'EOF',
    ],
  },
  {
    lang: 'shellscript',
    name: 'quoted heredoc',
    input: [
      "cat <<'EOF'",
      'key: @LIVE@',
      'EOF',
    ],
    expected: undefined,
  },
];

describe('envRead golden files: shell', () => {
  goldenTests(CASES);
});
