// docs/settings.md, generated from the sections (npm run docs:settings); a unit test fails when the committed file
// differs, so the reference can never drift from the schema.
import { CONFIG_FILE_NAME, NO_CONFIG_FILE } from './file.js';
import type { Section } from './section.js';
import { SECTIONS, SETTING_PREFIXES } from './sections.js';

// Table cells: a pipe would end the cell, and <name> would be taken for HTML.
const cell = (text: string) => text.replaceAll('|', '\\|').replaceAll('<', '&lt;');

function sectionTable(section: Section): string[] {
  const rows = Object.entries(section.settings).map(([key, spec]) => {
    const fileKey = spec.envOnly ? '(variable only)' : `\`${section.name}.${key}\``;
    const byDefault = spec.default !== undefined ? `\`${spec.kind.text(spec.default)}\`` : (spec.defaultText ?? 'none');
    return `| ${fileKey} | \`${spec.env}\` | ${cell(byDefault)} | ${cell(spec.unit)} | ${cell(spec.description)}; ${cell(spec.kind.expected)} |`;
  });
  return [
    `## ${section.title}`,
    '',
    section.description,
    '',
    '| in the file | variable | default | unit | description; value |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
    '',
  ];
}

export function settingsReference(sections: readonly Section[] = SECTIONS): string {
  const count = sections.reduce((sum, section) => sum + Object.keys(section.settings).length, 0);
  return [
    '# Settings',
    '',
    '<!-- Generated from the configuration schema (framework/config/sections.ts) by `npm run docs:settings`. Do not edit:',
    '     a unit test fails when this file and the schema differ. -->',
    '',
    `Every one of the ${count} settings has a default, a unit and a one-line description. Each is taken from, in order:`,
    '',
    '1. its environment variable, when set (a blank value counts as unset);',
    `2. the config file: \`${CONFIG_FILE_NAME}\` in the working directory, or the file \`--config <file>\` or \`LOADTEST_CONFIG\` names`,
    `   (\`LOADTEST_CONFIG=${NO_CONFIG_FILE}\` reads none); its keys are \`<section>.<key>\` below, and a relative path in it is`,
    '   relative to the file;',
    '3. its default.',
    '',
    '`gateway-loadtest config` prints the value each setting has and where it came from. A bad value, a key the file',
    `does not know, or a variable starting with ${SETTING_PREFIXES.map((p) => `\`${p}\``).join(' or ')} that is no setting is an error before`,
    'anything starts, with a suggestion when a known name is close (`LOADTEST_SAMPELS is not a setting of',
    'gateway-loadtest; did you mean LOADTEST_SAMPLES?`). The environment passes the settings to child runs (an A/B,',
    "`implementations`, the CLI's `run`), so they see the same values.",
    '',
    'A config file:',
    '',
    '```yaml',
    `# ${CONFIG_FILE_NAME}`,
    'cluster:',
    '  provider: local',
    'attachedRoutes:',
    '  samples: 20',
    'baseline:',
    '  routes: 1000',
    'reports:',
    '  compareTo: [reports/baseline-before.json]',
    '```',
    '',
    ...sections.flatMap(sectionTable),
  ].join('\n');
}
