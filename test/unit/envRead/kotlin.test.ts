// Golden files for the Kotlin environment-read rewrite. Inputs use @LIVE@ / @TEST@
// placeholders that become key-shaped strings at run time (see test/support/testKeys.ts).
import { GoldenCase, goldenTests } from '../../support/envReadGolden';

const CASES: readonly GoldenCase[] = [
  {
    lang: 'kotlin',
    name: 'whole',
    input: ['val apiKey = "@LIVE@"'],
    expected: ['val apiKey = checkNotNull(System.getenv("INFINIPOST_API_KEY")) { "INFINIPOST_API_KEY is not set" }'],
  },
  {
    lang: 'kotlin',
    name: 'whole raw',
    input: ['val apiKey = """@LIVE@"""'],
    expected: ['val apiKey = checkNotNull(System.getenv("INFINIPOST_API_KEY")) { "INFINIPOST_API_KEY is not set" }'],
  },
  {
    lang: 'kotlin',
    name: 'bearer',
    input: ['val auth = "Bearer @LIVE@"'],
    expected: ['val auth = "Bearer ${checkNotNull(System.getenv("INFINIPOST_API_KEY")) { "INFINIPOST_API_KEY is not set" }}"'],
  },
  {
    lang: 'kotlin',
    name: 'url in raw string, map value',
    input: ['val m = mapOf("u" to """https://x/?key=@LIVE@&a=1""")'],
    expected: ['val m = mapOf("u" to """https://x/?key=${checkNotNull(System.getenv("INFINIPOST_API_KEY")) { "INFINIPOST_API_KEY is not set" }}&a=1""")'],
  },
  {
    lang: 'kotlin',
    name: 'default parameter and two keys',
    input: ['fun client(key: String = "@LIVE@", other: String = "t=@TEST@") = key + other'],
    expected: ['fun client(key: String = checkNotNull(System.getenv("INFINIPOST_API_KEY")) { "INFINIPOST_API_KEY is not set" }, other: String = "t=${checkNotNull(System.getenv("INFINIPOST_API_KEY")) { "INFINIPOST_API_KEY is not set" }}") = key + other'],
  },
  {
    lang: 'kotlin',
    name: 'const val',
    input: ['const val API_KEY = "@LIVE@"'],
    expected: undefined,
  },
];

describe('envRead golden files: kotlin', () => {
  goldenTests(CASES);
});
