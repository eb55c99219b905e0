// `gateway-loadtest config`: the effective settings, each with its value, unit and where it came from (default, the
// config file, or the environment), led by a one-line count; --json for scripts.
import { relative } from 'node:path';
import { applySettings, type EffectiveSetting } from '../framework/config/settings.js';
import { EXIT } from './exitCodes.js';
import { type CliIo, colorsFor } from './io.js';

export interface ConfigOptions {
  readonly json?: boolean;
  /** Only the settings the file or the environment set. */
  readonly changed?: boolean;
}

const SOURCE_WORD = { default: 'default', file: 'file', environment: 'env' } as const;

function shown(setting: EffectiveSetting): string {
  return setting.text ?? `(${setting.spec.defaultText ?? 'none'})`;
}

export function printConfig(options: ConfigOptions, io: CliIo): number {
  const effective = applySettings({ ...io.env }, io.cwd);
  const settings = effective.settings.filter((s) => !options.changed || s.source !== 'default');
  if (options.json) {
    const rows = settings.map((s) => ({
      variable: s.spec.env,
      key: s.spec.envOnly ? undefined : s.fileKey,
      value: s.text ?? null,
      default: s.spec.defaultText ?? s.text,
      unit: s.spec.unit,
      source: s.source,
      description: s.spec.description,
    }));
    io.out.write(`${JSON.stringify({ file: effective.file ?? null, settings: rows }, null, 2)}\n`);
    return EXIT.ok;
  }
  const color = colorsFor(io.out, io.env);
  const count = (source: EffectiveSetting['source']) => effective.settings.filter((s) => s.source === source).length;
  const file = effective.file ? `${count('file')} from ${relative(io.cwd, effective.file) || effective.file}` : 'no config file';
  io.out.write(`${color.bold(`${effective.settings.length} settings`)}: ${count('environment')} from the environment, ${file}, ${count('default')} defaults\n`);
  const width = (pick: (s: EffectiveSetting) => string) => Math.max(...settings.map((s) => pick(s).length));
  const widths = { env: width((s) => s.spec.env), key: width((s) => s.key), value: Math.min(40, width(shown)), unit: width((s) => s.spec.unit) };
  for (const section of new Set(settings.map((s) => s.section))) {
    io.out.write(`\n${color.bold(section.title)} ${color.dim(`(file section ${section.name})`)}\n`);
    for (const setting of settings.filter((s) => s.section === section)) {
      const value = shown(setting);
      const source = SOURCE_WORD[setting.source];
      const sourceText = setting.source === 'environment' ? color.yellow(source) : setting.source === 'file' ? color.cyan(source) : color.dim(source);
      const valueText = setting.text === undefined ? color.dim(value.padEnd(widths.value)) : value.padEnd(widths.value);
      const key = setting.spec.envOnly ? '-' : setting.key;
      io.out.write(
        `  ${setting.spec.env.padEnd(widths.env)}  ${key.padEnd(widths.key)}  ${valueText}  ${setting.spec.unit.padEnd(widths.unit)}  ${sourceText}\n`,
      );
    }
  }
  io.out.write(
    `\n${color.dim('Set one in the file as <section>.<key> (e.g. attachedRoutes.samples) or as its variable; a variable wins. docs/settings.md describes each.')}\n`,
  );
  return EXIT.ok;
}
