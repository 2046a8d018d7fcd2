/**
 * A model of what a region's workloads connect to, before and after a regional failover, built
 * from the synthesized CloudFormation templates (the objects the cluster stacks apply are inside
 * them, with their CDK tokens).
 *
 * - Values are resolved symbolically: `Ref`, `Fn::GetAtt`, `Fn::Join` and `Fn::GetStackOutput`
 *   (read across regions from the producing stack's outputs) become markers `«stack|logicalId|attr»`.
 * - DNS: a cluster endpoint names its cluster's writer only while that cluster is the writer of its
 *   global database (a secondary's writer endpoint is inactive); a reader endpoint names its own
 *   cluster's instances; the global writer endpoint names the writer cluster of the moment.
 * - Network: an address in another region's VPC is reachable only through a VPC peering or a transit
 *   gateway peering between the two regions (none in the templates means none at run time); in
 *   the region, the database or cache security group must admit the EKS cluster's security group.
 * - Secrets: a name exists in a region if a secret of that name is created there or replicated
 *   there (`ReplicaRegions`); a replica stays readable when its primary region is lost.
 *
 * Small API (`FailoverModel.fromAssembly`, `regionReads`, `check`) so it can merge with the
 * isolation work's reachability model later.
 */
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { auroraInstanceStatus, gateAnswer } from './aurora-global';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = any;

interface StackModel {
  readonly name: string;
  readonly region: string;
  readonly template: Json;
}

/** A resource named by a marker. */
export interface ResourceRef {
  readonly stack: string;
  readonly region: string;
  readonly logicalId: string;
  readonly type: string;
  readonly attr: string;
}

/** What one consumer in a region reads. */
export interface Read {
  /** `namespace/ExternalSecret name:key`, `Ingress …`. */
  readonly consumer: string;
  readonly kind: 'database-writer' | 'database-reader' | 'cache' | 'secret';
  /** The endpoint marker or the secret name. */
  readonly target: string;
  /**
   * The read happens only where a writer gate lets it: the marker of the endpoint the gate asks
   * (the region's reader endpoint; `BACKUP_WRITER_GATE_HOST` of the pod). The job exits 0 without
   * the read in a region that the gate finds is not the writer's.
   */
  readonly gatedBy?: string;
}

/** What a region's nightly dump does in a state. */
export type BackupOutcome = { readonly dumps: true } | { readonly skips: string } | { readonly fails: string };

/** The state of the world a check runs in. */
export interface FailoverState {
  /** The region whose cluster is the writer of the global database. */
  readonly writerRegion: string;
  /** Regions that are down (every resource there unreachable). */
  readonly lostRegions: readonly string[];
}

/** One problem the check finds. */
export interface Finding {
  readonly region: string;
  readonly consumer: string;
  readonly problem: string;
}

const MARKER = /«([^|»]+)\|([^|»]+)\|([^»]+)»/g;

export class FailoverModel {
  public static fromAssembly(assembly: CloudAssembly): FailoverModel {
    return new FailoverModel(assembly.stacks.map((s) => ({ name: s.stackName, region: s.environment.region, template: s.template })));
  }

  /** From plain templates (tests that re-introduce a defect edit a copy). */
  public static fromTemplates(stacks: { name: string; region: string; template: Json }[]): FailoverModel {
    return new FailoverModel(stacks);
  }

  private constructor(public readonly stacks: readonly StackModel[]) {}

  /** Copies of the stacks' templates, to edit and build a model from (`fromTemplates`). */
  public templates(): { name: string; region: string; template: Json }[] {
    return this.stacks.map((s) => ({ ...s, template: JSON.parse(JSON.stringify(s.template)) }));
  }

  private stack(name: string): StackModel {
    const s = this.stacks.find((x) => x.name === name);
    if (!s) throw new Error(`no stack ${name}`);
    return s;
  }

