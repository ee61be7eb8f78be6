// Golden files for the PowerShell environment-read rewrite. Inputs use @LIVE@ / @TEST@
// placeholders that become key-shaped strings at run time (see test/support/testKeys.ts).
import { GoldenCase, goldenTests } from '../../support/envReadGolden';

const CASES: readonly GoldenCase[] = [
  {
    lang: 'powershell',
    name: 'whole single and double quotes',
    input: [
      "$a = '@LIVE@'",
      '$b = "@TEST@"',
    ],
    expected: [
      '$a = $(if ($null -eq $env:INFINIPOST_API_KEY) { throw \'INFINIPOST_API_KEY is not set\' } else { $env:INFINIPOST_API_KEY })',
      '$b = $(if ($null -eq $env:INFINIPOST_API_KEY) { throw \'INFINIPOST_API_KEY is not set\' } else { $env:INFINIPOST_API_KEY })',
    ],
  },
  {
    lang: 'powershell',
    name: 'bearer double-quoted',
    input: ['$h = @{ Authorization = "Bearer @LIVE@" }'],
    expected: ['$h = @{ Authorization = "Bearer $(if ($null -eq $env:INFINIPOST_API_KEY) { throw \'INFINIPOST_API_KEY is not set\' } else { $env:INFINIPOST_API_KEY })" }'],
  },
  {
    lang: 'powershell',
    name: 'url single-quoted',
    input: ["Invoke-RestMethod 'https://x/?key=@LIVE@&a=1&b=$c'"],
    expected: ['Invoke-RestMethod "https://x/?key=$(if ($null -eq $env:INFINIPOST_API_KEY) { throw \'INFINIPOST_API_KEY is not set\' } else { $env:INFINIPOST_API_KEY })&a=1&b=`$c"'],
  },
  {
    lang: 'powershell',
    name: 'default parameter and bare argument',
    input: [
      "param([string]$Key = '@LIVE@')",
      'Connect-Thing -Key @TEST@',
    ],
    expected: [
      'param([string]$Key = $(if ($null -eq $env:INFINIPOST_API_KEY) { throw \'INFINIPOST_API_KEY is not set\' } else { $env:INFINIPOST_API_KEY }))',
      'Connect-Thing -Key $(if ($null -eq $env:INFINIPOST_API_KEY) { throw \'INFINIPOST_API_KEY is not set\' } else { $env:INFINIPOST_API_KEY })',
    ],
  },
  {
    lang: 'powershell',
    name: 'here-string',
    input: [
      '$body = @"',
      '{"key": "@LIVE@"}',
      '"@',
    ],
    expected: [
      '$body = @"',
      '{"key": "$(if ($null -eq $env:INFINIPOST_API_KEY) { throw \'INFINIPOST_API_KEY is not set\' } else { $env:INFINIPOST_API_KEY })"}',
      '"@',
    ],
  },
];

describe('envRead golden files: powershell', () => {
  goldenTests(CASES);
});
