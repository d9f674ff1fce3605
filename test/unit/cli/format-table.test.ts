import assert from 'node:assert/strict';
import { batchesOf } from '../../../src/cli/dead-letters.js';
import { cell, displayWidth, formatTable } from '../../../src/cli/output.js';

describe('talkgate tables', () => {
  it('measures Hangul as two columns', () => {
    assert.equal(displayWidth('abc'), 3);
    assert.equal(displayWidth('안녕'), 4);
    assert.equal(displayWidth('A안'), 3);
  });

  it('aligns columns by display width and trims line ends', () => {
    const table = formatTable(['ID', 'TEXT', 'N'], [['msg_1', '안녕하세요', '1'], ['m2', 'hi', '12']]);
    assert.equal(table, ['ID     TEXT        N', 'msg_1  안녕하세요  1', 'm2     hi          12'].join('\n'));
  });

  it('keeps a cell on one line, without terminal escapes, cut to its width', () => {
    assert.equal(cell('line one\nline two'), 'line one line two');
    assert.equal(cell('\u001b[31mred\u001b[0m'), '[31mred [0m');
    assert.equal(cell('가나다라마바사', 9), '가나다라…');
    assert.equal(displayWidth(cell('가나다라마바사', 9)), 9);
    assert.equal(cell(undefined), '');
    assert.equal(cell('exactly ten', 11), 'exactly ten');
  });

  it('batches whole conversations in sequence order', () => {
    const items = [
      { id: 'b2', conversationId: 'b', seq: 2 },
      { id: 'a1', conversationId: 'a', seq: 1 },
      { id: 'b1', conversationId: 'b', seq: 1 },
      { id: 'c1', conversationId: 'c', seq: 1 },
      { id: 'a2', conversationId: 'a', seq: 2 },
    ];
    assert.deepEqual(batchesOf(items, 50), [['b1', 'b2', 'a1', 'a2', 'c1']]);
    assert.deepEqual(batchesOf(items, 3), [['b1', 'b2'], ['a1', 'a2', 'c1']]);
    assert.deepEqual(batchesOf(items, 1), [['b1', 'b2'], ['a1', 'a2'], ['c1']]);
    assert.deepEqual(batchesOf([]), []);
  });
});
