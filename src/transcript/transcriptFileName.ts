import { sha256Hex } from '../core/canonical.ts';

/** File names `import` never gives a transcript: the labels file lives beside the transcripts. */
const RESERVED = new Set(['labels']);
const MAX_STEM = 120;

/**
 * A safe, visible file name for the transcript with this id: letters, digits,
 * `_`, `-` and single inner dots only; no leading dot (a hidden file), no
 * path separators or `..` (a file outside the folder). When making it safe
 * changed the id (or it is reserved, or too long), 8 hex digits of the
 * SHA-256 of the original id are appended, so two ids that sanitise alike
 * ("a/b", "a:b") still get different names. The transcript keeps its
 * original id inside. `disambiguate` appends the hash whatever the id (for
 * ids that differ only in case, which clash on case-insensitive file systems).
 *
 * @example transcriptFileName('rate-limiter')   // 'rate-limiter.json'
 * @example transcriptFileName('../../etc/evil') // 'etc_evil-<8 hex>.json'
 */
export function transcriptFileName(id: string, disambiguate = false): string {
  const stem = id
    .replace(/[^\w.-]+/g, '_')
    .replace(/\.{2,}/g, '_')
    .replace(/_{2,}/g, '_')
    .replace(/^[._-]+|[._-]+$/g, '')
    .slice(0, MAX_STEM);
  if (stem === id && !disambiguate && !RESERVED.has(stem.toLowerCase())) return `${id}.json`;
  return `${stem || 'trace'}-${sha256Hex(id).slice(0, 8)}.json`;
}

/**
 * File names for a batch of transcript ids, one per id, all different even
 * on a case-insensitive file system: ids whose names differ only in case get
 * the hash suffix.
 */
export function transcriptFileNames(ids: readonly string[]): string[] {
  const plain = ids.map((id) => transcriptFileName(id));
  const count = new Map<string, number>();
  for (const name of plain) count.set(name.toLowerCase(), (count.get(name.toLowerCase()) ?? 0) + 1);
  return ids.map((id, i) => (count.get(plain[i]!.toLowerCase())! > 1 ? transcriptFileName(id, true) : plain[i]!));
}
