// Ingest of article files and folders. A bad file is skipped with a one-line warning naming it;
// the rest of the folder is still ingested.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { z } from 'zod';
import type { NewDocument } from '../domain.js';
import { errorMessage } from '../errors.js';
import { buildArticle } from './article.js';
import { MetadataSchema, parseHtml, parseJson, parseText, type RawArticle } from './formats.js';

export const ARTICLE_EXTENSIONS = new Set(['.txt', '.md', '.markdown', '.html', '.htm', '.json']);
/** Per-folder metadata for files that carry none: { "file.txt": { "source": "…", … } }. */
export const METADATA_FILE = 'metadata.json';
const MAX_FILE_BYTES = 5 * 1024 * 1024;

export interface FileWarning {
  file: string;
  reason: string;
}

export interface ReadResult {
  documents: NewDocument[];
  warnings: FileWarning[];
}

const FolderMetadata = z.record(z.string(), MetadataSchema.extend({ note: z.string().optional() }));

function decode(file: string): string {
  const size = statSync(file).size;
  if (size === 0) throw new Error('empty file');
  if (size > MAX_FILE_BYTES) throw new Error(`too large (${(size / 1048576).toFixed(1)} MB; limit 5 MB)`);
  const bytes = readFileSync(file);
  if (bytes.subarray(0, 8192).includes(0)) throw new Error('binary file');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new Error('not UTF-8 text');
  }
  if (!text.trim()) throw new Error('empty file');
  return text;
}

function parseFile(file: string, content: string): RawArticle[] {
  switch (extname(file).toLowerCase()) {
    case '.html':
    case '.htm':
      return [parseHtml(content)];
    case '.json':
      return parseJson(content);
    default:
      return [parseText(content)];
  }
}

function readFolderMetadata(dir: string, warnings: FileWarning[]): z.infer<typeof FolderMetadata> {
  const path = join(dir, METADATA_FILE);
  try {
    statSync(path);
  } catch {
    return {};
  }
  try {
    return FolderMetadata.parse(JSON.parse(readFileSync(path, 'utf8')));
  } catch (e) {
    warnings.push({ file: path, reason: `metadata ignored: ${errorMessage(e).split('\n')[0]}` });
    return {};
  }
}

function readOne(file: string, extra: z.infer<typeof MetadataSchema> | undefined, out: ReadResult): void {
  try {
    const articles = parseFile(file, decode(file));
    const fallbackSource = basename(file, extname(file));
    articles.forEach((a, i) => {
      const meta = { ...a.meta, ...Object.fromEntries(Object.entries(extra ?? {}).filter(([, v]) => v !== undefined)) };
      const where = articles.length > 1 ? `${file}#${i}` : file;
      try {
        out.documents.push(buildArticle(a.text, { ...meta, publishedAt: meta.publishedAt ?? extra?.date }, fallbackSource, where));
      } catch (e) {
        out.warnings.push({ file: where, reason: errorMessage(e) });
      }
    });
  } catch (e) {
    out.warnings.push({ file, reason: errorMessage(e) });
  }
}

/** An article file found by listArticleFiles, with what its folder's metadata.json says about it. */
export interface ArticleFile {
  path: string;
  meta?: z.infer<typeof MetadataSchema>;
}

/**
 * The article files under `paths` (folders recursively, sorted; hidden files skipped), without reading them, so a
 * caller can read them in batches and report progress; files with other extensions are warnings.
 */
export function listArticleFiles(paths: readonly string[]): { files: ArticleFile[]; warnings: FileWarning[] } {
  const files: ArticleFile[] = [];
  const warnings: FileWarning[] = [];
  const visit = (path: string, meta?: z.infer<typeof MetadataSchema>): void => {
    let stat;
    try {
      stat = statSync(path);
    } catch (e) {
      warnings.push({ file: path, reason: `unreadable: ${errorMessage(e)}` });
      return;
    }
    if (stat.isDirectory()) {
      const folderMeta = readFolderMetadata(path, warnings);
      for (const name of readdirSync(path).sort()) {
        if (name.startsWith('.') || name === METADATA_FILE) continue;
        const child = join(path, name);
        if (statSync(child).isDirectory() || ARTICLE_EXTENSIONS.has(extname(name).toLowerCase())) visit(child, folderMeta[name]);
        else warnings.push({ file: child, reason: `skipped: not an article file (${[...ARTICLE_EXTENSIONS].join(', ')})` });
      }
    } else {
      files.push(meta ? { path, meta } : { path });
    }
  };
  for (const p of paths) visit(p);
  return { files, warnings };
}

/** Reads and parses listed files; a bad file is a warning, the rest are read. */
export function readArticleFiles(files: readonly ArticleFile[]): ReadResult {
  const out: ReadResult = { documents: [], warnings: [] };
  for (const f of files) readOne(f.path, f.meta, out);
  return out;
}

/** Reads articles from files and folders (recursively; hidden files and unknown extensions skipped). */
export function readArticles(paths: readonly string[]): ReadResult {
  const { files, warnings } = listArticleFiles(paths);
  const read = readArticleFiles(files);
  return { documents: read.documents, warnings: [...warnings, ...read.warnings] };
}
