import { randomUUID } from 'node:crypto';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { KefuError, MAX_UPLOAD_BYTES, NotFoundError, PayloadTooLargeError, ValidationError, uploadImageTypes } from '@kefu/shared';

type ImageType = (typeof uploadImageTypes)[number];

const extensions: Record<ImageType, string> = { 'image/png': 'png', 'image/jpeg': 'jpg', 'image/webp': 'webp' };
const contentTypes: Record<string, ImageType> = { png: 'image/png', jpg: 'image/jpeg', webp: 'image/webp' };

/**
 * The bytes must be what the header claims: a shopper-supplied Content-Type alone would let any
 * file be served back from our origin as an "image".
 */
function looksLike(type: ImageType, bytes: Buffer): boolean {
  if (type === 'image/png') return bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  if (type === 'image/jpeg') return bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
  return bytes.subarray(0, 4).toString('latin1') === 'RIFF' && bytes.subarray(8, 12).toString('latin1') === 'WEBP';
}

const uploadsDir = (dataDir: string, tenantId: number) => join(dataDir, 'uploads', String(tenantId));
export const uploadUrl = (tenantId: number, uploadId: string) => `/api/web/uploads/${tenantId}/${uploadId}`;

/** Checks and stores one shopper image under the tenant's own folder of the data dir. */
export async function storeUpload(dataDir: string, tenantId: number, type: ImageType, bytes: Buffer): Promise<{ uploadId: string; url: string }> {
  if (bytes.length === 0) throw new ValidationError('the request body is empty: send the image bytes');
  // The body parser already caps this path; kept so the limit holds whoever calls this.
  if (bytes.length > MAX_UPLOAD_BYTES) throw new PayloadTooLargeError(MAX_UPLOAD_BYTES);
  if (!looksLike(type, bytes)) throw new KefuError(415, 'unsupported_media_type', `the bytes are not a ${type} image`);
  const uploadId = `${randomUUID()}.${extensions[type]}`;
  const dir = uploadsDir(dataDir, tenantId);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, uploadId), bytes, { flag: 'wx' });
  return { uploadId, url: uploadUrl(tenantId, uploadId) };
}

/** Throws 404 unless this tenant holds the upload (ids are checked by the route's schema, so no path tricks reach here). */
export async function assertUploadExists(dataDir: string, tenantId: number, uploadId: string): Promise<void> {
  const found = await stat(join(uploadsDir(dataDir, tenantId), uploadId)).catch(() => null);
  if (!found?.isFile()) throw new NotFoundError(`no upload "${uploadId}" for this merchant`);
}

export async function readUpload(dataDir: string, tenantId: number, uploadId: string): Promise<{ bytes: Buffer; contentType: ImageType }> {
  await assertUploadExists(dataDir, tenantId, uploadId);
  const bytes = await readFile(join(uploadsDir(dataDir, tenantId), uploadId));
  return { bytes, contentType: contentTypes[uploadId.slice(uploadId.lastIndexOf('.') + 1)] };
}
