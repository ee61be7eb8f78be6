// Renders the marketplace icon media/icon.svg to media/icon.png (128x128, transparent corners).
// Run from anywhere after `npm ci`:   node scripts/renderIcon.mjs
// Uses playwright-core (a devDependency) with Debian's Chromium (apt-get install chromium), so it
// downloads no browser. Re-run it whenever media/icon.svg changes, and commit both files.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchChromium } from './lib/offlineVscode.mjs';
import { repoRoot } from './lib/setup.mjs';

const SIZE = 128;
const source = join(repoRoot, 'media', 'icon.svg');
const target = join(repoRoot, 'media', 'icon.png');

const svg = readFileSync(source, 'utf8').replace(/^<\?xml[^>]*>\s*/, '');
const html = `<!doctype html><html><head><style>
  html, body { margin: 0; padding: 0; background: transparent; overflow: hidden; }
  svg { display: block; width: ${SIZE}px; height: ${SIZE}px; }
</style></head><body>${svg}</body></html>`;

const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: SIZE, height: SIZE }, deviceScaleFactor: 1 });
  await page.setContent(html, { waitUntil: 'load' });
  const png = await page.screenshot({
    omitBackground: true,
    clip: { x: 0, y: 0, width: SIZE, height: SIZE },
  });
  writeFileSync(target, png);
  console.log(`media/icon.png: ${SIZE}x${SIZE}, ${png.length} bytes`);
} finally {
  await browser.close();
}
