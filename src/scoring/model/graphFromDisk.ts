/**
 * Loads a TF.js graph model (model.json + weight shards) from a local directory without any network access.
 *
 * tfjs's own `file://` handler lives in tfjs-node, which is optional; this IOHandler reads the files with
 * `fs` so the WASM backend can load the same models. Both the USE-lite encoder and Google's toxicity model
 * are stored in this format.
 */
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';

interface ModelJson {
  modelTopology: object;
  weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
  format?: string;
  generatedBy?: string;
  convertedBy?: string;
  signature?: object;
  userDefinedMetadata?: { [key: string]: {} };
  modelInitializer?: object;
}

/** An IOHandler over `<dir>/model.json` and the shards its manifest names. */
export function diskIOHandler(dir: string): tf.io.IOHandler {
  return {
    async load(): Promise<tf.io.ModelArtifacts> {
      const json = JSON.parse(await readFile(path.join(dir, 'model.json'), 'utf8')) as ModelJson;
      const weightSpecs: tf.io.WeightsManifestEntry[] = [];
      const buffers: Buffer[] = [];
      for (const group of json.weightsManifest) {
        weightSpecs.push(...group.weights);
        for (const p of group.paths) buffers.push(await readFile(path.join(dir, p)));
      }
      const all = Buffer.concat(buffers);
      return {
        modelTopology: json.modelTopology,
        weightSpecs,
        weightData: all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength),
        format: json.format,
        generatedBy: json.generatedBy,
        convertedBy: json.convertedBy,
        signature: json.signature,
        userDefinedMetadata: json.userDefinedMetadata,
        modelInitializer: json.modelInitializer,
      };
    },
  };
}

export function loadGraphModelFromDir(dir: string): Promise<tf.GraphModel> {
  return tf.loadGraphModel(diskIOHandler(dir));
}
