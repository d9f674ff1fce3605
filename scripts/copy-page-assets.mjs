// The pages' plain browser scripts are read at run time next to their compiled modules; tsc
// does not copy .js sources, so the build does.
import { cpSync, readdirSync } from 'node:fs';

for (const dir of ['webchat', 'profile-form']) {
  for (const f of readdirSync(`src/http/pages/${dir}`)) {
    if (f.endsWith('.js')) cpSync(`src/http/pages/${dir}/${f}`, `dist/src/http/pages/${dir}/${f}`);
  }
}
