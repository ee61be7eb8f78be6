import * as assert from 'assert';
import { attributeKey } from '../../src/core/keyAttribution';
import { liveKey, randomBody, seededRandom } from '../support/testKeys';

const KEY = liveKey(randomBody(32, seededRandom(1812)));

function attribution(template: string): string | undefined {
  const text = template.split('@K@').join(KEY);
  const start = text.indexOf(KEY);
  return attributeKey(text, start, start + KEY.length)?.provider;
}

describe('attributeKey: Stripe or Infinipost', () => {
  const stripe: ReadonlyArray<[string, string]> = [
    ['Node constructor', "const stripe = Stripe('@K@');"],
    ['Node require call', "const stripe = require('stripe')('@K@');"],
    ['Python module setting', 'import stripe\nstripe.api_key = "@K@"'],
    ['Java static setting', 'Stripe.apiKey = "@K@";'],
    ['C# configuration', 'StripeConfiguration.ApiKey = "@K@";'],
    ['C#/Node client', 'var client = new StripeClient("@K@");'],
    ['Go package variable', 'stripe.Key = "@K@"'],
    ['PHP static call', "\\Stripe\\Stripe::setApiKey('@K@');"],
    ['Ruby setting', "Stripe.api_key = '@K@'"],
    ['conventional variable', 'STRIPE_SECRET_KEY = "@K@"'],
    ['argument on the next line', 'const stripe = new Stripe(\n  "@K@",\n);'],
    ['URL host', 'curl https://api.stripe.com/v1/charges -u @K@:'],
    ['file that imports Stripe', "import Stripe from 'stripe';\n\n\n\n\nconst config = { secret: '@K@' };"],
  ];
  for (const [name, code] of stripe) {
    it(`Stripe: ${name}`, () => assert.strictEqual(attribution(code), 'Stripe'));
  }

  const infinipost: ReadonlyArray<[string, string]> = [
    ['plain constant', "const apiKey = '@K@';"],
    ['Infinipost client', "const client = new InfinipostClient('@K@');"],
    ['Infinipost named next to Stripe', "// Infinipost key (not the Stripe one)\nconst key = '@K@';"],
    ['file with both, key used with Infinipost', "import Stripe from 'stripe';\n\n\n\nfetch('https://api.infinipost.co/v1/accounts', { headers: { Authorization: 'Bearer @K@' } });"],
    ['a word that only contains the letters', "const striped = true;\nconst key = '@K@';"],
  ];
  for (const [name, code] of infinipost) {
    it(`Infinipost: ${name}`, () => assert.strictEqual(attribution(code), undefined));
  }

  it('says what pointed to Stripe, without the key', () => {
    const text = `stripe.api_key = "${KEY}"`;
    const result = attributeKey(text, text.indexOf(KEY), text.indexOf(KEY) + KEY.length);
    assert.deepStrictEqual(result, { provider: 'Stripe', variable: 'STRIPE_SECRET_KEY', evidence: 'the code around it uses `stripe`' });
  });
});
