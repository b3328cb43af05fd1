/** `npm run schema:doc`: writes main/store/SCHEMA.md from a freshly migrated database. */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { freshSchemaMarkdown, SCHEMA_DOC } from '../main/store/index.js';

writeFileSync(SCHEMA_DOC, await freshSchemaMarkdown());
console.log(`Wrote ${fileURLToPath(SCHEMA_DOC)}`);
