import type { z } from 'zod';
import type { ResolvedPlatformConfig } from './resolve';
import type { securityBaselineSchema } from './schema-security';

/** The account security baseline, as configured (types inferred from `schema-security.ts`). */
export type SecurityBaselineConfig = z.input<typeof securityBaselineSchema>;

/** Who provides the account security baseline. */
export type SecurityBaselineMode = NonNullable<SecurityBaselineConfig['mode']>;

/** A vault in a separate backup account that every recovery point is copied to. */
export type BackupAccountConfig = NonNullable<SecurityBaselineConfig['backupAccount']>;

/** The security baseline after resolution. */
export type ResolvedSecurityBaselineConfig = ResolvedPlatformConfig['securityBaseline'];
