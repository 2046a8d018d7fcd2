import * as iam from 'aws-cdk-lib/aws-iam';

/** The brokers' TLS port for clients authenticated by a certificate (Amazon MSK mutual TLS). */
export const KAFKA_TLS_PORT = 9094;

/** An ACM Private CA ARN: `arn:aws:acm-pca:<region>:<account>:certificate-authority/<uuid>`. */
export const PRIVATE_CA_ARN = /^arn:aws[a-z-]*:acm-pca:([a-z]{2}(?:-[a-z]+)+-\d):(\d{12}):certificate-authority\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * The only certificate template a Kafka client may ask the CA for: an end-entity certificate with
 * the TLS client-authentication extended key usage. Without this condition `IssueCertificate`
 * would also sign subordinate CA certificates (`SubordinateCACertificate_PathLen0/V1`), and a
 * client holding one could mint certificates for anyone.
 */
export const CLIENT_CERTIFICATE_TEMPLATE = 'arn:aws:acm-pca:::template/EndEntityClientAuthCertificate/V1';

/**
 * What a service that declared streaming may do on the region's Private CA to obtain its client
 * certificate: `IssueCertificate` from its own CSR with the client-authentication template only,
 * and `GetCertificate` to fetch the signed certificate and its chain. Nothing else: no revocation,
 * no CA certificate, no other CA, no import, no permission changes.
 */
export function privateCaClientStatements(certificateAuthorityArn: string): iam.PolicyStatement[] {
  return [
    new iam.PolicyStatement({
      sid: 'IssueClientCertificate',
      actions: ['acm-pca:IssueCertificate'],
      resources: [certificateAuthorityArn],
      conditions: { StringEquals: { 'acm-pca:TemplateArn': CLIENT_CERTIFICATE_TEMPLATE } },
    }),
    new iam.PolicyStatement({
      sid: 'GetClientCertificate',
      actions: ['acm-pca:GetCertificate'],
      resources: [certificateAuthorityArn],
    }),
  ];
}
