import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { loadFlowFile } from '../../src/flow/load.js';
import { ROOT } from '../helpers/app.js';
import { runTool } from './run-cli.js';

const TOOLS = ['validate', 'simulate', 'call', 'diagram', 'demo', 'load'];

describe('every command-line tool (issue 18)', () => {
  for (const tool of TOOLS) {
    it(`npm run ${tool} -- --help prints its usage and exits 0`, async () => {
      const run = await runTool(tool, ['--help']);
      assert.equal(run.status, 0, run.stderr);
      assert.match(run.stdout, new RegExp(`^usage: npm run ${tool}`));
      assert.match(run.stdout, /-h, --help/);
      assert.equal(run.stderr, '');
    });

  }

  it('refuses an unknown option with the usage and exits 2 (one parser for all)', async () => {
    const run = await runTool('simulate', ['--bogus']);
    assert.equal(run.status, 2);
    assert.match(run.stderr, /^Unknown option '--bogus'\n\nusage: npm run simulate/);
  });
});

describe('npm run validate', () => {
  it('reports the unknown field and the undefined node in one run (issue 18)', async () => {
    const run = await runTool('validate', ['test/fixtures/flows/schema-and-target.yaml']);
    assert.equal(run.status, 1);
    assert.match(run.stderr, /schema-and-target\.yaml:15:12 error nodes\.main\.choices\.3: node `main`, choice `3` goes to "sales", which is not defined/);
    assert.match(run.stderr, /schema-and-target\.yaml:17:5 error nodes\.main\.timout: unknown field `timout`/);
    assert.match(run.stderr, /4 problem\(s\) in test\/fixtures\/flows\/schema-and-target\.yaml\n$/);
  });

  it('says ok for the shipped flow', async () => {
    const run = await runTool('validate', []);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /^ok: 6 nodes, languages en, es, entry language/);
  });
});

describe('npm run simulate', () => {
  it('reads keys from a pipe as from a terminal: one line a menu (issue 18)', async () => {
    const run = await runTool('simulate', [], { input: '1\n1\n' });
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /☎ press 1: choice 1 → main {2}\(menu `language`, attempt 1 of 3\)/);
    assert.match(run.stdout, /☎ press 1: choice 1 → message {2}\(menu `main`, attempt 1 of 3\)/);
    assert.match(run.stdout, /♪ play \/audio\/english\.mp3/);
    assert.doesNotMatch(run.stdout, /☎ silence/);
  });

  it('takes an empty piped line as silence', async () => {
    const run = await runTool('simulate', [], { input: '\n1\n' });
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /☎ silence {2}\(menu `language`, attempt 1 of 3\)/);
    assert.match(run.stdout, /☎ press 1: choice 1 → main {2}\(menu `language`, attempt 2 of 3\)/);
  });

  it('says when the scripted keys run out, before the silences that follow (issue 18)', async () => {
    const run = await runTool('simulate', ['2', '2', '--dial', 'no-answer']);
    assert.equal(run.status, 0, run.stderr);
    const lines = run.stdout.split('\n');
    const note = lines.findIndex((line) => line.includes('no more keys given (2): the caller stays silent from here'));
    const firstSilence = lines.findIndex((line) => line.includes('☎ silence'));
    assert.ok(note > 0 && note < firstSilence, run.stdout);
    assert.equal(lines.filter((line) => line.includes('no more keys given')).length, 1);
  });
});

describe('npm run diagram', () => {
  it('writes the SVG of a flow to the path given', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'diagram-'));
    try {
      const out = join(dir, 'nested', 'flow.svg');
      const run = await runTool('diagram', [out, '--flow', 'examples/clinic.yaml']);
      assert.equal(run.status, 0, run.stderr);
      assert.match(run.stdout, /wrote .*flow\.svg: \d+ nodes of examples\/clinic\.yaml/);
      const svg = readFileSync(out, 'utf8');
      assert.match(svg, /^<\?xml[\s\S]*<svg [\s\S]*<\/svg>\s*$/);
      const loaded = loadFlowFile(resolve(ROOT, 'examples/clinic.yaml'), {});
      assert.ok(loaded.ok);
      for (const id of loaded.flow.nodes.keys()) assert.ok(svg.includes(`flow&#45;node&#45;${id}`), id);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a broken flow with its problems', async () => {
    const run = await runTool('diagram', ['/dev/null', '--flow', 'test/fixtures/flows/unknown-target.yaml']);
    assert.equal(run.status, 1);
    assert.match(run.stderr, /unknown-target\.yaml:\d+:\d+ error/);
  });
});
