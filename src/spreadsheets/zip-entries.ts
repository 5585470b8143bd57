/** One file inside a zip, as its central directory declares it. */
export interface ZipEntry {
  name: string;
  compressedSize: number;
  uncompressedSize: number;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;

/**
 * The entries a zip declares in its central directory, read without inflating anything (an XLSX is a zip). Returns
 * undefined when the bytes are not a zip this reader can trust: no end record, a directory outside the file, or a
 * ZIP64 archive (whose sizes need not fit the plain fields, and which no workbook within the body limit needs).
 */
export function zipEntries(buf: Buffer): ZipEntry[] | undefined {
  let end = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === EOCD) {
      end = i;
      break;
    }
  }
  if (end < 0) return undefined;
  const count = buf.readUInt16LE(end + 10);
  const size = buf.readUInt32LE(end + 12);
  const offset = buf.readUInt32LE(end + 16);
  if (count === 0xffff || size === 0xffffffff || offset === 0xffffffff || offset + size > end) return undefined;
  const entries: ZipEntry[] = [];
  for (let p = offset, i = 0; i < count; i++) {
    if (p + 46 > end || buf.readUInt32LE(p) !== CENTRAL) return undefined;
    const compressedSize = buf.readUInt32LE(p + 20);
    const uncompressedSize = buf.readUInt32LE(p + 24);
    if (compressedSize === 0xffffffff || uncompressedSize === 0xffffffff) return undefined;
    const nameLength = buf.readUInt16LE(p + 28);
    const next = p + 46 + nameLength + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
    if (next > end) return undefined;
    entries.push({ name: buf.toString('utf8', p + 46, p + 46 + nameLength), compressedSize, uncompressedSize });
    p = next;
  }
  return entries;
}
