import type { EnvReader } from './env-reader.ts';

/** Where blobs live: files under the data directory, or an S3-compatible bucket. */
export type StorageConfig =
  | { kind: 'fs' }
  | {
      kind: 's3';
      /** Null: the AWS endpoint of the region. */
      endpoint: string | null;
      bucket: string;
      region: string;
      accessKeyId: string;
      secretAccessKey: string;
      /** `https://endpoint/bucket/key` rather than `https://bucket.endpoint/key` (MinIO, Garage, s3rver…). */
      forcePathStyle: boolean;
      /** Prepended to every object key (`''`, or `foyer/` to share a bucket). */
      keyPrefix: string;
    };

const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const KEY_PREFIX = /^([A-Za-z0-9][A-Za-z0-9._-]{0,63}\/){1,4}$/;

export function readStorageConfig(read: EnvReader): StorageConfig {
  const kind = read.oneOf('FOYER_STORAGE', 'fs', ['fs', 's3'] as const);
  if (kind === 'fs') return { kind };
  const required = (name: string): string => {
    const value = read.raw(name);
    if (value === undefined) read.problem(name, 'is required with FOYER_STORAGE=s3');
    return value ?? '';
  };
  const endpoint = read.raw('FOYER_S3_ENDPOINT') === undefined ? null : read.url('FOYER_S3_ENDPOINT', '', ['http:', 'https:']);
  const bucket = required('FOYER_S3_BUCKET');
  if (bucket && !BUCKET.test(bucket)) read.problem('FOYER_S3_BUCKET', 'is not a valid bucket name (3 to 63 lower-case letters, digits, dots and hyphens)');
  const region = read.string('FOYER_S3_REGION', 'us-east-1');
  if (!/^[a-z0-9-]{2,32}$/.test(region)) read.problem('FOYER_S3_REGION', `is not a region name, got "${region}"`);
  const keyPrefix = read.string('FOYER_S3_PREFIX', '');
  if (keyPrefix && !KEY_PREFIX.test(keyPrefix)) read.problem('FOYER_S3_PREFIX', 'must be one to four path segments, each followed by "/" (e.g. foyer/)');
  return {
    kind,
    endpoint: endpoint || null,
    bucket,
    region,
    accessKeyId: required('FOYER_S3_ACCESS_KEY_ID'),
    secretAccessKey: required('FOYER_S3_SECRET_ACCESS_KEY'),
    forcePathStyle: read.flag('FOYER_S3_FORCE_PATH_STYLE', false),
    keyPrefix,
  };
}
