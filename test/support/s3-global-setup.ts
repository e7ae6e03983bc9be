import { startS3, TEST_BUCKET } from './s3.ts';

/** `npm run test:s3`: one s3rver for the run; every test app stores its blobs there (see app.ts). */
export default async function setup() {
  const s3 = await startS3();
  process.env.TEST_S3_ENDPOINT = s3.endpoint;
  process.env.TEST_S3_BUCKET = TEST_BUCKET;
  process.env.TEST_S3_DIRECTORY = s3.directory;
  return () => s3.stop();
}
