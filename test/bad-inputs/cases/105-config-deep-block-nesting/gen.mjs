// Writes a rehearse.config.yaml with 300 levels of nested block mappings after three valid lines.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
let text = 'defaultEnvironment: sandbox\nenvironments:\n  sandbox: { embedded: sandbox }\ndeep:\n';
for (let i = 1; i <= 300; i++) text += ' '.repeat(i) + 'k:\n';
writeFileSync(join(process.argv[2], 'rehearse.config.yaml'), text);
