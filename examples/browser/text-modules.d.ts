// What `import text from './x.txt'` gives under esbuild's text loader (examples/browser/build.mjs).
declare module '*.txt' {
  const text: string;
  export default text;
}
