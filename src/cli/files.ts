import { readFileSync, statSync } from 'node:fs';
import { CoreError, type Text } from '../core/index.js';

/** Why a path cannot be read, in words, from the error code the file system gave. */
function reason(error: unknown): Text {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return { zh: '不存在', en: 'it does not exist' };
    case 'EACCES':
    case 'EPERM':
      return { zh: '没有读取权限', en: 'permission denied' };
    case 'EISDIR':
      return { zh: '这是目录，不是文件', en: 'it is a folder, not a file' };
    case 'ENOTDIR':
      return { zh: '路径中有一段不是目录', en: 'a part of the path is not a folder' };
    default:
      return { zh: `读取出错（${code ?? String(error)}）`, en: `read error (${code ?? String(error)})` };
  }
}

/** A file's text, or an error that says which file (`what`, e.g. the facts file) and why it cannot be read. */
export function readText(file: string, what: Text): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const why = reason(error);
    throw new CoreError('fileUnreadable', { zh: `无法读取${what.zh} ${file}：${why.zh}`, en: `cannot read the ${what.en} ${file}: ${why.en}` });
  }
}

/** A file's JSON, or an error naming the file and the parse problem. */
export function readJson(file: string, what: Text): unknown {
  const text = readText(file, what);
  try {
    return JSON.parse(text);
  } catch (error) {
    const problem = (error as Error).message;
    throw new CoreError('fileInvalid', { zh: `${what.zh} ${file} 不是有效的 JSON：${problem}`, en: `the ${what.en} ${file} is not valid JSON: ${problem}` });
  }
}

/** Checks that `dir` is a folder that can be read; else an error naming it and why. */
export function requireDir(dir: string, what: Text): string {
  let isDir: boolean;
  try {
    isDir = statSync(dir).isDirectory();
  } catch (error) {
    const why = reason(error);
    throw new CoreError('folderUnreadable', { zh: `无法读取${what.zh} ${dir}：${why.zh}`, en: `cannot read the ${what.en} ${dir}: ${why.en}` });
  }
  if (!isDir) throw new CoreError('notAFolder', { zh: `${what.zh} ${dir} 不是目录`, en: `the ${what.en} ${dir} is not a folder` });
  return dir;
}

/** One agency as the CLI reads it from a file. */
export interface AgencyInput {
  id?: string;
  name?: string;
  category?: string;
  facts: unknown;
}

/**
 * An agency in a file, in either shape: `{id?, name?, category, facts}`, or the API's two request bodies
 * `{agency: {name, category, …}, submission: {period, facts}}` as the example agencies in test/examples/ hold them.
 * Undefined when `data` is neither (then it is a plain facts object).
 */
export function agencyInput(data: unknown): AgencyInput | undefined {
  const d = data as { id?: unknown; name?: unknown; category?: unknown; facts?: unknown; agency?: { name?: unknown; category?: unknown }; submission?: { facts?: unknown } };
  if (!d || typeof d !== 'object') return undefined;
  const text = (x: unknown) => (typeof x === 'string' ? x : undefined);
  if (d.agency && typeof d.agency === 'object' && d.submission && typeof d.submission.facts === 'object') {
    return { name: text(d.agency.name), category: text(d.agency.category), facts: d.submission.facts };
  }
  if (typeof d.facts === 'object' && typeof d.category === 'string') return { id: d.id === undefined ? undefined : String(d.id), name: text(d.name), category: d.category, facts: d.facts };
  return undefined;
}

/** Whether `path` is a folder (false when it is a file); an error naming it when it cannot be read at all. */
export function isFolder(path: string, what: Text): boolean {
  try {
    return statSync(path).isDirectory();
  } catch (error) {
    const why = reason(error);
    throw new CoreError('fileUnreadable', { zh: `无法读取${what.zh} ${path}：${why.zh}`, en: `cannot read the ${what.en} ${path}: ${why.en}` });
  }
}
