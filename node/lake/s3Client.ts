import { createHash, createHmac } from 'node:crypto';

/** Where an S3 lake lives and who signs for it. */
export interface S3Location {
  /** e.g. http://127.0.0.1:9000 (path-style addressing: endpoint/bucket/key). */
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
}

/** RFC 3986 encoding of one URI segment, as SigV4 wants it. */
function encodeSegment(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
}

function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data).digest();
}

/** Decode the five XML entities in a ListObjectsV2 answer. */
function xmlText(text: string): string {
  return text.replace(/&(lt|gt|quot|apos|amp);/g, (_match, name: string) => ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' })[name] ?? '');
}

/**
 * A tiny S3 client (PUT, GET, DELETE, ListObjectsV2) signed with AWS Signature V4 over node:crypto
 * and fetch: DuckDB's httpfs extension is downloaded at first use, which an offline ingest host
 * cannot do, so `lake publish` writes parts locally and uploads them with this.
 */
export class S3Client {
  constructor(private readonly location: S3Location) {}

  /** Credentials from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (AWS_REGION, default us-east-1). */
  static fromEnv(endpoint: string, bucket: string, env: NodeJS.ProcessEnv = process.env): S3Client {
    const accessKeyId = env.AWS_ACCESS_KEY_ID;
    const secretAccessKey = env.AWS_SECRET_ACCESS_KEY;
    if (!accessKeyId || !secretAccessKey) throw new Error('an s3:// lake needs AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the environment');
    return new S3Client({ endpoint, bucket, region: env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1', accessKeyId, secretAccessKey });
  }

  /** Store an object; resolves to its ETag. */
  async put(key: string, body: Uint8Array): Promise<string> {
    const response = await this.request('PUT', key, {}, body);
    return response.headers.get('etag') ?? '';
  }

  /** An object's bytes, or null when there is none. */
  async get(key: string): Promise<Uint8Array | null> {
    const response = await this.request('GET', key, {}, undefined, [404]);
    return response.status === 404 ? null : new Uint8Array(await response.arrayBuffer());
  }

  /** Remove an object (no error when it is already gone). */
  async delete(key: string): Promise<void> {
    await this.request('DELETE', key, {}, undefined, [404]);
  }

  /** Every object under a prefix with its ETag, across continuation pages. */
  async list(prefix: string): Promise<{ key: string; etag: string }[]> {
    const objects: { key: string; etag: string }[] = [];
    let token: string | undefined;
    do {
      const query: Record<string, string> = { 'list-type': '2', prefix };
      if (token) query['continuation-token'] = token;
      const xml = await (await this.request('GET', '', query)).text();
      for (const match of xml.matchAll(/<Contents>([\s\S]*?)<\/Contents>/g)) {
        const body = match[1] ?? '';
        objects.push({ key: xmlText(/<Key>([\s\S]*?)<\/Key>/.exec(body)?.[1] ?? ''), etag: xmlText(/<ETag>([\s\S]*?)<\/ETag>/.exec(body)?.[1] ?? '') });
      }
      token = /<IsTruncated>true<\/IsTruncated>/.test(xml) ? xmlText(/<NextContinuationToken>([\s\S]*?)<\/NextContinuationToken>/.exec(xml)?.[1] ?? '') : undefined;
    } while (token);
    return objects;
  }

  private async request(method: string, key: string, query: Record<string, string>, body?: Uint8Array, allowed: number[] = []): Promise<Response> {
    const { endpoint, bucket, region, accessKeyId, secretAccessKey } = this.location;
    const base = new URL(endpoint);
    const path = `${base.pathname.replace(/\/$/, '')}/${encodeSegment(bucket)}${key ? `/${key.split('/').map(encodeSegment).join('/')}` : ''}`;
    const canonicalQuery = Object.keys(query).sort().map((name) => `${encodeSegment(name)}=${encodeSegment(query[name] ?? '')}`).join('&');
    const amzDate = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
    const day = amzDate.slice(0, 8);
    const payloadHash = sha256Hex(body ?? '');
    const headers: Record<string, string> = { host: base.host, 'x-amz-content-sha256': payloadHash, 'x-amz-date': amzDate };
    const signedHeaders = Object.keys(headers).sort().join(';');
    const canonicalHeaders = Object.keys(headers).sort().map((name) => `${name}:${headers[name]}\n`).join('');
    const canonicalRequest = [method, path, canonicalQuery, canonicalHeaders, signedHeaders, payloadHash].join('\n');
    const scope = `${day}/${region}/s3/aws4_request`;
    const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256Hex(canonicalRequest)].join('\n');
    const signingKey = hmac(hmac(hmac(hmac(`AWS4${secretAccessKey}`, day), region), 's3'), 'aws4_request');
    const signature = createHmac('sha256', signingKey).update(stringToSign).digest('hex');
    const authorization = `AWS4-HMAC-SHA256 Credential=${accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
    const url = `${base.protocol}//${base.host}${path}${canonicalQuery ? `?${canonicalQuery}` : ''}`;
    const { host: _host, ...sent } = headers;
    const response = await fetch(url, { method, headers: { ...sent, authorization }, body: body ? new Uint8Array(body) : undefined });
    if (!response.ok && !allowed.includes(response.status)) {
      throw new Error(`S3 ${method} ${bucket}/${key}: HTTP ${response.status} ${(await response.text()).slice(0, 300)}`);
    }
    return response;
  }
}
