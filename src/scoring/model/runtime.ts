/**
 * TensorFlow.js runtime: picks and initialises the backend once per process.
 *
 * `auto` prefers native TensorFlow (`@tensorflow/tfjs-node`, an optional dependency that only installs where a
 * prebuilt binary exists) and otherwise falls back to WebAssembly, whose binaries ship inside
 * `@tensorflow/tfjs-backend-wasm` — so every machine that ran `npm ci` can score, air-gapped or not.
 * The WASM binaries are loaded from the package directory on disk: no network.
 */
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';

export type BackendChoice = 'auto' | 'tensorflow' | 'wasm' | 'cpu';
export type BackendName = 'tensorflow' | 'wasm' | 'cpu';

export interface RuntimeInfo {
  backend: BackendName;
  /** Why this backend runs (e.g. "tfjs-node not installed: using WebAssembly"). */
  reason: string;
  /** WASM only: SIMD build in use. */
  simd?: boolean;
  /** WASM only: threads XNNPACK uses (Node runs the WASM backend single-threaded). */
  threads?: number;
}

export interface RuntimeOptions {
  log?: (msg: string, info: RuntimeInfo) => void;
  /** Module name of the native binding; tests point it at a module that does not exist. */
  nativeModule?: string;
}

let current: Promise<RuntimeInfo> | undefined;
let currentChoice: BackendChoice | undefined;

/** True when the native binding can be resolved (it is an optional dependency). */
export function nativeAvailable(moduleName = '@tensorflow/tfjs-node'): boolean {
  try {
    require.resolve(moduleName);
    return true;
  } catch {
    return false;
  }
}

/**
 * Initialises the backend once; later calls return the same promise (a process has one TF.js engine).
 * Throws when `tensorflow` is asked for explicitly but is not installed — an operator who set it wants to know.
 */
export function initRuntime(choice: BackendChoice = 'auto', opts: RuntimeOptions = {}): Promise<RuntimeInfo> {
  if (current && currentChoice === choice) return current;
  currentChoice = choice;
  current = select(choice, opts).then((info) => {
    opts.log?.(`TensorFlow.js backend: ${info.backend} (${info.reason})`, info);
    return info;
  });
  current.catch(() => { current = undefined; currentChoice = undefined; });
  return current;
}

async function select(choice: BackendChoice, opts: RuntimeOptions): Promise<RuntimeInfo> {
  const nativeModule = opts.nativeModule ?? '@tensorflow/tfjs-node';
  if (choice === 'tensorflow' || choice === 'auto') {
    if (nativeAvailable(nativeModule)) {
      // Requiring the binding registers the 'tensorflow' backend with the shared tfjs-core engine.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      require(nativeModule);
      await setBackend('tensorflow');
      return { backend: 'tensorflow', reason: `native ${nativeModule}` };
    }
    if (choice === 'tensorflow') {
      throw new Error(`TF_BACKEND=tensorflow but ${nativeModule} is not installed (it is an optional dependency); use TF_BACKEND=auto or wasm`);
    }
  }
  if (choice === 'cpu') {
    await setBackend('cpu');
    return { backend: 'cpu', reason: 'TF_BACKEND=cpu (plain JavaScript, slowest)' };
  }
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  wasm.setWasmPaths(wasmDir() + path.sep);
  await setBackend('wasm');
  const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT') as boolean;
  const reason = choice === 'auto' ? `${nativeModule} not installed: WebAssembly` : 'TF_BACKEND=wasm';
  return { backend: 'wasm', reason, simd, threads: wasm.getThreadsCount() };
}

async function setBackend(name: BackendName): Promise<void> {
  if (tf.getBackend() === name) return;
  const ok = await tf.setBackend(name);
  if (!ok) throw new Error(`TensorFlow.js backend ${name} failed to initialise`);
  await tf.ready();
}

/** Directory holding the `.wasm` binaries of the installed backend package. */
export function wasmDir(): string {
  return path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
}
