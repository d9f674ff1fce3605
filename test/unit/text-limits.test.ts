import assert from 'node:assert/strict';
import { cutText, charLength } from '../../src/domain/text-limits.js';

describe('cutText', () => {
  it('keeps text at or under the limit unchanged', () => {
    assert.equal(cutText('상담원 연결', 6), '상담원 연결');
  });
  it('cuts at a character boundary, never inside a surrogate pair', () => {
    const cut = cutText('ab😀cd', 3);
    assert.equal(cut, 'ab😀');
    assert.equal(charLength(cut), 3);
  });
});
