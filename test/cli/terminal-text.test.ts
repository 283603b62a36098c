import { LogOrder } from '../../cli/src/log-order';
import type { LogLine } from '../../cli/src/logs';
import { cleanLines, wrap } from '../../cli/src/terminal-text';

describe('log text made safe for a terminal', () => {
  test.each([
    ['plain\n', ['plain']],
    ['two\nlines\r\n', ['two', 'lines']],
    ['  0%|          |\r 50%|#####     |\r100%|##########|', ['100%|##########|']],
    ['done\r', ['done']],
    ['\x1b[31mred\x1b[0m and \x1b[1;32mgreen\x1b[0m', ['red and green']],
    ['title\x1b]0;xterm title\x07 after', ['title after']],
    ['bell\x07 back\b nul\x00 del\x7f c1\x9b', ['bell back nul del c1']],
    ['tab\tkept', ['tab\tkept']],
  ])('%j → %j', (message, lines) => {
    expect(cleanLines(message)).toEqual(lines);
  });

  test('wrap cuts a line into pieces of the width, by characters', () => {
    expect(wrap('é'.repeat(45), 20)).toEqual(['é'.repeat(20), 'é'.repeat(20), 'é'.repeat(5)]);
    expect(wrap('short', 80)).toEqual(['short']);
  });
});

describe('LogOrder', () => {
  const line = (instance: string, timestamp: number): LogLine => ({ instance, timestamp, stream: `job/${instance}-1`, message: `${instance}@${timestamp}` });

  test('a slower instance\'s lines that arrive a poll late are printed in their place', () => {
    const order = new LogOrder(5000);
    order.add([line('algo-1', 1000), line('algo-1', 3000)], 10_000);
    expect(order.take(10_000)).toEqual([]);
    order.add([line('algo-2', 2000), line('algo-1', 14_000)], 15_000);
    // algo-2's line is older than algo-1's second: it waits its delay, and algo-1's waits behind it.
    expect(order.take(15_000).map((l) => l.message)).toEqual(['algo-1@1000']);
    order.add([line('algo-1', 16_000)], 20_000);
    expect(order.take(20_000).map((l) => l.message)).toEqual(['algo-2@2000', 'algo-1@3000', 'algo-1@14000']);
    expect(order.flush().map((l) => l.message)).toEqual(['algo-1@16000']);
  });

  test('a line is held at most the delay', () => {
    const order = new LogOrder(5000);
    order.add([line('algo-1', 1)], 0);
    expect(order.take(4999)).toEqual([]);
    expect(order.take(5000).map((l) => l.message)).toEqual(['algo-1@1']);
  });
});
