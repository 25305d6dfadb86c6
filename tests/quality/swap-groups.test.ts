/**
 * `npm run train -- --swap-groups W`: the counterfactual copy of a civil training text naming a group names another
 * group in the same places, and leaves words that only look like group words alone.
 */
import { groupSwapper } from '../../scripts/training/exportData';
import { seededRandom } from '../../scripts/seeded-random';

const swapGroups = groupSwapper();

describe('groupSwapper', () => {
  test('each group word is replaced by another group word of its kind, the same word always by the same one', () => {
    const rand = seededRandom(1);
    for (let i = 0; i < 50; i++) {
      const out = swapGroups('muslims run the bakery, and the muslims next door are black people too', rand)!;
      const m = /^(.+) run the bakery, and the (.+) next door are (\S+) people too$/.exec(out);
      expect(m).not.toBeNull();
      expect(m![1]).toBe(m![2]);
      expect(m![1]).not.toBe('muslims');
      expect(m![3]).not.toBe('black');
    }
  });

  test('adjectives only before a person noun; plurals that are also adjectives only so; no group, no copy', () => {
    const rand = seededRandom(2);
    expect(swapGroups('a black car outside the chinese restaurant', rand)).toBeNull();
    expect(swapGroups('the weather was lovely today', rand)).toBeNull();
    expect(swapGroups('chinese people cook here', rand)).toMatch(/^(?!chinese)\S+ people cook here$/);
  });
});
