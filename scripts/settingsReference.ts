// npm run docs:settings: writes docs/settings.md from the configuration schema (never edited by hand).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { settingsReference } from '../framework/config/reference.js';
import { PACKAGE_ROOT } from '../framework/vitestRun.js';

const path = join(PACKAGE_ROOT, 'docs', 'settings.md');
writeFileSync(path, settingsReference());
console.log(`wrote ${path}`);
