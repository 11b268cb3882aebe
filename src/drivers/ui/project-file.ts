import { existsSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { UiFailure } from './ui-failure.js';

/** An upload file inside the project (a path that leaves it is refused). */
export function projectFile(path: string, root: string): string {
  const full = resolve(root, path);
  const inside = relative(root, full);
  if (inside.startsWith('..') || isAbsolute(inside))
    throw new UiFailure({
      code: 'REHEARSE_UI_FILE_OUTSIDE_PROJECT',
      message: `Failed to upload ${path}: it is outside the project.`,
      hint: 'Upload files from inside the project folder, e.g. edi/samples/850.x12.',
    });
  if (!existsSync(full))
    throw new UiFailure({
      code: 'REHEARSE_UI_FILE_NOT_FOUND',
      message: `Failed to upload ${path}: no such file in the project.`,
      hint: 'Paths are relative to the project root (the folder with rehearse.config.yaml).',
    });
  return full;
}
