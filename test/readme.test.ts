import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SETTING_NAMES } from '../src/config.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

describe('README', () => {
  it('documents exactly the settings the config schema reads', () => {
    const section = readme.split('## Settings')[1]!.split('\n## ')[0]!;
    const documented = [...section.matchAll(/^\| ([A-Z][A-Z0-9_]+) \|/gm)].map((m) => m[1]);
    expect(documented.sort()).toEqual([...SETTING_NAMES].sort());
  });
});
