export * from './github-actions-identities';
