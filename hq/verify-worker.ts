// Worker thread entry: checks ledger batches off the main thread (hq/verify-pool.ts).
import { parentPort } from 'node:worker_threads';
import { nodeLedgerCrypto } from '../platform/node-crypto.ts';
import { checkBatch, type BatchCheckInput } from './batch-check.ts';

if (!parentPort) throw new Error('hq/verify-worker.ts runs as a worker thread');
const port = parentPort;
port.on('message', (message: { id: number; input: BatchCheckInput }) => {
  try {
    port.postMessage({ id: message.id, result: checkBatch(nodeLedgerCrypto, message.input) });
  } catch (e) {
    port.postMessage({ id: message.id, error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) });
  }
});
