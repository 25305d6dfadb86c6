export * from './labels';
export * from './slurs';
export * from './verdicts';
export * from './score';
export * from './comment';
export * from './review';
