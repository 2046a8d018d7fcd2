import type * as CdkNag from 'cdk-nag';
import type { ModuleLoader } from './cfn-guard';

const load: ModuleLoader = require;

/**
 * cdk-nag, loaded on first use: a synth without its packs (`-c gates=none`, or only
 * `cfn-validation`) does not pay for loading its ~600 rule modules (about 0.25 s and 20 MB).
 */
export function cdkNag(): typeof CdkNag {
  return load('cdk-nag') as typeof CdkNag;
}
