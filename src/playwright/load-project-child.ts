// Loads a project in a process of its own and hands it back as a snapshot (see
// `loadProjectInChild` in project-of-process.ts): `node load-project-child.js <options JSON>
// <snapshot file>`. Exit 0: the snapshot is written and its digest is printed on stdout. Exit 2:
// the project is invalid, its diagnostics formatted on stderr as `rehearse validate` shows them.
import { formatDiagnostics } from '../core/format-diagnostics.js';
import { loadProject, type LoadOptions } from '../loader/load-project.js';
import { writeProjectSnapshot } from '../loader/project-snapshot.js';

const [optionsText, snapshotFile] = process.argv.slice(2);
if (!optionsText || !snapshotFile) {
  process.stderr.write('usage: load-project-child.js <options JSON> <snapshot file>\n');
  process.exit(2);
}
const loaded = loadProject(JSON.parse(optionsText) as LoadOptions);
if (!loaded.project) {
  process.stderr.write(formatDiagnostics(loaded.diagnostics, { sources: loaded.sources }));
  process.exit(2);
}
writeProjectSnapshot(loaded.project, snapshotFile);
process.stdout.write(loaded.project.digest);
