// `sk_live_…` / `sk_test_…` is also Stripe's secret key format. A key the surrounding code hands to
// Stripe must not be moved into INFINIPOST_API_KEY (the program would then send the Infinipost key to
// Stripe) nor into the Infinipost vault. The rule, decided from the code around the key:
//   1. The key's line or the two lines above name Infinipost → Infinipost.
//   2. They name Stripe (a callee or receiver such as `Stripe(…)`, `stripe.api_key`, `Stripe.apiKey`,
//      `StripeConfiguration.ApiKey`, `new StripeClient(…)`, `STRIPE_SECRET_KEY`, or the host
//      `api.stripe.com`) → Stripe.
//   3. The file imports a Stripe library or calls api.stripe.com and never names Infinipost → Stripe.
//   4. Otherwise → Infinipost (the extension's own key format).

/** Another provider whose keys share the Infinipost format. */
export interface ProviderAttribution {
  provider: 'Stripe';
  /** The provider's conventional environment variable. */
  variable: 'STRIPE_SECRET_KEY';
  /** What in the code pointed to the provider, for the diagnostic (never the key). */
  evidence: string;
}

const INFINIPOST = /infinipost/i;
// An identifier (or host) naming Stripe, but not a word that merely contains the letters (`striped`).
const STRIPE_NEAR = /api\.stripe\.com|\b[A-Za-z_$]*(?:stripe|Stripe|STRIPE)(?![a-z])[A-Za-z_$]*\b/;
const STRIPE_IMPORT = new RegExp(
  [
    String.raw`\brequire\s*\(\s*['"]stripe['"]\s*\)`, // Node
    String.raw`\bfrom\s+['"]stripe['"]`, // ES modules
    String.raw`^\s*import\s+stripe\b`, // Python
    String.raw`^\s*from\s+stripe\b`,
    String.raw`^\s*using\s+Stripe\b`, // C#
    String.raw`^\s*import\s+com\.stripe\b`, // Java, Kotlin
    String.raw`github\.com/stripe/stripe-go`, // Go
    String.raw`^\s*require\s+['"]stripe['"]`, // Ruby
    String.raw`\\?Stripe\\Stripe(Client)?\b`, // PHP
    String.raw`^\s*use\s+stripe\b`, // Rust
    String.raw`api\.stripe\.com`,
  ].join('|'),
  'm',
);

/** Which provider the key at `[keyStart, keyEnd)` belongs to: undefined for Infinipost (the default). */
export function attributeKey(text: string, keyStart: number, keyEnd: number): ProviderAttribution | undefined {
  const nearby = attributeNearby(text, keyStart, keyEnd);
  return nearby === 'Infinipost' ? undefined : (nearby ?? attributeFile(text));
}

/**
 * What the key's own line and the two lines above say: 'Infinipost' when they name it, a provider
 * when they point to one, undefined when they say nothing (then the file decides).
 */
export function attributeNearby(text: string, keyStart: number, keyEnd: number): ProviderAttribution | 'Infinipost' | undefined {
  const windowStart = startOfLineAbove(text, keyStart, 2);
  const lineEnd = text.indexOf('\n', keyEnd);
  const near = text.slice(windowStart, keyStart) + ' ' + text.slice(keyEnd, lineEnd < 0 ? text.length : lineEnd);
  if (INFINIPOST.test(near)) {
    return 'Infinipost';
  }
  const local = STRIPE_NEAR.exec(near);
  if (local !== null) {
    return { provider: 'Stripe', variable: 'STRIPE_SECRET_KEY', evidence: `the code around it uses \`${local[0]}\`` };
  }
  return undefined;
}

/** A file that imports another provider's library and never mentions Infinipost: its keys are that provider's. */
export function attributeFile(text: string): ProviderAttribution | undefined {
  const imported = STRIPE_IMPORT.exec(text);
  if (imported !== null && !INFINIPOST.test(text)) {
    return {
      provider: 'Stripe',
      variable: 'STRIPE_SECRET_KEY',
      evidence: `the file uses Stripe (\`${imported[0].trim()}\`) and never mentions Infinipost`,
    };
  }
  return undefined;
}

function startOfLineAbove(text: string, pos: number, lines: number): number {
  let start = text.lastIndexOf('\n', pos - 1) + 1;
  for (let i = 0; i < lines && start > 0; i++) {
    start = text.lastIndexOf('\n', start - 2) + 1;
  }
  return start;
}
