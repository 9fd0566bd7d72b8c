// The messages between the page (page.ts) and the training worker (train_worker.ts). The worker
// owns the model, the trainer and the wasm runtime; the page only draws what it is sent.
import type { CellName } from 'rnn-wasm/models';

/** Page -> worker. `cancel` stops training after the current slice (a few tens of ms). */
export type ToWorker =
  | { type: 'start'; text: string; cell: CellName; hidden: number; seconds: number; heatText: string; units: number[] }
  /** Continue the run kept in IndexedDB (its text, model, optimizer and position). */
  | { type: 'resume'; seconds: number; heatText: string; units: number[] }
  | { type: 'units'; units: number[] }
  | { type: 'cancel' };

/** One hidden-unit heat map: `values[r][c]` is unit `units[r]` after character `chars[c]`. */
export interface Heat { chars: string[]; units: number[]; values: number[][] }

/** Worker -> page. */
/** The run kept in IndexedDB after the last training (null: none, or no IndexedDB here). */
export type Saved = { step: number; cell: CellName; hidden: number } | null;

export type FromWorker =
  | { type: 'ready'; isa: string; saved: Saved }
  | { type: 'started'; step: number; cell: CellName; hidden: number }
  | { type: 'progress'; step: number; losses: number[]; charsPerSec: number }
  | { type: 'sample'; step: number; text: string; valBpc: number; val: { step: number; bpc: number }[] }
  | { type: 'heat'; heat: Heat }
  | { type: 'done'; reason: 'time' | 'cancelled'; step: number; saved: Saved; saveError: string }
  | { type: 'error'; message: string };
