import { summarize } from '../../scripts/bench/stats';
import { criticalPath, dependencyGraph, dependsOn } from '../../scripts/bench/critical-path';

describe('benchmark statistics', () => {
  test('median of odd and even sample counts, with spread', () => {
    expect(summarize([3, 1, 2])).toEqual({ median: 2, min: 1, max: 3, runs: 3 });
    expect(summarize([4, 1, 3, 2])).toEqual({ median: 2.5, min: 1, max: 4, runs: 4 });
  });

  test('fails when there are no samples', () => {
    expect(() => summarize([])).toThrow(/no samples/);
  });
});

describe('deploy critical path', () => {
  const resources = {
    Vpc: { Type: 'AWS::EC2::VPC' },
    Nat: { Type: 'AWS::EC2::NatGateway', Properties: { SubnetId: { Ref: 'Vpc' } } },
    Cluster: { Type: 'AWS::EKS::Cluster', Properties: { Vpc: { 'Fn::GetAtt': ['Vpc', 'VpcId'] } } },
    Nodes: { Type: 'AWS::EKS::Nodegroup', DependsOn: 'Nat', Properties: { ClusterName: { Ref: 'Cluster' } } },
    Db: { Type: 'AWS::RDS::DBCluster', Properties: { Name: { 'Fn::Sub': '${Vpc}-db' } } },
  };

  test('follows DependsOn, Ref, GetAtt and Sub references', () => {
    const g = dependencyGraph(resources);
    expect([...g.get('Nodes')!].sort()).toEqual(['Cluster', 'Nat']);
    expect([...g.get('Db')!]).toEqual(['Vpc']);
    expect([...g.get('Cluster')!]).toEqual(['Vpc']);
  });

  test('the longest weighted chain is VPC → EKS cluster → node group', () => {
    const cp = criticalPath(resources);
    expect(cp.chain).toEqual(['Vpc', 'Cluster', 'Nodes']);
    expect(cp.seconds).toBe(15 + 900 + 300);
  });

  test('data tier and cluster are independent when no path joins them', () => {
    const g = dependencyGraph(resources);
    expect(dependsOn(g, 'Cluster', 'Db')).toBe(false);
    expect(dependsOn(g, 'Nodes', 'Vpc')).toBe(true);
  });

  test('fails on a dependency cycle', () => {
    expect(() => criticalPath({ A: { Type: 'X', DependsOn: 'B' }, B: { Type: 'X', DependsOn: 'A' } })).toThrow(/cycle/);
  });
});
