import * as assert from 'assert';
import { commentSyntaxFor, ignoreCommentEdit } from '../../src/core/ignoreComment';
import { detectKeys } from '../../src/core/keyDetector';
import { liveKey, randomBody, seededRandom, testKey } from '../support/testKeys';

const random = seededRandom(11);
const key = (): string => liveKey(randomBody(32, random));
const KEY = '<KEY>';

// Applies the quick fix to `template` (with `<KEY>` standing for a generated key) and returns
// the edited text; asserts the key was reported before and is suppressed after.
function applyFix(languageId: string, template: string): string {
  const text = template.replace(KEY, key());
  const before = detectKeys(text);
  assert.strictEqual(before.findings.length, 1, 'the key is reported before the fix');
  const edit = ignoreCommentEdit(text, languageId, before.findings[0].start);
  assert.ok(edit, `an edit for ${languageId}`);
  const edited = text.slice(0, edit.offset) + edit.insert + text.slice(edit.offset);
  const after = detectKeys(edited);
  assert.strictEqual(after.findings.length, 0, `the key is no longer reported in ${languageId}:\n${edited}`);
  assert.strictEqual(after.suppressed, 1);
  return edited;
}

// The inserted line, i.e. the line just above the key's line in the edited text.
function insertedLine(edited: string): string {
  const lines = edited.split(/\r\n|\r|\n/);
  const keyLine = lines.findIndex((line) => /sk_(live|test)_/.test(line));
  return lines[keyLine - 1];
}

