/** A solver thread that never answers: what the planner must survive (tests of lib/planning/plan-worker). */
import { parentPort } from 'worker_threads';

parentPort?.on('message', () => undefined);