  /** Resolves a template value to a string with markers. */
  public resolve(stack: StackModel, v: Json): string {
    if (typeof v === 'string') return v;
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    if (v && typeof v === 'object') {
      if ('Ref' in v) return v.Ref.startsWith('AWS::') ? `«${stack.name}|${v.Ref}|pseudo»` : `«${stack.name}|${v.Ref}|Ref»`;
      if ('Fn::GetAtt' in v) return `«${stack.name}|${v['Fn::GetAtt'][0]}|${v['Fn::GetAtt'][1]}»`;
      if ('Fn::Join' in v) {
        const [sep, parts] = v['Fn::Join'];
        return Array.isArray(parts) ? parts.map((p: Json) => this.resolve(stack, p)).join(sep) : this.resolve(stack, parts);
      }
      if ('Fn::GetStackOutput' in v) {
        const o = v['Fn::GetStackOutput'];
        const producer = this.stack(o.StackName);
        if (producer.region !== o.Region) throw new Error(`Fn::GetStackOutput names ${o.StackName} in ${o.Region}, but it is in ${producer.region}`);
        const output = producer.template.Outputs?.[o.OutputName];
        if (!output) throw new Error(`${o.StackName} has no output ${o.OutputName}`);
        return this.resolve(producer, output.Value);
      }
    }
    return '«?|?|?»';
  }

  /** The resource a marker names. */
  public ref(marker: string): ResourceRef | undefined {
    const m = /«([^|»]+)\|([^|»]+)\|([^»]+)»/.exec(marker);
    if (!m) return undefined;
    const stack = this.stack(m[1]);
    const r = stack.template.Resources?.[m[2]];
    return { stack: stack.name, region: stack.region, logicalId: m[2], type: r?.Type ?? 'unknown', attr: m[3] };
  }

  private resources(type: string): { stack: StackModel; id: string; r: Json }[] {
    return this.stacks.flatMap((stack) => Object.entries<Json>(stack.template.Resources ?? {})
      .filter(([, r]) => r.Type === type).map(([id, r]) => ({ stack, id, r })));
  }

  /** Secret names that exist in `region`, with the region that created each. */
  public secretsIn(region: string): Map<string, { createdIn: string; stack: string; logicalId: string }> {
    const out = new Map<string, { createdIn: string; stack: string; logicalId: string }>();
    for (const { stack, id, r } of this.resources('AWS::SecretsManager::Secret')) {
      const name = r.Properties?.Name;
      if (typeof name !== 'string') continue;
      const regions = [stack.region, ...(r.Properties.ReplicaRegions ?? []).map((x: Json) => x.Region)];
      if (regions.includes(region)) out.set(name, { createdIn: stack.region, stack: stack.name, logicalId: id });
    }
    return out;
  }

  /** The cluster whose writer endpoint a master secret's `host` holds (its target attachment). */
  private secretHost(secretName: string): string | undefined {
    for (const { stack, r } of this.resources('AWS::SecretsManager::SecretTargetAttachment')) {
      const secret = this.ref(this.resolve(stack, r.Properties.SecretId));
      const name = secret && this.stack(secret.stack).template.Resources[secret.logicalId]?.Properties?.Name;
      if (name === secretName) return `${this.resolve(stack, r.Properties.TargetId).replace('|Ref»', '|Endpoint.Address»')}`;
    }
    return undefined;
  }

  /** The Kubernetes objects a regional stack applies. */
  public appliedObjects(region: string): Json[] {
    return this.stacks.filter((s) => s.region === region).flatMap((stack) => Object.values<Json>(stack.template.Resources ?? {})
      .filter((r) => r.Type === 'Custom::AWSCDK-EKS-KubernetesResource' && r.Properties?.Manifest !== undefined)
      .flatMap((r) => JSON.parse(this.resolve(stack, r.Properties.Manifest)) as Json[]));
  }

