import { Testing } from 'cdk8s';
import { ContractArtifacts, contractArtifactKey } from '../../../charts/lib/contract-artifacts';
import { PaymentWorkloads } from '../../../charts/payment-workloads';
import { workloadsPropsFromConfig } from '../../../lib/stacks/workloads-props';
import type { ContractArtifact } from '../../../lib/core/rules/ethereum';
import { examplePlatformConfig } from '../../../bin/example-config';
import { resolvePlatformConfig } from '../../../lib/config/resolve';
import { emptyChart, find, resolvedExample, synth } from './helpers';

const ERC20_ABI = [
  { type: 'function', name: 'transfer', stateMutability: 'nonpayable', inputs: [{ name: 'to', type: 'address' }, { name: 'value', type: 'uint256' }], outputs: [{ name: '', type: 'bool' }] },
  { type: 'function', name: 'balanceOf', stateMutability: 'view', inputs: [{ name: 'owner', type: 'address' }], outputs: [{ name: '', type: 'uint256' }] },
  { type: 'event', name: 'Transfer', anonymous: false, inputs: [{ name: 'from', type: 'address', indexed: true }, { name: 'to', type: 'address', indexed: true }, { name: 'value', type: 'uint256', indexed: false }] },
];
const USDC: ContractArtifact = { name: 'usdc', chainId: 1, address: '0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48', abi: ERC20_ABI };
const ROUTER: ContractArtifact = { name: 'payment-router', chainId: 11155111, address: '0x1f9840a85d5af5bf1d1762f925bdaddc4201f984', abi: [{ type: 'function', name: 'pay', inputs: [] }] };

const render = (artifacts?: ContractArtifact[]) => {
  const chart = emptyChart();
  new ContractArtifacts(chart, 'C', { namespace: 'verypay-api', artifacts });
  return find(synth(chart), 'ConfigMap', 'contract-artifacts', 'verypay-api');
};

