/**
 * Synthesises an app with cdk-nag's packs (`addNagChecks`, as `cdk synth` does) and reads what
 * they found from the validation report, plus every acknowledgement with its reason.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Validations, type App } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { addNagChecks } from '#infra/ketnoi.ts';

export interface NagResult {
  /** The synthesis error when a check failed; undefined when synthesis passed. */
  error?: Error;
  /** Unacknowledged errors, by rule and construct path. */
  errors: { rule: string; path: string }[];
  acknowledgements: { path: string; id: string; reason: string }[];
}

/** Runs `app.synth()` with the nag packs; never throws on findings (they are returned). */
export function synthWithNag(app: App): NagResult {
  addNagChecks(app);
  let error: Error | undefined;
  try {
    app.synth();
  } catch (e) {
    error = e as Error;
  }
  const errors: NagResult['errors'] = [];
  const report = path.join(app.outdir, 'validation-report.json');
  if (fs.existsSync(report)) {
    const parsed = JSON.parse(fs.readFileSync(report, 'utf8')) as {
      pluginReports: { violations: { ruleName: string; severity: string; violatingConstructs: { constructPath: string }[] }[] }[];
    };
    for (const plugin of parsed.pluginReports) {
      for (const v of plugin.violations) {
        if (v.severity === 'error') for (const c of v.violatingConstructs) errors.push({ rule: v.ruleName, path: c.constructPath });
      }
    }
  }
  if (error && errors.length === 0) throw error;
  // Findings leave no cached assembly; one without validation lets the template tests run and
  // say what else is wrong.
  if (error) {
    try {
      app.synth({ force: true, skipValidation: true });
    } catch {
      // Nothing more to learn: the findings above say why.
    }
  }
  return { error, errors, acknowledgements: acknowledgements(app) };
}

function acknowledgements(root: IConstruct): NagResult['acknowledgements'] {
  const found: NagResult['acknowledgements'] = [];
  for (const c of root.node.findAll()) {
    for (const entry of c.node.metadata) {
      if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
      // Recorded as { [qualified rule id]: reason }.
      for (const [id, reason] of Object.entries(entry.data as Record<string, string>)) found.push({ path: c.node.path, id, reason });
    }
  }
  return found;
}
