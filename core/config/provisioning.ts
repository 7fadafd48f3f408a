import { z } from 'zod';
import { terminalConfigSchema } from './terminal-config.ts';
import { devicesConfigSchema } from './devices.ts';
import { errorMessage } from '../shared/errors.ts';

// Provisioning: where a terminal's one config file lives, how a file is checked (every mistake
// with its path, so IT can fix it without reading code) and the JSON Schema published with it
// (build/config.schema.json, `tillproof config schema`). Pure: paths are computed, not touched.

/** Environment variable naming the config file; `--config FILE` overrides it. */
export const CONFIG_ENV = 'TILLPROOF_CONFIG';

export type Env = Readonly<Record<string, string | undefined>>;

/**
 * The machine-wide config file of the OS: readable by the till's user, written by IT.
 *   Windows  %ProgramData%\Tillproof\config.json
 *   Linux    /etc/tillproof/config.json
 *   macOS    /Library/Application Support/Tillproof/config.json
 */
export function machineConfigPath(platform: string, env: Env): string {
  if (platform === 'win32') {
    const programData = (env['ProgramData'] ?? env['PROGRAMDATA'] ?? 'C:\\ProgramData').replace(/[\\/]+$/, '');
    return `${programData}\\Tillproof\\config.json`;
  }
  if (platform === 'darwin') return '/Library/Application Support/Tillproof/config.json';
  return '/etc/tillproof/config.json';
}

/** The whole file as provisioned: the terminal config with the `devices` section checked in full. */
export const provisionedConfigSchema = terminalConfigSchema.extend({ devices: devicesConfigSchema.default({}) });

export type ProvisionedConfig = z.output<typeof provisionedConfigSchema>;

export interface ConfigIssue {
  /** Dotted path from the root of the file, e.g. "devices.receipt.transport.port"; "(file)" for the file itself. */
  path: string;
  message: string;
}

export type ConfigCheck = { ok: true; config: ProvisionedConfig } | { ok: false; issues: ConfigIssue[] };

const SECRET_LIKE = /(secret|password|passwd|token|private.?key|credential|api.?key)/i;

function dotted(path: readonly PropertyKey[]): string {
  return path.map(String).join('.') || '(root)';
}

/** One issue per mistake, in words an IT person can act on. */
export function configIssues(error: z.ZodError): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        issues.push({
          path: dotted([...issue.path, key]),
          message: SECRET_LIKE.test(key)
            ? 'secrets never go in the config file: store them with the terminal (see docs/it.md)'
            : 'not a known setting (misspelt, or in the wrong section?)',
        });
      }
      continue;
    }
    if (issue.code === 'invalid_key') {
      const why = issue.issues.map((i) => i.message).join('; ');
      issues.push({ path: dotted(issue.path), message: `not a valid name${why ? `: ${why}` : ''}` });
      continue;
    }
    if (issue.code === 'invalid_type' && issue.message.endsWith('received undefined')) {
      issues.push({ path: dotted(issue.path), message: `required (${issue.expected})` });
      continue;
    }
    issues.push({ path: dotted(issue.path), message: issue.message });
  }
  return issues;
}

/** A top-level "$schema" (for editors) is allowed in the file and ignored. */
export function withoutSchemaKey(input: unknown): unknown {
  if (input === null || typeof input !== 'object' || Array.isArray(input) || !Object.hasOwn(input, '$schema')) return input;
  const { $schema: _ignored, ...rest } = input as Record<string, unknown>;
  return rest;
}

/** Checks a parsed config value, reporting every mistake. */
export function checkConfig(input: unknown): ConfigCheck {
  const parsed = provisionedConfigSchema.safeParse(withoutSchemaKey(input));
  return parsed.success ? { ok: true, config: parsed.data } : { ok: false, issues: configIssues(parsed.error) };
}

/** Checks the text of a config file: JSON first (with where it broke), then every setting. */
export function checkConfigText(text: string): ConfigCheck {
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    return { ok: false, issues: [{ path: '(file)', message: `not valid JSON: ${errorMessage(e)}` }] };
  }
  return checkConfig(json);
}

/**
 * The JSON Schema of the config file (draft-07, which editors and validators widely support),
 * describing what a person writes: defaults may be left out. Cross-field rules (a drawer's
 * printer must exist, one printer per terminal) are checked by `tillproof config check` only.
 */
export function configJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(provisionedConfigSchema, { io: 'input', target: 'draft-7', unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
  const properties = (generated['properties'] ?? {}) as Record<string, unknown>;
  return {
    $schema: generated['$schema'],
    title: 'Tillproof terminal configuration',
    description:
      'One file per terminal. Check it with: tillproof config check FILE. Secrets (the terminal key, HQ credentials) never go here.',
    ...generated,
    properties: {
      $schema: { type: 'string', description: 'The JSON Schema this file follows (for editors); ignored by Tillproof.' },
      ...properties,
    },
  };
}
