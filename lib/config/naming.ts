/** The platform's deterministic names live in the bottom module (`lib/core/naming.ts`), which charts may import too. */
export * from '../core/naming';
