import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

export interface ProjectFiles {
  config: string | undefined;
  scenarios: string[];
  actions: string[];
  fragments: string[];
  tenants: string[];
  dataSchemas: string[];
  ediTemplates: string[];
}

export const CONFIG_FILE = 'rehearse.config.yaml';

/** Finds every user file of a project, as paths relative to `root` with `/` separators. */
export function findProjectFiles(root: string): ProjectFiles {
  const rel = (path: string) => relative(root, path).split(sep).join('/');
  const list = (dir: string, test: (name: string) => boolean, recursive: boolean) =>
    walk(join(root, dir), test, recursive).map(rel).sort();
  return {
    config: existsSync(join(root, CONFIG_FILE)) ? CONFIG_FILE : undefined,
    scenarios: list('scenarios', (n) => n.endsWith('.scenario.yaml') || n.endsWith('.scenario.yml'), true),
    actions: list('scenarios/actions', isYaml, false),
    fragments: list('scenarios/fragments', isYaml, false),
    tenants: list('tenant-profiles', isYaml, false),
    dataSchemas: list('schemas/data', (n) => n.endsWith('.schema.json'), false),
    ediTemplates: list('edi/templates', isYaml, false),
  };
}

function isYaml(name: string): boolean {
  return name.endsWith('.yaml') || name.endsWith('.yml');
}

function walk(dir: string, test: (name: string) => boolean, recursive: boolean): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    if (name.startsWith('.') || name === 'node_modules') continue;
    const full = join(dir, name);
    if (statSync(full).isDirectory()) {
      if (recursive) out.push(...walk(full, test, recursive));
    } else if (test(name)) {
      out.push(full);
    }
  }
  return out;
}
