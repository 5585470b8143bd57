/**
 * `npm run bench:stall`: what hostile uploads cost everyone else. Against a running instance (a child process on a
 * fresh SQLite file), sends at once three 1 MB XLSX bombs (5.6 million tiny rows each) and one oversized preview
 * (60,000 unknown facts), while a client pings /health/live every 20 ms. Prints each bad request's status and time,
 * then a last JSON line: healthP99Ms (p99 of the pings during the attack) and peakRssMiB (the server's VmHWM).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { deflateRawSync } from 'node:zlib';
import JSZip from 'jszip';
import { freePort, waitReady } from './server.js';

const KEY = 'bench-assessor-key-0001';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
// STALL_ROWS=2000000 makes bombs that inflate to less than XLSX_MAX_UNCOMPRESSED_BYTES, so that they pass the zip's
// directory and are inflated and read on the worker threads (their cells carry no references, which exceljs refuses
// once it reaches them: 400 notAWorkbook)
const ROWS = Number(process.env.STALL_ROWS ?? 5_600_000);

/**
 * A valid XLSX whose one sheet holds `rows` tiny rows. The sheet's XML (about 30 bytes a row) is deflated here with
 * zlib at level 9; the rest of the package is what any workbook has.
 */
async function bomb(rows: number): Promise<Buffer> {
  // a little randomness a row (mostly 1s, some 2s) keeps the file near 1 MB, as the reported bombs were
  const rowOf = [Buffer.from('<row><c><v>1</v></c></row>'), Buffer.from('<row><c><v>2</v></c></row>')];
  const row = rowOf[0];
  const head = Buffer.from('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>');
  const tail = Buffer.from('</sheetData></worksheet>');
  const body = Buffer.alloc(row.length * rows);
  for (let i = 0; i < rows; i++) rowOf[Math.random() < 0.85 ? 0 : 1].copy(body, i * row.length);
  const sheet = Buffer.concat([head, body, tail]);
  const zip = new JSZip();
  zip.file('[Content_Types].xml', '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>');
  zip.file('_rels/.rels', '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>');
  zip.file('xl/workbook.xml', '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="platform" sheetId="1" r:id="rId1"/></sheets></workbook>');
  zip.file('xl/_rels/workbook.xml.rels', '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>');
  // stored as given: the deflated bytes below are put in place of the STORE'd placeholder
  zip.file('xl/worksheets/sheet1.xml', Buffer.alloc(0));
  const shell = await zip.generateAsync({ type: 'nodebuffer', compression: 'STORE' });
  return withDeflatedEntry(shell, 'xl/worksheets/sheet1.xml', sheet);
}

