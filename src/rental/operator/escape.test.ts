import { describe, expect, it } from 'vitest';
import { escapeHtml } from './decide.ts';

describe('escapeHtml', () => {
  it('escapes every character that could open markup or an attribute', () => {
    expect(escapeHtml(`<a href="x" onclick='y'>&amp;</a>`)).toBe('&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;');
    expect(escapeHtml('Relevé à jour')).toBe('Relevé à jour');
  });
});
