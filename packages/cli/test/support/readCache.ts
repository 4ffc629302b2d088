import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface CacheFile {
  path: string;
  clientId: string;
  clientSecret: string;
  accessToken: string | null;
}

/** Paths of the credentials files (not lock or temp files) under a config dir. */
export async function credentialFiles(configDir: string): Promise<string[]> {
  const dir = join(configDir, 'credentials');
  const names = await readdir(dir).catch(() => [] as string[]);
  return names.filter((name) => name.endsWith('.json')).map((name) => join(dir, name));
}

/** Reads the one credentials file under `configDir` (fileStore envelope → core record) to learn the secrets. */
export async function readOnlyCache(configDir: string): Promise<CacheFile> {
  const files = await credentialFiles(configDir);
  if (files.length !== 1) throw new Error(`expected one credentials file, found ${files.length}`);
  const path = files[0]!;
  const envelope = JSON.parse(await readFile(path, 'utf8')) as { value: string | null };
  if (envelope.value === null) throw new Error('the credentials file holds a tombstone');
  const record = JSON.parse(envelope.value) as {
    credentials: { clientId: string; clientSecret: string };
    token: { accessToken: string } | null;
  };
  return {
    path,
    clientId: record.credentials.clientId,
    clientSecret: record.credentials.clientSecret,
    accessToken: record.token?.accessToken ?? null,
  };
}