/** Rebuilds a STORE'd zip with one empty entry replaced by `content`, deflated (jszip's pako is too slow for 150 MB). */
function withDeflatedEntry(shell: Buffer, name: string, content: Buffer): Buffer {
  const deflated = deflateRawSync(content, { level: 9 });
  const crc = crc32(content);
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  // walk the central directory of the shell and re-emit every entry
  const eocd = shell.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = shell.readUInt16LE(eocd + 10);
  let p = shell.readUInt32LE(eocd + 16);
  for (let i = 0; i < count; i++) {
    const nameLength = shell.readUInt16LE(p + 28);
    const extra = shell.readUInt16LE(p + 30);
    const comment = shell.readUInt16LE(p + 32);
    const entryName = shell.toString('utf8', p + 46, p + 46 + nameLength);
    const localAt = shell.readUInt32LE(p + 42);
    const localNameLength = shell.readUInt16LE(localAt + 26);
    const localExtra = shell.readUInt16LE(localAt + 28);
    const size = shell.readUInt32LE(p + 20);
    const dataAt = localAt + 30 + localNameLength + localExtra;
    const isTarget = entryName === name;
    const data = isTarget ? deflated : shell.subarray(dataAt, dataAt + size);
    const local = Buffer.from(shell.subarray(localAt, dataAt));
    const central = Buffer.from(shell.subarray(p, p + 46 + nameLength + extra + comment));
    if (isTarget) {
      for (const [h, base] of [[local, 0], [central, 2]] as const) {
        h.writeUInt16LE(8, base + 8); // deflate
        h.writeUInt32LE(crc, base + 14);
        h.writeUInt32LE(deflated.length, base + 18);
        h.writeUInt32LE(content.length, base + 22);
      }
      local.writeUInt16LE(local.readUInt16LE(6) & ~0x8, 6);
      central.writeUInt16LE(central.readUInt16LE(8) & ~0x8, 8);
    }
    central.writeUInt32LE(offset, 42);
    locals.push(local, data);
    centrals.push(central);
    offset += local.length + data.length;
    p += 46 + nameLength + extra + comment;
  }
  const dir = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(count, 8);
  end.writeUInt16LE(count, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dir, end]);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (let i = 0; i < buf.length; i++) c = CRC_TABLE[(c ^ buf[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** GET /health/live every 20 ms until told to stop; answers the latencies in ms. */
const PINGER = `
const { parentPort, workerData } = require('node:worker_threads');
let on = true;
parentPort.once('message', () => (on = false));
(async () => {
  const out = [];
  // its own first requests load fetch on this thread: not counted
  for (let i = 0; i < 5; i++) await fetch(workerData.url + '/health/live').then((r) => r.arrayBuffer());
  parentPort.postMessage('ready');
  while (on) {
    const t = performance.now();
    await fetch(workerData.url + '/health/live').then((r) => r.arrayBuffer());
    out.push(performance.now() - t);
    await new Promise((r) => setTimeout(r, 20));
  }
  parentPort.postMessage(out);
})();
`;

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};

/** The server's peak resident set (VmHWM), threads included, in MiB. */
function peakRssMiB(pid: number): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : NaN;
}

// Made before the server starts, so that building them does not count against it.
const bombs = await Promise.all([0, 1, 2].map(() => bomb(ROWS)));
const preview = JSON.stringify({ category: 'platform', facts: Object.fromEntries(Array.from({ length: 60000 }, (_, i) => [`f${i}`, 1])) });
console.log(`3 bombs of ${(bombs[0].length / 1048576).toFixed(2)} MiB (${ROWS.toLocaleString('en')} rows each); preview body ${(preview.length / 1024).toFixed(0)} KiB`);

const dir = mkdtempSync(join(tmpdir(), 'sme-bench-stall-'));
const port = await freePort();
const url = `http://127.0.0.1:${port}`;
const child = spawn(process.execPath, [join(import.meta.dirname, '..', 'src', 'main.js')], {
  env: { ...process.env, PORT: String(port), SQLITE_PATH: join(dir, 'bench.sqlite'), API_KEYS: `bench:assessor:${KEY}`, LOG_LEVEL: 'warn', RULES_WATCH: 'false' },
  stdio: ['ignore', 'inherit', 'inherit'],
});
try {
  await waitReady(url, 30);
  // warm: the first requests of a fresh process compile code paths every later request shares
  for (let i = 0; i < 20; i++) await fetch(`${url}/health/live`).then((r) => r.arrayBuffer());
  // the pings run on a thread of their own, so that sending the uploads does not delay them on this side
  const pinger = new Worker(PINGER, { eval: true, workerData: { url } });
  await new Promise((r) => pinger.once('message', r));
  const pings = new Promise<number[]>((resolve) => pinger.once('message', resolve));
  await new Promise((r) => setTimeout(r, 100));
  const t0 = performance.now();
  const timed = async (label: string, send: () => Promise<Response>) => {
    const res = await send();
    const body = (await res.json()) as { code?: string };
    return { label, status: res.status, code: body.code, ms: Math.round(performance.now() - t0) };
  };
  const only = process.env.STALL_ONLY;
  const results = await Promise.all([
    ...(only === 'preview' ? [] : bombs).map((b, i) => timed(`bomb ${i + 1}`, () => fetch(`${url}/spreadsheets/facts`, { method: 'POST', headers: { 'x-api-key': KEY, 'content-type': XLSX }, body: b }))),
    ...(only === 'bombs' ? [] : [0]).map(() => timed('preview', () => fetch(`${url}/evaluations/preview`, { method: 'POST', headers: { 'x-api-key': KEY, 'content-type': 'application/json' }, body: preview }))),
  ]);
  await new Promise((r) => setTimeout(r, 500));
  pinger.postMessage('stop');
  const latencies = await pings;
  for (const [at, ms] of latencies.map((ms, i) => [i, ms])) if (ms > 50) console.log(`  slow ping #${at}: ${Math.round(ms)} ms`);
  for (const r of results) console.log(`  ${r.label.padEnd(8)} ${r.status} ${r.code} after ${r.ms} ms`);
  const out = {
    healthP99Ms: Math.round(percentile(latencies, 99) * 10) / 10,
    healthMaxMs: Math.round(Math.max(...latencies) * 10) / 10,
    pings: latencies.length,
    peakRssMiB: peakRssMiB(child.pid!),
    statuses: results.map((r) => r.status),
    allRefused4xx: results.every((r) => r.status >= 400 && r.status < 500),
  };
  console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`);
  console.log(JSON.stringify(out));
} finally {
  child.kill();
  rmSync(dir, { recursive: true, force: true });
}