  /**
   * Every endpoint and secret the workloads of `region` read: ExternalSecrets (remote keys and
   * templates), plain configuration (ConfigMap data) and container environment values.
   */
  public regionReads(region: string): Read[] {
    const reads: Read[] = [];
    const endpoint = (consumer: string, value: string) => {
      for (const marker of value.match(MARKER) ?? []) {
        const ref = this.ref(marker)!;
        const kind = ref.type === 'AWS::ElastiCache::ReplicationGroup' ? 'cache'
          : ref.attr === 'ReadEndpoint.Address' ? 'database-reader' : 'database-writer';
        if (ref.type === 'AWS::RDS::DBCluster' || this.isGlobalWriterEndpoint(ref) || kind === 'cache') reads.push({ consumer, kind, target: marker });
      }
    };
    for (const o of this.appliedObjects(region)) {
      const id = `${o.metadata?.namespace}/${o.metadata?.name}`;
      if (o.kind === 'ConfigMap') for (const [key, value] of Object.entries<string>(o.data ?? {})) endpoint(`${id}:${key}`, value);
      const pod = o.kind === 'CronJob' ? o.spec?.jobTemplate?.spec?.template?.spec : ['Deployment', 'StatefulSet'].includes(o.kind) ? o.spec?.template?.spec : undefined;
      const containers = [...(pod?.initContainers ?? []), ...(pod?.containers ?? [])];
      // A writer gate in the pod (pg-backup.sh): the pod's writer reads happen only in the writer region.
      const gate = containers.flatMap((c) => (c.env ?? []).filter((e: Json) => e.name === 'BACKUP_WRITER_GATE_HOST' && typeof e.value === 'string'))[0]?.value;
      for (const c of containers) {
        const before = reads.length;
        for (const e of c.env ?? []) if (typeof e.value === 'string') endpoint(`${id}/${c.name}:${e.name}`, e.value);
        if (gate) {
          for (let i = before; i < reads.length; i++) {
            if (reads[i].kind === 'database-writer') reads[i] = { ...reads[i], gatedBy: (gate.match(MARKER) ?? [gate])[0] };
          }
        }
      }
    }
    for (const es of this.appliedObjects(region).filter((o) => o.kind === 'ExternalSecret')) {
      const id = `${es.metadata.namespace}/${es.metadata.name}`;
      const fetched: Record<string, string> = {};
      for (const d of es.spec.data ?? []) {
        reads.push({ consumer: `${id}:${d.secretKey}`, kind: 'secret', target: d.remoteRef.key });
        fetched[d.remoteRef.property ?? d.secretKey] = d.remoteRef.key;
      }
      const template: Record<string, string> = es.spec.target?.template?.data
        ?? Object.fromEntries((es.spec.data ?? []).map((d: Json) => [d.secretKey, `{{ .${d.secretKey} }}`]));
      for (const [key, value] of Object.entries(template)) {
        // `{{ .host }}` is the master secret's own host: the writer endpoint of the cluster it is attached to.
        const expanded = value.replace(/\{\{ \.host \}\}/g, () => (fetched.host ? this.secretHost(fetched.host) ?? '«?|?|?»' : '«?|?|?»'));
        for (const marker of expanded.match(MARKER) ?? []) {
          const ref = this.ref(marker)!;
          const kind = ref.type === 'AWS::ElastiCache::ReplicationGroup' ? 'cache'
            : ref.attr === 'ReadEndpoint.Address' ? 'database-reader' : 'database-writer';
          if (ref.type === 'AWS::RDS::DBCluster' || this.isGlobalWriterEndpoint(ref) || kind === 'cache') {
            reads.push({ consumer: `${id}:${key}`, kind, target: marker });
          }
        }
      }
    }
    return reads;
  }

  /**
   * The global writer endpoint: the `GlobalEndpoint` of an `AWS::RDS::GlobalCluster`, or its
   * `Endpoint` as returned by `DescribeGlobalClusters` (an AwsCustomResource call).
   */
  public isGlobalWriterEndpoint(ref: ResourceRef): boolean {
    if (ref.type === 'AWS::RDS::GlobalCluster') return ref.attr === 'GlobalEndpoint.Address';
    if (ref.type !== 'Custom::AWS' || ref.attr !== 'GlobalClusters.0.Endpoint') return false;
    const create = JSON.stringify(this.stack(ref.stack).template.Resources[ref.logicalId].Properties.Create ?? '');
    return create.includes('describeGlobalClusters');
  }

