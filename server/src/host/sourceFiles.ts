// Which folders the CLI and the server's workspace scan never enter: dependencies, build output, VCS.

const SKIPPED_DIRECTORIES = new Set(['node_modules', 'dist', 'build', 'out', 'coverage', '.git', '.next', '.turbo']);

/** Is this folder (by name) one to leave out: dependencies, build output, or any dot-folder? */
export function isSkippedDirectory(name: string): boolean {
  return SKIPPED_DIRECTORIES.has(name) || name.startsWith('.');
}
