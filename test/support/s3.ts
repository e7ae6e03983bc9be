import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import S3rver from 's3rver';

/** s3rver's own fixed credentials: it checks request signatures against them. */
export const S3RVER_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
export const TEST_BUCKET = 'foyer-test';

export interface RunningS3 {
  endpoint: string;
  /** Where s3rver keeps the objects, as files. */
  directory: string;
  /** The FOYER_* variables that point the app at this server (with its own key prefix). */
  env(prefix: string): Record<string, string>;
  stop(): Promise<void>;
}

/** An S3-compatible server over real HTTP on 127.0.0.1 (port 0), objects in a temporary directory. */
export async function startS3(): Promise<RunningS3> {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'foyer-s3rver-'));
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: [{ name: TEST_BUCKET }] });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    endpoint,
    directory,
    env: (prefix) => ({
      FOYER_STORAGE: 's3',
      FOYER_S3_ENDPOINT: endpoint,
      FOYER_S3_BUCKET: TEST_BUCKET,
      FOYER_S3_REGION: 'us-east-1',
      FOYER_S3_ACCESS_KEY_ID: S3RVER_CREDENTIALS.accessKeyId,
      FOYER_S3_SECRET_ACCESS_KEY: S3RVER_CREDENTIALS.secretAccessKey,
      FOYER_S3_FORCE_PATH_STYLE: 'true',
      FOYER_S3_PREFIX: prefix,
    }),
    async stop() {
      await server.close();
      fs.rmSync(directory, { recursive: true, force: true });
    },
  };
}
