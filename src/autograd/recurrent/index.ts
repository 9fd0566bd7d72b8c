// The recurrent op of autograd: the cell table, one direction's parameters, the scan and its record.
export { cellOf, type CellDef, type CellKind } from './cells.js';
export { DIR_SLOTS, dirTensors, type DirOf, type DirPacks, type DirParams, type DirSlot, type DirTensors, type PackSource } from './params.js';
export { recurrentLayer, recurrentBackward, type LayerArgs, type RecurrentRecord, type StackArgs } from './record.js';
import '../backward.js'; // registers Tensor.backward (the reverse walk)
