// esbuild bundles dt-sql-parser from this: its dist/ imports directories,
// which Node's ES module loader refuses.
export { TrinoSQL } from 'dt-sql-parser';
