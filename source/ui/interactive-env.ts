// Runs before React and Ink load (imported first by render-dashboard.ts), because both read the environment once,
// at import:
// - React picks its development build unless NODE_ENV says production; that build re-renders several times
//   slower. A host that sets NODE_ENV itself keeps its choice.
// - Ink draws only the last frame when CI (or CONTINUOUS_INTEGRATION) is set. The dashboard runs only on a real
//   terminal (dashboard-entry checks), where a live screen is the point, even inside a CI job or a shell that
//   exports CI. Tasks keep the environment as it was: dashboard-entry copies it before this runs.
process.env['NODE_ENV'] ??= 'production';
delete process.env['CI'];
delete process.env['CONTINUOUS_INTEGRATION'];
