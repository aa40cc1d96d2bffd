// esbuild bundles the stylesheet the webview imports into dist/spanMap.css.
declare module '*.css';
