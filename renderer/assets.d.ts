// esbuild bundles CSS imported from TSX into dist/renderer/app.css; the import itself has no value.
declare module '*.css';