  /** The global database's member cluster in `region`. */
  private memberCluster(region: string): ResourceRef | undefined {
    const found = this.resources('AWS::RDS::DBCluster').find(({ stack, r }) => stack.region === region && r.Properties?.GlobalClusterIdentifier !== undefined);
    return found && { stack: found.stack.name, region, logicalId: found.id, type: 'AWS::RDS::DBCluster', attr: 'Endpoint.Address' };
  }

  /** The region of the DB cluster resource a marker names. */
  private clusterRegion(ref: ResourceRef): string {
    return ref.region;
  }

  /** Where an endpoint marker resolves in `state`: the region of the instances it names, or why it names none. */
  public resolveEndpoint(marker: string, state: FailoverState): { region: string } | { unresolvable: string } {
    const ref = this.ref(marker);
    if (!ref) return { unresolvable: `'${marker}' is not an endpoint of the platform` };
    if (this.isGlobalWriterEndpoint(ref)) return { region: state.writerRegion };
    if (ref.type === 'AWS::RDS::DBCluster' && ref.attr === 'ReadEndpoint.Address') return { region: this.clusterRegion(ref) };
    if (ref.type === 'AWS::RDS::DBCluster' && ref.attr === 'Endpoint.Address') {
      const region = this.clusterRegion(ref);
      const member = this.stack(ref.stack).template.Resources[ref.logicalId].Properties.GlobalClusterIdentifier !== undefined;
      if (member && region !== state.writerRegion) {
        return { unresolvable: `the cluster endpoint of the ${region} cluster, which is inactive while ${state.writerRegion} is the writer region` };
      }
      return { region };
    }
    if (ref.type === 'AWS::ElastiCache::ReplicationGroup') return { region: ref.region };
    return { unresolvable: `${ref.type} ${ref.attr} is not a database or cache endpoint` };
  }

  /** Region pairs joined by a VPC peering or transit gateway peering in the templates. */
  public peeredRegions(): Set<string> {
    const pairs = new Set<string>();
    for (const type of ['AWS::EC2::VPCPeeringConnection', 'AWS::EC2::TransitGatewayPeeringAttachment']) {
      for (const { stack, r } of this.resources(type)) {
        const peer = r.Properties?.PeerRegion;
        if (typeof peer === 'string') pairs.add([stack.region, peer].sort().join('<>'));
      }
    }
    return pairs;
  }

  /** Whether a security group of the resource admits the EKS cluster of `client` (a region) on `port`. */
  private admitsCluster(ref: ResourceRef, port: number, client: string): boolean {
    const stack = this.stack(ref.stack);
    return Object.values<Json>(stack.template.Resources).some((r) => {
      if (r.Type !== 'AWS::EC2::SecurityGroupIngress' || r.Properties.FromPort > port || r.Properties.ToPort < port) return false;
      const source = r.Properties.SourceSecurityGroupId !== undefined ? this.ref(this.resolve(stack, r.Properties.SourceSecurityGroupId)) : undefined;
      return source?.type === 'AWS::EKS::Cluster' && source.attr === 'ClusterSecurityGroupId' && source.region === client
        && this.ownsSecurityGroup(stack, ref, r.Properties.GroupId);
    });
  }

  private ownsSecurityGroup(stack: StackModel, ref: ResourceRef, groupId: Json): boolean {
    const sg = this.ref(this.resolve(stack, groupId));
    const props = stack.template.Resources[ref.logicalId].Properties;
    const groups = JSON.stringify(props.VpcSecurityGroupIds ?? props.SecurityGroupIds ?? []);
    return !!sg && groups.includes(sg.logicalId);
  }

