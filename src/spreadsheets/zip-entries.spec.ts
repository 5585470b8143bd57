import { describe, expect, it } from '@jest/globals';
import JSZip from 'jszip';
import { zipEntries } from './zip-entries.js';

describe('zip entries from the central directory', () => {
  it('lists names and declared sizes without inflating', async () => {
    const zip = new JSZip();
    zip.file('xl/workbook.xml', 'x'.repeat(10000));
    zip.file('a.txt', 'hello');
    const buf = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
    const entries = zipEntries(buf)!;
    expect(entries.map((e) => [e.name, e.uncompressedSize])).toEqual([['xl/', 0], ['xl/workbook.xml', 10000], ['a.txt', 5]]);
    expect(entries[1].compressedSize).toBeLessThan(200);
  });

  it('answers undefined for bytes that are not a zip, or a cut one', async () => {
    expect(zipEntries(Buffer.from('not a zip at all, just text'))).toBeUndefined();
    expect(zipEntries(Buffer.alloc(0))).toBeUndefined();
    const zip = new JSZip();
    zip.file('a.txt', 'hello');
    const buf = await zip.generateAsync({ type: 'nodebuffer' });
    expect(zipEntries(buf.subarray(0, buf.length - 30))).toBeUndefined();
  });
});
