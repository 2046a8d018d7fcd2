/**
 * The benchmark's peer: the same shape as the example platform, built with EKS Blueprints
 * (`npm run bench` installs the pinned release into a scratch directory and runs this file there
 * with that directory's CDK CLI). Three regions, each with a VPC, an EKS cluster, the four node
 * groups of the example (same instance types and sizes), seven add-ons, and the same four
 * workloads (api-gateway, payment-service, geth + Lighthouse, the backup CronJobs), applied
 * through the kubectl provider from the manifests `cdk8s synth` writes for that region
 * (`workloads-<region>.json`, written by the benchmark next to this file).
 *
 * Plain JavaScript, so the peer pays no transpiler: its best case.
 */
'use strict';
const fs = require('fs');
const path = require('path');
const cdk = require('aws-cdk-lib');
const ec2 = require('aws-cdk-lib/aws-ec2');
const eks = require('aws-cdk-lib/aws-eks');
const blueprints = require('@aws-quickstart/eks-blueprints');

const ACCOUNT = '123456789012';
const REGIONS = [
  { region: 'us-east-1', cidr: '10.0.0.0/16' },
  { region: 'eu-west-1', cidr: '10.1.0.0/16' },
  { region: 'ap-southeast-1', cidr: '10.2.0.0/16' },
];
const NODE_GROUPS = [
  { id: 'system', instanceType: 't3.medium', minSize: 2, maxSize: 5, desiredSize: 3, diskSize: 50 },
  { id: 'payments', instanceType: 'm5.xlarge', minSize: 2, maxSize: 10, desiredSize: 3, diskSize: 100 },
  { id: 'worker', instanceType: 'c5.2xlarge', minSize: 3, maxSize: 20, desiredSize: 5, diskSize: 200 },
  { id: 'blockchain', instanceType: 'm5.4xlarge', minSize: 2, maxSize: 5, desiredSize: 2, diskSize: 500 },
];
const version = eks.KubernetesVersion.of('1.34');

const app = new cdk.App();
for (const { region, cidr } of REGIONS) {
  const id = `Peer-${region}`;
  const stack = blueprints.EksBlueprint.builder()
    .account(ACCOUNT)
    .region(region)
    .version(version)
    .resourceProvider(blueprints.GlobalResources.Vpc, new blueprints.VpcProvider(undefined, { primaryCidr: cidr }))
    .clusterProvider(new blueprints.GenericClusterProvider({
      version,
      managedNodeGroups: NODE_GROUPS.map((g) => ({
        id: g.id,
        instanceTypes: [new ec2.InstanceType(g.instanceType)],
        minSize: g.minSize,
        maxSize: g.maxSize,
        desiredSize: g.desiredSize,
        diskSize: g.diskSize,
        labels: { role: g.id },
      })),
    }))
    .addOns(
      new blueprints.addons.VpcCniAddOn({ version: 'v1.21.1-eksbuild.3' }),
      new blueprints.addons.CoreDnsAddOn('v1.13.2-eksbuild.1'),
      new blueprints.addons.EbsCsiDriverAddOn({ version: 'v1.57.1-eksbuild.1' }),
      new blueprints.addons.AwsLoadBalancerControllerAddOn(),
      new blueprints.addons.ExternalsSecretsAddOn(),
      new blueprints.addons.ClusterAutoScalerAddOn(),
      new blueprints.addons.MetricsServerAddOn(),
    )
    .build(app, id);
  const cluster = stack.getClusterInfo().cluster;
  const manifests = JSON.parse(fs.readFileSync(path.join(__dirname, `workloads-${region}.json`), 'utf8'));
  cluster.addManifest('Workloads', ...manifests);
}
app.synth();