describe('contract artifacts', () => {
  test('one file per chain and contract plus an index, sorted by chain then name', () => {
    const cm = render([ROUTER, USDC]);
    expect(Object.keys(cm.data).sort()).toEqual(['1-usdc.json', '11155111-payment-router.json', 'index.json']);
    expect(JSON.parse(cm.data['index.json'])).toEqual([
      { name: 'usdc', chainId: 1, address: USDC.address, file: '1-usdc.json' },
      { name: 'payment-router', chainId: 11155111, address: ROUTER.address, file: '11155111-payment-router.json' },
    ]);
    expect(JSON.parse(cm.data['1-usdc.json'])).toEqual({ name: 'usdc', chainId: 1, address: USDC.address, abi: ERC20_ABI });
    expect(contractArtifactKey(ROUTER)).toBe('11155111-payment-router.json');
  });

  test('without artifacts the ConfigMap still exists with an empty index (payment-service starts)', () => {
    expect(render().data).toEqual({ 'index.json': '[]\n' });
  });

  test('the default platform creates the ConfigMap payment-service mounts; the configuration\'s artifacts reach it', () => {
    const objects = synth(new PaymentWorkloads(Testing.app(), 'w', { ...workloadsPropsFromConfig(resolvedExample(), 'eu-west-1'), contractArtifacts: [USDC] }));
    const pay = find(objects, 'Deployment', 'payment-service', 'verypay-api').spec.template.spec;
    const volume = pay.volumes.find((v: { configMap?: { name: string } }) => v.configMap?.name === 'contract-artifacts');
    expect(volume).toBeDefined();
    expect(pay.containers[0].volumeMounts).toContainEqual({ name: volume.name, mountPath: '/app/contracts', readOnly: true });
    expect(JSON.parse(find(objects, 'ConfigMap', 'contract-artifacts', 'verypay-api').data['index.json'])).toHaveLength(1);
    expect(find(synth(new PaymentWorkloads(Testing.app(), 'd', workloadsPropsFromConfig(resolvedExample(), 'us-east-1'))), 'ConfigMap', 'contract-artifacts', 'verypay-api').data)
      .toEqual({ 'index.json': '[]\n' });
  });

  test.each([
    ['an address without 0x', { address: 'A0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48' }, 'contractArtifacts[0].address', "'0x' followed by 40 hexadecimal digits"],
    ['an address of 39 hex digits', { address: '0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB4' }, 'contractArtifacts[0].address', "'0x' followed by 40 hexadecimal digits"],
    ['a non-hex address', { address: '0xZ0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48' }, 'contractArtifacts[0].address', "'0x' followed by 40 hexadecimal digits"],
    ['the zero address', { address: `0x${'0'.repeat(40)}` }, 'contractArtifacts[0].address', 'is the zero address'],
    ['chain id 0', { chainId: 0 }, 'contractArtifacts[0].chainId', 'positive integer EIP-155 chain id'],
    ['a fractional chain id', { chainId: 1.5 }, 'contractArtifacts[0].chainId', 'positive integer EIP-155 chain id'],
    ['a chain id as a string', { chainId: '1' as unknown as number }, 'contractArtifacts[0].chainId', 'positive integer EIP-155 chain id'],
    ['an upper-case name', { name: 'USDC' }, 'contractArtifacts[0].name', "lowercase letters, digits, '-' or '_'"],
    ['an empty ABI', { abi: [] }, 'contractArtifacts[0].abi', 'non-empty JSON array'],
    ['an ABI entry of unknown type', { abi: [{ type: 'method', name: 'x' }] }, 'contractArtifacts[0].abi', 'entry 0 has type "method"'],
    ['a function without a name', { abi: [{ type: 'function', inputs: [] }] }, 'contractArtifacts[0].abi', 'entry 0 (function) has no name'],
  ])('fails on %s, naming the field', (_, change, field, message) => {
    expect(() => render([{ ...USDC, ...change } as ContractArtifact])).toThrow(new RegExp(`${field.replace(/[[\]]/g, '\\$&')}: .*${message.replace(/[()[\]]/g, '\\$&')}`));
  });

  test('fails on a contract named twice on one chain (the same name on two chains is fine)', () => {
    expect(() => render([USDC, { ...USDC, address: ROUTER.address }])).toThrow('contractArtifacts[1].name: repeats contractArtifacts[0] on chain 1; each contract name appears once per chain');
    expect(() => render([USDC, { ...USDC, chainId: 137 }])).not.toThrow();
  });

  test('the configuration setting `contractArtifacts` is rendered into every region\'s ConfigMap', () => {
    const config = resolvePlatformConfig({ ...examplePlatformConfig, contractArtifacts: [USDC, ROUTER] as never });
    expect(config.contractArtifacts).toEqual([USDC, ROUTER]);
    expect(resolvedExample().contractArtifacts).toEqual([]);
    for (const { region } of config.regions) {
      const cm = find(synth(new PaymentWorkloads(Testing.app(), region, workloadsPropsFromConfig(config, region))), 'ConfigMap', 'contract-artifacts', 'verypay-api');
      expect(JSON.parse(cm.data['index.json']).map((e: { file: string }) => e.file)).toEqual(['1-usdc.json', '11155111-payment-router.json']);
      expect(JSON.parse(cm.data['11155111-payment-router.json']).address).toBe(ROUTER.address);
    }
  });

  test('fails when the chart gets artifacts without the blockchain (nothing would mount them)', () => {
    const props = { ...workloadsPropsFromConfig(resolvedExample(), 'us-east-1'), blockchain: false, contractArtifacts: [USDC] };
    const secretNames = { ...props.secretNames, blockchainProviderUrl: undefined };
    expect(() => new PaymentWorkloads(Testing.app(), 'w', { ...props, secretNames })).toThrow('contractArtifacts are set but blockchain is false');
    expect(() => new PaymentWorkloads(Testing.app(), 'w2', { ...props, secretNames, contractArtifacts: [] })).not.toThrow();
  });

  test('fails when the artifacts exceed what a ConfigMap holds', () => {
    const big = Array.from({ length: 12000 }, (_, i) => ({ type: 'function', name: `f${i}`, inputs: [{ name: 'a', type: 'uint256' }], outputs: [] }));
    expect(() => render([{ ...USDC, abi: big }])).toThrow(/contractArtifacts: renders to \d+ bytes, more than a ConfigMap holds \(1 MiB\)/);
  });

});
