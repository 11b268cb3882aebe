// A `file:` secret reference cannot reach outside the project: not by an absolute path, not
// by `..`, not through a symbolic link — unless rehearse.config.yaml names the directory in
// `secretDirs`. The loader refuses it at its position; resolution refuses it again.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { RehearseError } from '../../src/core/errors.js';
import { locateSecretFile, resolveSecretRef } from '../../src/core/secret-ref.js';
import { loadProject } from '../../src/loader/load-project.js';
import { tempProject } from '../helpers/temp-project.js';

let outside: string;
let root: string;
before(() => {
  outside = realpathSync(mkdtempSync(join(tmpdir(), 'rehearse-outside-')));
  writeFileSync(join(outside, 'token'), 'outside-secret\n');
  root = realpathSync(mkdtempSync(join(tmpdir(), 'rehearse-root-')));
  mkdirSync(join(root, 'secrets'));
  writeFileSync(join(root, 'secrets', 'token'), 'inside-secret\n');
  symlinkSync(join(outside, 'token'), join(root, 'secrets', 'link-out'));
  symlinkSync(join(root, 'secrets', 'token'), join(root, 'secrets', 'link-in'));
});
after(() => {
  rmSync(outside, { recursive: true, force: true });
  rmSync(root, { recursive: true, force: true });
});

describe('where a file: secret may point', () => {
  test('inside the project, directly or through a link that stays inside: allowed', () => {
    assert.equal(locateSecretFile('secrets/token', { baseDir: root }).allowed, true);
    assert.equal(locateSecretFile('secrets/link-in', { baseDir: root }).allowed, true);
    assert.equal(locateSecretFile(join(root, 'secrets/token'), { baseDir: root }).allowed, true);
    assert.equal(resolveSecretRef('file:secrets/token', { baseDir: root }), 'inside-secret');
  });

  test('an absolute path, a `..` out of the root, or a link out: refused, with the path', () => {
    for (const path of ['/etc/hostname', '../outside/token', 'secrets/../../x', 'secrets/link-out']) {
      assert.equal(locateSecretFile(path, { baseDir: root }).allowed, false, path);
    }
    assert.throws(
      () => resolveSecretRef('file:secrets/link-out', { baseDir: root }),
      (error: unknown) => error instanceof RehearseError && error.code === 'REHEARSE_SECRET_OUTSIDE_PROJECT',
    );
    assert.throws(
      () => resolveSecretRef(`file:${join(outside, 'token')}`, { baseDir: root }),
      (error: unknown) =>
        error instanceof RehearseError &&
        error.code === 'REHEARSE_SECRET_OUTSIDE_PROJECT' &&
        !error.message.includes('outside-secret'),
    );
  });

  test('a named pipe with no writer as a secret file: refused at once, never a hang', () => {
    execFileSync('mkfifo', [join(root, 'secrets', 'pipe')]);
    assert.throws(
      () => resolveSecretRef('file:secrets/pipe', { baseDir: root }),
      (error: unknown) =>
        error instanceof RehearseError && error.code === 'REHEARSE_SECRET_MISSING' && /named pipe/.test(error.message),
    );
  });

  test('a directory named in secretDirs (absolute or relative) is allowed, and only it', () => {
    assert.equal(
      resolveSecretRef(`file:${join(outside, 'token')}`, { baseDir: root, secretDirs: [outside] }),
      'outside-secret',
    );
    assert.equal(locateSecretFile('secrets/link-out', { baseDir: root, secretDirs: [outside] }).allowed, true);
    const relative = join('..', outside.split('/').pop()!);
    assert.equal(locateSecretFile(join(outside, 'token'), { baseDir: root, secretDirs: [relative] }).allowed, true);
    assert.equal(locateSecretFile('/etc/hostname', { baseDir: root, secretDirs: [outside] }).allowed, false);
  });
});

describe('the loader refuses a file: secret outside the project, in every file that holds one', () => {
  test('tenant profile and environment override, each at the reference', () => {
    const project = tempProject({
      'scenarios/s.scenario.yaml': 'name: s\nsteps:\n  - http: GET /health\n',
      'tenant-profiles/standard.yaml': `name: standard\nauth: { type: bearer, token: 'file:${join(outside, 'token')}' }\n`,
      'rehearse.config.yaml': [
        'environments:',
        '  sandbox: { embedded: sandbox, allowedHosts: [127.0.0.1] }',
        '  staging:',
        '    baseUrl: https://erp.example.com',
        '    allowedHosts: [erp.example.com]',
        '    tenants:',
        "      regulated: { auth: { type: basic, username: env:U, password: 'file:../../etc/passwd' } }",
        '',
      ].join('\n'),
    });
    try {
      const { diagnostics } = loadProject({ root: project.dir });
      assert.deepEqual(
        diagnostics.map((d) => `${d.code} ${d.file}:${d.line}:${d.column}`),
        [
          'REHEARSE_SECRET_OUTSIDE_PROJECT tenant-profiles/standard.yaml:2:30',
          'REHEARSE_SECRET_OUTSIDE_PROJECT rehearse.config.yaml:7:68',
        ],
      );
      assert.ok(diagnostics.every((d) => !JSON.stringify(d).includes('outside-secret')));
    } finally {
      project.remove();
    }
  });

  test('secretDirs in rehearse.config.yaml lets the same reference load', () => {
    const project = tempProject({
      'scenarios/s.scenario.yaml': 'name: s\nsteps:\n  - http: GET /health\n',
      'tenant-profiles/standard.yaml': `name: standard\nauth: { type: bearer, token: 'file:${join(outside, 'token')}' }\n`,
      'rehearse.config.yaml': `secretDirs: [${outside}]\nenvironments:\n  sandbox: { embedded: sandbox, allowedHosts: [127.0.0.1] }\n`,
    });
    try {
      const { diagnostics, project: loaded } = loadProject({ root: project.dir });
      assert.deepEqual(diagnostics, []);
      assert.deepEqual(loaded?.config.secretDirs, [outside]);
    } finally {
      project.remove();
    }
  });
});
