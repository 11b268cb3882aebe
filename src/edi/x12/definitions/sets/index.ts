import type { SetDef } from '../model.js';
import { SET_810 } from './810.js';
import { SET_850 } from './850.js';
import { SET_855 } from './855.js';
import { SET_856 } from './856.js';
import { SET_940 } from './940.js';
import { SET_945 } from './945.js';
import { SET_997 } from './997.js';

/** Transaction set structures by ST01. */
export const SETS: ReadonlyMap<string, SetDef> = new Map(
  [SET_850, SET_855, SET_856, SET_810, SET_997, SET_940, SET_945].map((def) => [def.id, def]),
);
