import * as tf from '@tensorflow/tfjs';
import { loadEncoder, type SentenceEncoder } from '../../src/scoring/model/encoder';
import { initRuntime } from '../../src/scoring/model/runtime';

describe('USE-lite encoder from node_modules (offline)', () => {
  let encoder: SentenceEncoder;
  beforeAll(async () => {
    // No network: fetch is made to fail so any attempt to download would surface as an error.
    jest.spyOn(globalThis, 'fetch').mockRejectedValue(new Error('network access attempted'));
    await initRuntime('auto');
    encoder = await loadEncoder();
  });
  afterAll(() => { encoder?.dispose(); jest.restoreAllMocks(); });

  it('loads from the npm package without the network and embeds into 512 dimensions', async () => {
    const v = await encoder.embed(['The council meets on Tuesday.']);
    expect(v).toHaveLength(512);
    expect(fetch).not.toHaveBeenCalled();
  });

  it('is deterministic, and a text embeds the same alone or in a batch', async () => {
    const a = await encoder.embed(['hello there', 'a much longer sentence about the weather in spring']);
    const b = await encoder.embed(['hello there', 'a much longer sentence about the weather in spring']);
    const alone = await encoder.embed(['a much longer sentence about the weather in spring']);
    expect(Array.from(a)).toEqual(Array.from(b));
    alone.forEach((x, i) => expect(a[512 + i]).toBeCloseTo(x, 4));
  });

  it('gives every text at least one token (the sparse graph would drop an empty last row)', () => {
    expect(encoder.tokenize('').length).toBeGreaterThan(0);
  });

  it('leaks no tensors', async () => {
    const before = tf.memory().numTensors;
    await encoder.embed(['one', 'two']);
    expect(tf.memory().numTensors).toBe(before);
  });
});
