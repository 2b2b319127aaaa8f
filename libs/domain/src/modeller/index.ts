export * from './step-edits';
export * from './model-diff';
export * from './form-preview';
