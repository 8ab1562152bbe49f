import { createReadStream, existsSync, mkdirSync, openSync, readSync, closeSync, statSync, readFileSync, writeFileSync, rmSync } from 'node:fs'
import { join, resolve, sep } from 'node:path'
import type { FileStat, Storage } from '../ports'
import { isCloudPath } from './rules'

export const LOCAL_PREFIX = 'local:'

/**
 * Files under <dataDir>/storage, named by their cloud path. The fileId is `local:<cloud path>`;
 * clients treat it as opaque and URL-encode it. A sidecar .meta.json keeps the uploader.
 */
export class LocalStorage implements Storage {
  readonly root: string
  constructor(dataDir: string, private readonly publicBase = '') {
    this.root = resolve(dataDir, 'storage')
    mkdirSync(this.root, { recursive: true })
  }

  cloudPath(fileId: string): string | null {
    if (!fileId.startsWith(LOCAL_PREFIX)) return null
    const p = fileId.slice(LOCAL_PREFIX.length)
    return isCloudPath(p) ? p : null
  }

  /** Absolute path of a file, or null when the id is not one of ours. */
  pathOf(fileId: string): string | null {
    const cp = this.cloudPath(fileId)
    if (!cp) return null
    const abs = resolve(this.root, cp)
    return abs.startsWith(this.root + sep) ? abs : null
  }

  fileIdOf(cloudPath: string): string { return LOCAL_PREFIX + cloudPath }

  prepare(cloudPath: string): string {
    const abs = resolve(this.root, cloudPath)
    mkdirSync(join(abs, '..'), { recursive: true })
    return abs
  }

  writeMeta(cloudPath: string, meta: { uploader: string; contentType?: string }): void {
    writeFileSync(resolve(this.root, cloudPath) + '.meta.json', JSON.stringify(meta))
  }

  async stat(fileId: string): Promise<FileStat | null> {
    const p = this.pathOf(fileId)
    if (!p || !existsSync(p)) return null
    const st = statSync(p)
    let meta: { uploader?: string; contentType?: string } = {}
    try { meta = JSON.parse(readFileSync(p + '.meta.json', 'utf8')) } catch { /* no sidecar: uploader unknown */ }
    return { size: st.size, uploader: meta.uploader, contentType: meta.contentType }
  }

  async delete(fileId: string): Promise<void> {
    const p = this.pathOf(fileId)
    if (!p) return
    rmSync(p, { force: true })
    rmSync(p + '.meta.json', { force: true })
  }

  async deleteDir(area: string, dir: string): Promise<void> {
    const p = resolve(this.root, area, dir)
    if (!p.startsWith(this.root + sep) || !isCloudPath(`${area}/${dir}/x.${area === 'contest' ? 'mp4' : 'png'}`)) return
    rmSync(p, { recursive: true, force: true })
  }

  async readRange(fileId: string, start: number, endInclusive: number): Promise<Buffer> {
    const p = this.pathOf(fileId)
    if (!p) throw new Error('not a local file id')
    const len = Math.max(0, endInclusive - start + 1)
    const buf = Buffer.alloc(len)
    const fd = openSync(p, 'r')
    try {
      const n = readSync(fd, buf, 0, len, start)
      return buf.subarray(0, n)
    } finally { closeSync(fd) }
  }

  async tempUrl(fileId: string): Promise<string> {
    return `${this.publicBase}/storage/${encodeURIComponent(fileId)}`
  }

  stream(fileId: string, start?: number, end?: number) {
    const p = this.pathOf(fileId)
    if (!p) throw new Error('not a local file id')
    return createReadStream(p, { start, end })
  }
}
