import { promises as fs } from 'node:fs';
import { join, relative } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { loadStack, type StackFragment, type StackOptions, type StackVerdict } from '#domain';

/** A stack's files: the one named, or every .yaml/.yml file of a directory (sorted, not recursive). */
async function stackFiles(path: string): Promise<string[]> {
  const stat = await fs.stat(path).catch(() => undefined);
  if (!stat) throw new Error(`${path} does not exist`);
  if (!stat.isDirectory()) return [path];
  const names = (await fs.readdir(path)).filter((n) => /\.ya?ml$/.test(n)).sort();
  if (!names.length) throw new Error(`${path} holds no .yaml or .yml file`);
  return names.map((n) => join(path, n));
}

/** Reads and validates a stack; YAML syntax errors and schema problems come back with file, line and path. */
export async function readStack(path: string, options: StackOptions): Promise<StackVerdict> {
  const fragments: StackFragment[] = [];
  const problems = [];
  for (const file of await stackFiles(path)) {
    const source = relative(process.cwd(), file) || file;
    const text = await fs.readFile(file, 'utf8');
    for (const doc of parseAllDocuments(text, { prettyErrors: true })) {
      if (doc.errors.length) {
        problems.push(...doc.errors.map((e) => ({ path: '', source, message: e.message })));
        continue;
      }
      fragments.push({ source, document: doc.toJS() });
    }
  }
  if (problems.length) return { ok: false, problems };
  return loadStack(fragments, options);
}
