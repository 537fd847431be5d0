// React picks its development build unless NODE_ENV says production; the development build re-renders
// several times slower. Imported first by render-dashboard.ts so it runs before React is loaded. A host that
// sets NODE_ENV itself keeps its choice.
process.env['NODE_ENV'] ??= 'production';