  /** Every read of `region`'s workloads that would fail in `state`. */
  public check(region: string, state: FailoverState): Finding[] {
    const findings: Finding[] = [];
    const secrets = this.secretsIn(region);
    const peered = this.peeredRegions();
    for (const read of this.regionReads(region)) {
      const add = (problem: string) => findings.push({ region, consumer: read.consumer, problem });
      if (read.kind === 'secret') {
        const s = secrets.get(read.target);
        if (!s) add(`secret '${read.target}' does not exist in ${region}`);
        continue;
      }
      if (read.gatedBy !== undefined) {
        const gate = this.gate(region, read.gatedBy, state);
        if ('fails' in gate) { add(gate.fails); continue; }
        if ('skips' in gate) continue; // the job exits 0 before this read
      }
      const resolved = this.resolveEndpoint(read.target, state);
      if ('unresolvable' in resolved) { add(`names ${resolved.unresolvable}`); continue; }
      const ref = this.ref(read.target)!;
      if (state.lostRegions.includes(resolved.region)) { add(`resolves to ${resolved.region}, which is lost`); continue; }
      if (resolved.region !== region && !peered.has([region, resolved.region].sort().join('<>'))) {
        add(`resolves to instances in ${resolved.region}'s VPC, with no network path from ${region}`);
        continue;
      }
      // The writer endpoint's instances are those of the writer cluster of the moment.
      const target = this.isGlobalWriterEndpoint(ref) ? this.memberCluster(resolved.region) ?? ref : ref;
      if (target.type === 'AWS::RDS::DBCluster' && !this.admitsCluster(target, 5432, region)) add(`the ${target.region} database does not admit the EKS cluster on 5432`);
      if (target.type === 'AWS::ElastiCache::ReplicationGroup' && !this.admitsCluster(target, 6379, region)) add(`the ${target.region} cache does not admit the EKS cluster on 6379`);
    }
    return findings;
  }

  /** The regions of the global database (those with a member cluster). */
  public databaseRegions(): string[] {
    return this.resources('AWS::RDS::DBCluster').filter(({ r }) => r.Properties?.GlobalClusterIdentifier !== undefined).map(({ stack }) => stack.region);
  }

  /** A writer gate in `region` asking `marker` (the region's reader endpoint) in `state`. */
  public gate(region: string, marker: string, state: FailoverState): { dumps: true } | { skips: string } | { fails: string } {
    const at = this.resolveEndpoint(marker, state);
    if ('unresolvable' in at) return { fails: `writer gate names ${at.unresolvable}` };
    if (state.lostRegions.includes(at.region)) return { fails: `writer gate asks ${at.region}, which is lost` };
    if (at.region !== region && !this.peeredRegions().has([region, at.region].sort().join('<>'))) {
      return { fails: `writer gate asks instances in ${at.region}'s VPC, with no network path from ${region}` };
    }
    const writer = gateAnswer(auroraInstanceStatus(this.databaseRegions(), state));
    if (writer === undefined) return { fails: 'writer gate finds no writer' };
    return writer === region ? { dumps: true } : { skips: `the writer is in ${writer}` };
  }

  /**
   * What the nightly dump (the jobs namespace's postgres-backup CronJob) of `region` does in
   * `state`: skips (exit 0) in a standby behind a writer gate, dumps where every read it makes
   * resolves, fails otherwise (with the first problem).
   */
  public backupOutcome(region: string, state: FailoverState): BackupOutcome {
    const job = (r: Read) => /\/postgres-backup\//.test(r.consumer);
    const reads = this.regionReads(region).filter(job);
    if (reads.length === 0) return { fails: 'no postgres-backup CronJob in the region' };
    const gated = reads.find((r) => r.gatedBy !== undefined);
    if (gated) {
      const g = this.gate(region, gated.gatedBy!, state);
      if (!('dumps' in g)) return g;
    }
    const problem = this.check(region, state).find((f) => /\/postgres-backup\//.test(f.consumer));
    return problem ? { fails: `${problem.consumer} ${problem.problem}` } : { dumps: true };
  }

  /** The secret each region's workloads read for a consumer key, with the region that created it. */
  public secretOrigin(region: string, consumer: string): string | undefined {
    const read = this.regionReads(region).find((r) => r.kind === 'secret' && r.consumer === consumer);
    if (!read) return undefined;
    const s = this.secretsIn(region).get(read.target);
    return s ? `${s.stack}/${s.logicalId}` : undefined;
  }
}
/* eslint-enable @typescript-eslint/no-explicit-any */
