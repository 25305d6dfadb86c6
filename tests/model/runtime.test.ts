import { initRuntime, nativeAvailable } from '../../src/scoring/model/runtime';

describe('TensorFlow.js runtime', () => {
  it('falls back to WebAssembly when tfjs-node is not installed, and says so', async () => {
    const messages: string[] = [];
    const info = await initRuntime('auto', { nativeModule: '@tensorflow/tfjs-node-not-installed', log: (m) => messages.push(m) });
    expect(info.backend).toBe('wasm');
    expect(info.reason).toMatch(/not installed/);
    expect(messages.join('\n')).toMatch(/backend: wasm/);
  });

  it('uses native TensorFlow under auto only when the optional binding resolves', async () => {
    // On this machine @tensorflow/tfjs-node is absent (it cannot install), so auto must pick wasm too.
    const info = await initRuntime('auto');
    expect(info.backend).toBe(nativeAvailable() ? 'tensorflow' : 'wasm');
  });

  it('refuses an explicit TF_BACKEND=tensorflow without the binding, naming the package', async () => {
    await expect(initRuntime('tensorflow', { nativeModule: '@tensorflow/tfjs-node-not-installed' }))
      .rejects.toThrow(/tfjs-node-not-installed is not installed/);
  });
});
