import assert from 'node:assert/strict';
import os from 'os';
import path from 'path';
import { Worker } from 'worker_threads';

describe('thread priority of background work', () => {
  before(function () {
    if (process.platform !== 'linux') this.skip();
  });

  it('lowers the calling thread only, and never raises it again', async () => {
    const module = path.resolve(__dirname, '../../lib/archive/sqlite/thread-priority.js');
    const script = `
      const { parentPort } = require('worker_threads');
      const os = require('os');
      const { lowerThreadPriority } = require(${JSON.stringify(module)});
      const tid = Number(require('fs').readlinkSync('/proc/thread-self').split('/').pop());
      const first = lowerThreadPriority(10);
      const afterFirst = os.getPriority(tid);
      lowerThreadPriority(5);
      parentPort.postMessage({ first, afterFirst, afterSecond: os.getPriority(tid) });`;
    const before = os.getPriority();
    const reply = await new Promise<{ first: boolean; afterFirst: number; afterSecond: number }>((resolve, reject) => {
      const worker = new Worker(script, { eval: true });
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    assert.deepEqual(reply, { first: true, afterFirst: Math.max(10, before), afterSecond: Math.max(10, before) });
    assert.equal(os.getPriority(), before, 'the process (main thread) keeps its priority');
  });
});
