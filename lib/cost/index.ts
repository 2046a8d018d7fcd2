export * from './estimate';
export * from './price-table';
export * from './usage';
export * from './assembly';
export * from './report';
export * from './command';
export * from './security-baseline';
