/**
 * TypeBox (`@sinclair/typebox`), the library every schema of Rehearse is written in, through one
 * module: its type builders (`Type`), its types (`Static`, `TSchema`, …) and `Value`. Import it from
 * here, never from the package (lint says so; type-only imports excepted).
 *
 * Why a module of its own: `npm run build` replaces this module's compiled output with one file
 * bundling the same exports (scripts/build.mjs). TypeBox's ES module build is about 250 files,
 * which Node 20 resolves, reads and compiles one at a time: about 80–90 ms of every process that
 * validates a project (`rehearse validate`, `run`, `load`, `drill`) and of the sandbox's start,
 * against 8–10 ms for the bundle. Run from the sources (tsx), this is the package itself.
 */
export * from '@sinclair/typebox';
export { Value } from '@sinclair/typebox/value';
