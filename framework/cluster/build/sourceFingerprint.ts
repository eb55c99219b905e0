// What a local source tree is, for caching a build of it: a git checkout by its HEAD plus its uncommitted changes
// (tracked diffs and untracked files), any other directory by the content of every file in it. A change to the
// source changes the fingerprint, so the build is redone; an unchanged tree reuses the cached binary.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join, relative } from 'node:path';

export interface SourceFingerprint {
  /** sha256 over what the build reads (hex). */
  readonly hash: string;
  /** For people: "abc123def456" or "abc123def456-dirty" (git), "content-0123abcd4567" (no git). */
  readonly version: string;
  /** How the fingerprint was taken, for reports. */
  readonly basis: string;
}

function git(dir: string, args: readonly string[]): Buffer {
  return execFileSync('git', ['-C', dir, ...args], { stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 30 });
}

function isGitRoot(dir: string): boolean {
  try {
    // Only the checkout's own root: a source tree copied into some other repository is fingerprinted by content.
    return git(dir, ['rev-parse', '--show-toplevel']).toString().trim() === dir;
  } catch {
    return false;
  }
}

function gitFingerprint(dir: string): SourceFingerprint {
  const head = git(dir, ['rev-parse', 'HEAD']).toString().trim();
  const hash = createHash('sha256').update(head).update('\0');
  hash.update(git(dir, ['diff', 'HEAD', '--binary']));
  const untracked = git(dir, ['ls-files', '--others', '--exclude-standard', '-z']).toString().split('\0').filter(Boolean).sort();
  for (const file of untracked) hash.update(`\0${file}\0`).update(readFileSync(join(dir, file)));
  const dirty = git(dir, ['status', '--porcelain']).length > 0;
  return {
    hash: hash.digest('hex'),
    version: `${head.slice(0, 12)}${dirty ? '-dirty' : ''}`,
    basis: dirty ? `git ${head.slice(0, 12)} with uncommitted changes` : `git ${head.slice(0, 12)}`,
  };
}

function contentFingerprint(dir: string): SourceFingerprint {
  const hash = createHash('sha256');
  const files = readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => (entry.isFile() || entry.isSymbolicLink()) && !relative(dir, entry.parentPath).split('/').includes('.git'))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
  for (const file of files) {
    hash.update(`\0${relative(dir, file)}\0`);
    try {
      hash.update(readFileSync(file));
    } catch {
      hash.update(`link:${readlinkSync(file)}`); // a dangling symbolic link
    }
  }
  const hex = hash.digest('hex');
  return { hash: hex, version: `content-${hex.slice(0, 12)}`, basis: `content of ${files.length} files, sha256 ${hex.slice(0, 12)}` };
}

export function sourceFingerprint(dir: string): SourceFingerprint {
  return isGitRoot(dir) ? gitFingerprint(dir) : contentFingerprint(dir);
}
