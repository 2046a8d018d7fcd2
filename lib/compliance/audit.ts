import { CfnResource, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import * as fs from 'fs';
import * as path from 'path';
import type { NagPack } from 'cdk-nag';
import { cdkNag } from './cdk-nag';

/** The cdk-nag packs the platform is checked against, and whether each one gates the synth. */
export const NAG_PACKS: readonly { readonly name: string; readonly gate: boolean; readonly create: () => NagPack }[] = [
  { name: 'AwsSolutions', gate: true, create: () => new (cdkNag().AwsSolutionsChecks)() },
  { name: 'PCI.DSS.321', gate: true, create: () => new (cdkNag().PCIDSS321Checks)() },
  { name: 'NIST.800.53.R5', gate: true, create: () => new (cdkNag().NIST80053R5Checks)() },
  { name: 'HIPAA.Security', gate: false, create: () => new (cdkNag().HIPAASecurityChecks)() },
];

/** One `Validations.of(construct).acknowledge({ id, reason })` as it is recorded on the construct. */
export interface Acknowledgement {
  /** The rule id without the `Annotation::` prefix aws-cdk-lib adds for cdk-nag rules. */
  readonly id: string;
  /** The construct path it was recorded at; it covers findings at this path and below. */
  readonly path: string;
  readonly reason: string;
  /** The CloudFormation resource type (or construct class) it sits on, for counting by kind. */
  readonly kind: string;
  /**
   * Who recorded it: `platform` (this library or the app), or `aws-cdk-lib` (acknowledgements
   * aws-cdk-lib records inside its own constructs, e.g. on `ec2.FlowLog`), told from the
   * recorded stack trace.
   */
  readonly origin: 'platform' | 'aws-cdk-lib';
}

/** One finding of a rule on a resource, before acknowledgements are applied. */
export interface Finding {
  /** `AwsSolutions`, `PCI.DSS.321`, …, or `CloudFormation-Validate`. */
  readonly pack: string;
  readonly rule: string;
  readonly path: string;
  readonly description: string;
}

/** A finding with the acknowledgement that covers it, if any. */
export interface AuditedFinding extends Finding {
  readonly acknowledgement?: Acknowledgement;
}

/** The result of {@link auditCompliance}. */
export interface ComplianceAudit {
  readonly findings: readonly AuditedFinding[];
  readonly acknowledgements: readonly Acknowledgement[];
  /** The platform's acknowledgements that cover no finding of any pack that was evaluated. */
  readonly dead: readonly Acknowledgement[];
  /** aws-cdk-lib's own acknowledgements that cover nothing here (not the platform's to remove). */
  readonly deadInAwsCdkLib: readonly Acknowledgement[];
  /** Acknowledgements for plugins this audit did not run (e.g. cfn-guard), which it cannot judge. */
  readonly notEvaluated: readonly Acknowledgement[];
}

const ACK_KEY = Validations.ACKNOWLEDGED_RULES_METADATA_KEY;
const CFN_VALIDATE = 'CloudFormation-Validate';

/** Every acknowledgement recorded under `root`. */
export function collectAcknowledgements(root: IConstruct): Acknowledgement[] {
  const acks: Acknowledgement[] = [];
  for (const c of root.node.findAll()) {
    for (const entry of c.node.metadata) {
      if (entry.type !== ACK_KEY || !entry.data) continue;
      for (const [id, reason] of Object.entries(entry.data as Record<string, string>)) {
        // A call from outside aws-cdk-lib leaves `...Validations.acknowledge in aws-cdk-lib...` on top
        // of the trace; aws-cdk-lib's own calls collapse into `...new <Construct> in aws-cdk-lib...`.
        const top = entry.trace?.[0] ?? '';
        const origin = top.includes('in aws-cdk-lib') && !top.includes('Validations.acknowledge') ? 'aws-cdk-lib' : 'platform';
        acks.push({ id: id.replace(/^annotation::/i, ''), path: c.node.path, reason, kind: kindOf(c), origin });
      }
    }
  }
  return acks;
}

/** The CloudFormation type of a resource, else of the construct's default child, else its class. */
function kindOf(c: IConstruct): string {
  if (CfnResource.isCfnResource(c)) return c.cfnResourceType;
  const child = c.node.defaultChild;
  if (child && CfnResource.isCfnResource(child)) return child.cfnResourceType;
  return c.constructor.name;
}

/** A pack's findings as if nothing were acknowledged. */
export function rawNagFindings(root: IConstruct, pack: NagPack, packName: string): Finding[] {
  // cdk-nag drops acknowledged findings itself (NagPack.isAcknowledged walks the ancestors); the
  // audit needs every finding to tell which acknowledgements still cover one.
  const unfiltered = Object.create(pack) as NagPack;
  Object.defineProperty(unfiltered, 'isAcknowledged', { value: () => false });
  const findings: Finding[] = [];
  for (const v of unfiltered.validateScope(root).violations) {
    for (const r of v.violatingResources) {
      findings.push({ pack: packName, rule: v.ruleName, path: r.constructPath ?? r.resourceLogicalId ?? '', description: v.description });
    }
  }
  return findings;
}

interface ReportConstruct { readonly constructPath?: string }
interface ReportViolation {
  readonly ruleName: string;
  readonly description: string;
  readonly violatingConstructs: readonly ReportConstruct[];
  readonly acknowledgedId?: string;
  readonly acknowledgedAt?: string;
}
interface ValidationReport {
  readonly pluginReports: readonly {
    readonly pluginName: string;
    readonly violations: readonly ReportViolation[];
    readonly suppressedViolations?: readonly ReportViolation[];
  }[];
}

/**
 * The built-in CloudFormation validator's findings, acknowledged or not, from the
 * `validation-report.json` aws-cdk-lib writes into the cloud assembly during synth.
 */
export function cfnValidatorFindings(assemblyDirectory: string): Finding[] {
  const file = path.join(assemblyDirectory, 'validation-report.json');
  if (!fs.existsSync(file)) return [];
  const report = JSON.parse(fs.readFileSync(file, 'utf8')) as ValidationReport;
  const findings: Finding[] = [];
  for (const plugin of report.pluginReports.filter((p) => p.pluginName === 'CloudFormation Validate')) {
    for (const v of [...plugin.violations, ...(plugin.suppressedViolations ?? [])]) {
      for (const c of v.violatingConstructs) {
        findings.push({ pack: CFN_VALIDATE, rule: `${CFN_VALIDATE}::${v.ruleName}`, path: c.constructPath ?? '', description: v.description });
      }
    }
  }
  return findings;
}

/** Whether `ack` covers a finding at `findingPath` (the same construct or one below it). */
function covers(ack: Acknowledgement, finding: Finding): boolean {
  return ack.id === finding.rule && (finding.path === ack.path || finding.path.startsWith(`${ack.path}/`));
}

/**
 * Audits the acknowledgements of a synthesized app: every finding of every cdk-nag pack in
 * {@link NAG_PACKS} and of the CloudFormation validator, with the acknowledgement that covers it
 * (the closest one, as aws-cdk-lib applies them), and the acknowledgements that cover nothing.
 *
 * @param root the App (or Stage) after `synth()`
 * @param assemblyDirectory the cloud assembly directory of that synth (its validation report)
 */
export function auditCompliance(root: IConstruct, assemblyDirectory: string): ComplianceAudit {
  const acknowledgements = collectAcknowledgements(root);
  const raw = [
    ...NAG_PACKS.flatMap((p) => rawNagFindings(root, p.create(), p.name)),
    ...cfnValidatorFindings(assemblyDirectory),
  ];
  const findings = raw.map((f): AuditedFinding => {
    const candidates = acknowledgements.filter((a) => covers(a, f));
    const acknowledgement = candidates.sort((a, b) => b.path.length - a.path.length)[0];
    return acknowledgement ? { ...f, acknowledgement } : f;
  });
  const evaluated = (a: Acknowledgement) => [undefined, CFN_VALIDATE].includes(/^([A-Za-z0-9.-]+)::/.exec(a.id)?.[1]);
  const used = new Set(findings.flatMap((f) => (f.acknowledgement ? [f.acknowledgement] : [])));
  return {
    findings,
    acknowledgements,
    dead: acknowledgements.filter((a) => a.origin === 'platform' && evaluated(a) && !used.has(a)),
    deadInAwsCdkLib: acknowledgements.filter((a) => a.origin === 'aws-cdk-lib' && evaluated(a) && !used.has(a)),
    notEvaluated: acknowledgements.filter((a) => !evaluated(a)),
  };
}
