import { describe, expect, it } from 'vitest';
import { echo } from '../../src/render/echo.js';

describe('echo: user text quoted in a reply', () => {
  it('drops controls and bidirectional overrides, so nothing reads backwards or rings a bell', () => {
    expect(echo('report\u202Etxt.exe')).toBe('report txt.exe');
    expect(echo('a\u2066b\u2069c\u200Fd\u061Ce')).toBe('a b c d e');
    expect(echo('bell\u0007 and\u0000null\u009Bcsi')).toBe('bell and null csi');
    expect(echo('  two\n\nlines\t ')).toBe('two lines');
  });

  it('keeps what is printable, in any script', () => {
    expect(echo('Пашинян и Путин — 2021')).toBe('Пашинян и Путин — 2021');
    expect(echo('مرحبا بالعالم')).toBe('مرحبا بالعالم');
  });

  it('bounds the length, marking the cut', () => {
    expect(echo('x'.repeat(1_000_000))).toBe(`${'x'.repeat(79)}…`);
    expect(echo('word '.repeat(30), 20)).toBe('word word word word…');
    expect(echo('short', 5)).toBe('short');
  });
});
