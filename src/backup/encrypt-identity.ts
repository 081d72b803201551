/**
 * Reading an age identity file (what `age-keygen` writes: `# created:` / `# public key:` comments
 * and one `AGE-SECRET-KEY-1…` line; several keys allowed). Every message names the file and at
 * most a line number — never the key or any other line of the file.
 */
import { readFile } from 'node:fs/promises';
import { ConfigError } from '../errors/index.js';
import { AGE_MAGIC, ARMOR_BEGIN } from './encrypt-header.js';

export async function readAgeIdentities(file: string): Promise<string[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new ConfigError(`age identity file ${file} cannot be read (${code ?? 'error'})`, { hint: code === 'ENOENT' ? 'pass the file age-keygen wrote, with --identity' : undefined });
  }
  return parseAgeIdentities(text, file);
}

export function parseAgeIdentities(text: string, file: string): string[] {
  if (text.startsWith(AGE_MAGIC) || text.startsWith(ARMOR_BEGIN)) {
    throw new ConfigError(`age identity file ${file} is itself encrypted (a passphrase-protected identity); decrypt it with \`age -d\` to a private file first`);
  }
  if (text.includes('-----BEGIN OPENSSH PRIVATE KEY-----') || text.includes('PRIVATE KEY-----')) {
    throw new ConfigError(`${file} is an SSH/PEM private key; plat decrypts with age X25519 identities only (AGE-SECRET-KEY-1…, from age-keygen)`);
  }
  const keys: string[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    if (/^AGE-SECRET-KEY-(PQ-)?1[0-9A-Z]+$/.test(line)) keys.push(line);
    else if (line.startsWith('AGE-PLUGIN-')) throw new ConfigError(`${file}:${i + 1}: age plugin identities are not supported by plat; use the age CLI with its plugin`);
    else throw new ConfigError(`${file}:${i + 1}: not an age identity line (expected AGE-SECRET-KEY-1…)`);
  });
  if (!keys.length) throw new ConfigError(`age identity file ${file} holds no identity (AGE-SECRET-KEY-1…)`);
  return keys;
}