describe('ignoreCommentEdit', () => {
  const cases: Array<[string, string, string]> = [
    ['javascript', `const a = 1;\nconst apiKey = '${KEY}';\n`, '// infinipost-ignore-next-line'],
    ['typescript', `export const apiKey: string = "${KEY}";`, '// infinipost-ignore-next-line'],
    ['javascriptreact', `const client = create({\n  key: '${KEY}',\n});`, '  // infinipost-ignore-next-line'],
    ['typescriptreact', `const x = 1;\nconst k = \`${KEY}\`;`, '// infinipost-ignore-next-line'],
    ['jsonc', `{\n  "apiKey": "${KEY}"\n}`, '  // infinipost-ignore-next-line'],
    ['python', `def client():\n    return Client("${KEY}")\n`, '    # infinipost-ignore-next-line'],
    ['ruby', `API_KEY = '${KEY}'`, '# infinipost-ignore-next-line'],
    ['shellscript', `#!/bin/sh\nexport INFINIPOST_API_KEY=${KEY}\n`, '# infinipost-ignore-next-line'],
    ['powershell', `$env:INFINIPOST_API_KEY = "${KEY}"`, '# infinipost-ignore-next-line'],
    ['yaml', `env:\n  INFINIPOST_API_KEY: ${KEY}\n`, '  # infinipost-ignore-next-line'],
    ['toml', `[infinipost]\nkey = "${KEY}"\n`, '# infinipost-ignore-next-line'],
    ['ini', `[infinipost]\nkey = ${KEY}\n`, '; infinipost-ignore-next-line'],
    ['properties', `infinipost.key=${KEY}\n`, '# infinipost-ignore-next-line'],
    ['dotenv', `INFINIPOST_API_KEY=${KEY}\n`, '# infinipost-ignore-next-line'],
    ['go', `func key() string {\n\treturn "${KEY}"\n}`, '\t// infinipost-ignore-next-line'],
    ['rust', `let key = "${KEY}";`, '// infinipost-ignore-next-line'],
    ['java', `String key = "${KEY}";`, '// infinipost-ignore-next-line'],
    ['kotlin', `val key = "${KEY}"`, '// infinipost-ignore-next-line'],
    ['csharp', `var key = "${KEY}";`, '// infinipost-ignore-next-line'],
    ['c', `const char *key = "${KEY}";`, '// infinipost-ignore-next-line'],
    ['cpp', `auto key = std::string("${KEY}");`, '// infinipost-ignore-next-line'],
    ['php', `<?php\n$key = '${KEY}';\n`, '// infinipost-ignore-next-line'],
    ['swift', `let key = "${KEY}"`, '// infinipost-ignore-next-line'],
    ['dart', `final key = '${KEY}';`, '// infinipost-ignore-next-line'],
    ['elixir', `config :app, key: "${KEY}"`, '# infinipost-ignore-next-line'],
    ['html', `<body>\n  <p data-key="${KEY}"></p>\n</body>`, '  <!-- infinipost-ignore-next-line -->'],
    ['xml', `<config>\n  <key>${KEY}</key>\n</config>`, '  <!-- infinipost-ignore-next-line -->'],
    ['markdown', `# Setup\n\nUse ${KEY} for now.\n`, '<!-- infinipost-ignore-next-line -->'],
    ['css', `.x {\n  --key: "${KEY}";\n}`, '  /* infinipost-ignore-next-line */'],
    ['scss', `$key: "${KEY}";`, '/* infinipost-ignore-next-line */'],
    ['less', `@key: "${KEY}";`, '/* infinipost-ignore-next-line */'],
    ['sql', `INSERT INTO keys VALUES ('${KEY}');`, '-- infinipost-ignore-next-line'],
    ['lua', `local key = "${KEY}"`, '-- infinipost-ignore-next-line'],
    ['vue', `<template>\n  <Pay :k="'${KEY}'" />\n</template>`, '  <!-- infinipost-ignore-next-line -->'],
    ['vue', `<script setup lang="ts">\nconst key = '${KEY}';\n</script>`, '// infinipost-ignore-next-line'],
    ['svelte', `<script>\n  let key = '${KEY}';\n</script>\n<p>{key}</p>`, '  // infinipost-ignore-next-line'],
    ['svelte', `<p>${KEY}</p>`, '<!-- infinipost-ignore-next-line -->'],
    ['plaintext', `key: ${KEY}`, '# infinipost-ignore-next-line'],
    ['some-unknown-language', `key: ${KEY}`, '# infinipost-ignore-next-line'],
  ];
  for (const [languageId, template, expected] of cases) {
    it(`writes ${expected.trim()} for ${languageId} and silences the key`, () => {
      assert.strictEqual(insertedLine(applyFix(languageId, template)), expected);
    });
  }

  describe('embedded languages', () => {
    it('uses // inside an HTML <script> block', () => {
      const edited = applyFix('html', `<html>\n<SCRIPT type="module">\n  const key = "${KEY}";\n</SCRIPT>\n</html>`);
      assert.strictEqual(insertedLine(edited), '  // infinipost-ignore-next-line');
    });

    it('uses /* */ inside an HTML <style> block', () => {
      const edited = applyFix('html', `<style>\n  .a { --k: "${KEY}"; }\n</style>`);
      assert.strictEqual(insertedLine(edited), '  /* infinipost-ignore-next-line */');
    });

    it('uses HTML comments after a closed <script> block', () => {
      const edited = applyFix('html', `<script>let a = 1;</script>\n<div>${KEY}</div>`);
      assert.strictEqual(insertedLine(edited), '<!-- infinipost-ignore-next-line -->');
    });

    it('offers nothing inside a JSON <script> block', () => {
      const text = `<script type="application/ld+json">\n{"key": "${key()}"}\n</script>`;
      assert.strictEqual(ignoreCommentEdit(text, 'html', detectKeys(text).findings[0].start), undefined);
    });

    it('uses HTML comments in PHP outside <?php ?>', () => {
      const edited = applyFix('php', `<?php echo 1; ?>\n<p>${KEY}</p>`);
      assert.strictEqual(insertedLine(edited), '<!-- infinipost-ignore-next-line -->');
    });

    it('uses // in Astro frontmatter and HTML comments below it', () => {
      assert.strictEqual(insertedLine(applyFix('astro', `---\nconst key = '${KEY}';\n---\n<p/>`)), '// infinipost-ignore-next-line');
      assert.strictEqual(insertedLine(applyFix('astro', `---\nconst a = 1;\n---\n<p>${KEY}</p>`)), '<!-- infinipost-ignore-next-line -->');
    });

    it('uses the fence language inside Markdown code blocks', () => {
      assert.strictEqual(insertedLine(applyFix('markdown', `Intro\n\n\`\`\`python\nclient = Client("${KEY}")\n\`\`\`\n`)), '# infinipost-ignore-next-line');
      assert.strictEqual(insertedLine(applyFix('markdown', `\`\`\`ts\nconst k = '${KEY}';\n\`\`\``)), '// infinipost-ignore-next-line');
      assert.strictEqual(insertedLine(applyFix('markdown', `~~~bash\ncurl -H "Authorization: Bearer ${KEY}"\n~~~`)), '# infinipost-ignore-next-line');
    });

    it('uses HTML comments in Markdown after a code block closes', () => {
      const edited = applyFix('markdown', `\`\`\`js\nlet a = 1;\n\`\`\`\n\nKey: ${KEY}\n`);
      assert.strictEqual(insertedLine(edited), '<!-- infinipost-ignore-next-line -->');
    });

    it('uses {/* */} among JSX children', () => {
      const edited = applyFix('typescriptreact', `return (\n  <div>\n    <Pay apiKey="${KEY}" />\n  </div>\n);`);
      assert.strictEqual(insertedLine(edited), '    {/* infinipost-ignore-next-line */}');
    });

    it('uses // between attributes of a multi-line JSX tag and after an arrow', () => {
      assert.strictEqual(insertedLine(applyFix('javascriptreact', `<Pay\n  mode="x"\n  apiKey="${KEY}"\n/>`)), '  // infinipost-ignore-next-line');
      assert.strictEqual(insertedLine(applyFix('javascriptreact', `const f = () =>\n  "${KEY}";`)), '  // infinipost-ignore-next-line');
    });
  });

  describe('placement', () => {
    it('inserts at the start of the key line, indented like it', () => {
      const k = key();
      const text = `function f() {\n\t  return "${k}";\n}`;
      const edit = ignoreCommentEdit(text, 'typescript', text.indexOf(k));
      assert.deepStrictEqual(edit, { offset: text.indexOf('\t  return'), insert: '\t  // infinipost-ignore-next-line\n' });
    });

    it('keeps CRLF line endings', () => {
      const k = testKey(randomBody(32, random));
      const text = `a = 1\r\nb = "${k}"\r\n`;
      const edit = ignoreCommentEdit(text, 'python', text.indexOf(k));
      assert.deepStrictEqual(edit, { offset: 7, insert: '# infinipost-ignore-next-line\r\n' });
    });

    it('uses the previous line break when the key is on the last line', () => {
      const k = key();
      const text = `a = 1\r\nb = "${k}"`;
      assert.strictEqual(ignoreCommentEdit(text, 'python', text.indexOf(k))?.insert, '# infinipost-ignore-next-line\r\n');
    });

    it('inserts at offset 0 for a key on the first line of a one-line file', () => {
      const k = key();
      assert.deepStrictEqual(ignoreCommentEdit(`KEY=${k}`, 'dotenv', 4), { offset: 0, insert: '# infinipost-ignore-next-line\n' });
    });

    it('offers nothing for JSON, which has no comments', () => {
      const text = `{"apiKey": "${key()}"}`;
      assert.strictEqual(ignoreCommentEdit(text, 'json', 12), undefined);
    });

    it('offers nothing inside a backslash-continued command', () => {
      const k = key();
      const text = `curl https://api.infinipost.co/v1/accounts \\\n  -H "Authorization: Bearer ${k}"`;
      assert.strictEqual(ignoreCommentEdit(text, 'shellscript', text.indexOf(k)), undefined);
    });

    it('offers nothing inside a backtick-continued PowerShell command', () => {
      const k = key();
      const text = `Invoke-RestMethod -Uri $u \`\n  -Headers @{ Authorization = "Bearer ${k}" }`;
      assert.strictEqual(ignoreCommentEdit(text, 'powershell', text.indexOf(k)), undefined);
    });
  });
});

describe('commentSyntaxFor', () => {
  it('knows line and block comment syntaxes', () => {
    assert.deepStrictEqual(commentSyntaxFor('typescript'), { open: '//' });
    assert.deepStrictEqual(commentSyntaxFor('python'), { open: '#' });
    assert.deepStrictEqual(commentSyntaxFor('css'), { open: '/*', close: '*/' });
    assert.deepStrictEqual(commentSyntaxFor('html'), { open: '<!--', close: '-->' });
    assert.deepStrictEqual(commentSyntaxFor('sql'), { open: '--' });
  });

  it('returns undefined for JSON and # for unknown languages', () => {
    assert.strictEqual(commentSyntaxFor('json'), undefined);
    assert.deepStrictEqual(commentSyntaxFor('brand-new-language'), { open: '#' });
  });
});
