/**
 * The CLI's usage and its faults from issue 8 (5, 6, 7, 10): help per command, suggestions for misspellings, files
 * that cannot be read, `--min-coverage` checked, `--criteria` honoured by every command, tables that align.
 * Runs the built `dist/src/cli/main.js` as a user does (npm test builds first).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import stringWidth from 'string-width';
import { describe, expect, it } from '@jest/globals';
import { Evaluator } from '../src/core/index.js';
import { formatResult } from '../src/cli/format.js';
import { copyShipped, readExample, requiredFacts, shippedStandard, type Json } from './support/standard.js';

const ROOT = join(import.meta.dirname, '..');
const cli = (...args: string[]) => spawnSync(process.execPath, [join(ROOT, 'dist/src/cli/main.js'), ...args], { encoding: 'utf8' });
const tmp = () => mkdtempSync(join(tmpdir(), 'sme-cli-'));

/** Every file under `dir` with the JSON string "from" (a fact id, as key or value) renamed to "to". */
function renameEverywhere(dir: string, from: string, to: string): void {
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.json')) continue;
    const file = join(entry.parentPath, entry.name);
    writeFileSync(file, readFileSync(file, 'utf8').replaceAll(`"${from}"`, `"${to}"`));
  }
}

describe('cli usage', () => {
  it('each command has its own --help naming its options', () => {
    const help = cli('test', '--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('Usage: sme-eval test [options] [dir]');
    expect(help.stdout).toContain('--min-coverage <percent>');
    expect(help.stdout).toContain('--criteria <dir>');
    expect(help.stdout).not.toContain('--indicator');
    expect(cli('explain', '--help').stdout).toContain('--indicator <id>');
  });

  it('a misspelt command or option gets "did you mean", without a stray quote or a stack', () => {
    const command = cli('evalute', 'x.json');
    expect(command.status).toBe(1);
    expect(command.stderr).toContain("unknown command 'evalute'");
    expect(command.stderr).toContain('(Did you mean evaluate?)');
    const option = cli('evaluate', '--jsn', 'x.json');
    expect(option.status).toBe(1);
    expect(option.stderr).toContain("unknown option '--jsn'");
    expect(option.stderr).toContain('(Did you mean --json?)');
    expect(command.stderr + option.stderr).not.toMatch(/\bat .*\.js:\d+/);
  });

  it('a missing or unreadable file says which file and why, in en and zh, without a stack', () => {
    const missing = cli('evaluate', '--category', 'other', join(tmp(), 'nope.json'));
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/cannot read the facts file .*nope\.json: it does not exist/);
    expect(missing.stderr).toMatch(/无法读取事实文件 .*nope\.json：不存在/);
    const folder = cli('evaluate', '--category', 'other', tmp());
    expect(folder.stderr).toContain('it is a folder, not a file');
    const agencies = cli('impact', join(ROOT, 'rules'), '--agencies', join(tmp(), 'agencies.jsonl'));
    expect(agencies.status).toBe(1);
    expect(agencies.stderr).toMatch(/cannot read the agencies file .*agencies\.jsonl: it does not exist/);
    const tests = cli('test', join(tmp(), 'no-tests'));
    expect(tests.status).toBe(1);
    expect(tests.stderr).toMatch(/cannot read the tests folder .*no-tests: it does not exist/);
    for (const run of [missing, folder, agencies, tests]) expect(run.stderr).not.toMatch(/\bat .*\.js:\d+|ENOENT/);
  });

  it('fault 7: --min-coverage abc is refused with a clear error before any test runs', () => {
    for (const bad of ['abc', '', '101', '-1']) {
      const run = cli('test', `--min-coverage=${bad}`);
      expect(run.status).toBe(1);
      expect(run.stderr).toContain(`argument '${bad}' is invalid. must be a number from 0 to 100`);
      expect(run.stdout).not.toContain('passed');
    }
  });

  it('fault 5: test --criteria reads the rule-test schema from the criteria folder given', () => {
    const dirs = copyShipped();
    // The committee's own schema allows a reviewer on each case; the shipped one allows no such property.
    const schemaFile = join(dirs.criteriaDir, 'schemas', 'rule-test.schema.json');
    const schema = JSON.parse(readFileSync(schemaFile, 'utf8'));
    schema.properties.reviewedBy = { type: 'string' };
    writeFileSync(schemaFile, JSON.stringify(schema, null, 2));
    const tests = join(tmp(), 'tests');
    const category = shippedStandard().criteria.classification.categories[0].id;
    const name = readdirSync(join(dirs.rulesDir, 'tests', category)).filter((f) => f.endsWith('.json')).sort()[0];
    const testCase = JSON.parse(readFileSync(join(dirs.rulesDir, 'tests', category, name), 'utf8'));
    mkdirSync(join(tests, category), { recursive: true });
    writeFileSync(join(tests, category, name), JSON.stringify({ ...testCase, reviewedBy: '王工' }));

    const run = cli('test', tests, '--rules', dirs.rulesDir, '--criteria', dirs.criteriaDir);
    expect(run.stdout).toContain('1 passed, 0 failed');
    expect(run.status).toBe(0);
    // The shipped schema still refuses it.
    const shipped = cli('test', tests);
    expect(shipped.stdout).toContain('0 passed, 1 failed');
    expect(shipped.stdout).toContain('reviewedBy');
  });

  it('fault 6: diff and impact validate the folders they are given with --criteria, not the shipped rules/', () => {
    // A committee's own criteria renames a fact; its rules folders follow, the shipped rules/ do not.
    const root = tmp();
    const criteria = join(root, 'criteria');
    const before = join(root, 'before');
    const after = join(root, 'after');
    cpSync(join(ROOT, 'criteria'), criteria, { recursive: true });
    cpSync(join(ROOT, 'rules'), before, { recursive: true });
    for (const dir of [criteria, before]) renameEverywhere(dir, 'staffTotal', 'headcount');
    cpSync(before, after, { recursive: true });
    const professional: Json = JSON.parse(readFileSync(join(after, 'professional.json'), 'utf8'));
    writeFileSync(join(after, 'professional.json'), JSON.stringify({ ...professional, version: '1.1.0' }, null, 2));

    const diff = cli('diff', before, after, '--criteria', criteria);
    expect(diff.stderr).toBe('');
    expect(diff.status).toBe(0);
    expect(diff.stdout).toContain('1.0.0 → 1.1.0');

    const example = readExample('guarantee-company');
    const facts = JSON.parse(JSON.stringify(example.facts).replaceAll('"staffTotal"', '"headcount"'));
    const agencies = join(root, 'agencies.json');
    writeFileSync(agencies, JSON.stringify([{ id: 'g1', name: '某市融资担保有限公司', category: example.category, facts }]));
    const impact = cli('impact', after, '--rules', before, '--criteria', criteria, '--agencies', agencies, '--json');
    expect(impact.stderr).toBe('');
    expect(impact.status).toBe(0);
    expect(JSON.parse(impact.stdout).agencies).toBe(1);
  });

  it('fault 10: the result table aligns with Chinese names and a weight of many digits in its own column', async () => {
    const result = await new Evaluator(shippedStandard()).evaluate('professional', requiredFacts(shippedStandard()));
    const first = result.indicators[0];
    first.weight = 0.123456789012345;
    first.contribution = 12345.678901234;
    first.name = { zh: '一个很长很长的中文指标名称', en: 'a long name' };
    const text = formatResult(result);
    const lines = text.split('\n').filter((l) => /^[┌│├└]/.test(l));
    expect(lines.length).toBe(2 + 1 + result.nodes.length + result.indicators.length + 1);
    // Every line of the table is as wide as the others on a terminal (a Chinese character takes two columns) …
    expect(new Set(lines.map((l) => stringWidth(l))).size).toBe(1);
    // … and its column borders sit at the same places on every line.
    const borders = (l: string) => [...l].reduce<number[]>((at, ch, i, all) => (/[│┼├┤┬┴┌┐└┘]/.test(ch) ? [...at, stringWidth(all.slice(0, i).join(''))] : at), []);
    for (const l of lines) expect(borders(l)).toEqual(borders(lines[0]));
    const row = lines.find((l) => l.includes('一个很长很长的中文指标名称'))!;
    expect(row).toMatch(/│ +0\.123456789012345 │ +12345\.678901234 │$/);
  });
});
