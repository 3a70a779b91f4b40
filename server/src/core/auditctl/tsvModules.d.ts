// esbuild bundles the project's .tsv data files as text (see build.mjs).
declare module '*.tsv' {
  const text: string;
  export default text;
}
