import { chunk, groupBySize, mapWithConcurrency, newUidsAbove } from './imap-batch';

describe('newUidsAbove', () => {
  it('drops the newest message that `N:*` returns when N is above every UID', () => {
    expect(newUidsAbove([42], 42)).toEqual([]);
    expect(newUidsAbove([42], 100)).toEqual([]);
  });

  it('keeps only UIDs above the cursor, ascending and once each', () => {
    expect(newUidsAbove([9, 3, 7, 7, 12, 5], 5)).toEqual([7, 9, 12]);
  });

  it('ignores values that are not UIDs', () => {
    expect(newUidsAbove([Number.NaN, -1, 2.5, 4], 0)).toEqual([4]);
  });
});

describe('chunk', () => {
  it('splits in order with a shorter last chunk', () => {
    expect(chunk([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(chunk([], 50)).toEqual([]);
  });
});

describe('groupBySize', () => {
  it('bounds the bytes and the count of each group, keeping order', () => {
    const messages = [
      { uid: 1, size: 40 },
      { uid: 2, size: 40 },
      { uid: 3, size: 40 },
      { uid: 4, size: 10 },
      { uid: 5, size: 10 },
      { uid: 6, size: 10 },
    ];
    expect(groupBySize(messages, 100, 2)).toEqual([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    expect(groupBySize(messages, 100, 50)).toEqual([
      [1, 2],
      [3, 4, 5, 6],
    ]);
  });

  it('gives a message larger than the byte budget a group of its own', () => {
    expect(
      groupBySize(
        [
          { uid: 1, size: 10 },
          { uid: 2, size: 500 },
          { uid: 3, size: 10 },
        ],
        100,
      ),
    ).toEqual([[1], [2], [3]]);
  });
});

describe('mapWithConcurrency', () => {
  it('keeps at most `limit` tasks in flight and returns results in input order', async () => {
    let inFlight = 0;
    let peak = 0;
    const results = await mapWithConcurrency([5, 1, 4, 2, 3, 0, 6], 3, async (n) => {
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      await new Promise((resolve) => setTimeout(resolve, n * 3));
      inFlight -= 1;
      return n * 10;
    });
    expect(results).toEqual([50, 10, 40, 20, 30, 0, 60]);
    expect(peak).toBe(3);
  });

  it('lets every started task settle, then rejects with the first error', async () => {
    const settled: number[] = [];
    await expect(
      mapWithConcurrency([1, 2, 3, 4], 2, async (n) => {
        await new Promise((resolve) => setTimeout(resolve, 5));
        settled.push(n);
        if (n === 2) throw new Error('two');
        return n;
      }),
    ).rejects.toThrow('two');
    expect(settled.sort()).toEqual([1, 2, 3, 4]);
  });
});
