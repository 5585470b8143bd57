import { describe, expect, test } from '@jest/globals';
import ExcelJS from 'exceljs';
import { addFactSheets, readFactSheets, type FactRow } from '../src/spreadsheets/fact-workbook.js';
import { allExamples, shippedStandard } from './support/standard.js';

const CATEGORIES = ['comprehensive', 'professional', 'platform', 'other'];
const examples = allExamples();

async function roundTrip(wb: ExcelJS.Workbook): Promise<ExcelJS.Workbook> {
  const again = new ExcelJS.Workbook();
  await again.xlsx.load((await wb.xlsx.writeBuffer()) as ArrayBuffer);
  return again;
}

describe('fact sheets', () => {
  const dictionary = shippedStandard().criteria.facts;
  const categories = CATEGORIES.map((id) => ({ id, name: { zh: id, en: id } }));

  test('every example agency written to its category sheet reads back as the same facts', async () => {
    const rows: Record<string, FactRow[]> = {};
    examples.forEach((ex, i) => (rows[ex.category] ??= []).push({ creditCode: `91320500000000${String(i).padStart(3, '0')}MA`.slice(0, 18), period: '2024', facts: ex.facts }));
    const wb = new ExcelJS.Workbook();
    addFactSheets(wb, dictionary, categories, rows);
    const { rows: read, errors } = readFactSheets(await roundTrip(wb), dictionary, CATEGORIES);
    expect(errors).toEqual([]);
    expect(read).toHaveLength(examples.length);
    for (const r of read) {
      const original = rows[r.sheet].find((x) => x.creditCode === r.creditCode)!;
      expect(r.facts).toEqual(original.facts);
    }
  });

  test('the template has labels in both languages, hints and a validation on every fact column', async () => {
    const wb = new ExcelJS.Workbook();
    addFactSheets(wb, dictionary, categories);
    const ws = (await roundTrip(wb)).getWorksheet('platform')!;
    expect(ws.getRow(1).getCell(3).value).toBe('independentLegalPerson');
    expect(ws.getRow(2).getCell(3).value).toBe(`${dictionary.facts.independentLegalPerson.label.zh} *`);
    expect(ws.getRow(3).getCell(3).value).toBe(`${dictionary.facts.independentLegalPerson.label.en} *`);
    const staff = (ws.getRow(1).values as unknown[]).indexOf('staffTotal');
    expect(String(ws.getRow(4).getCell(staff).value)).toMatch(/整数 0–/);
    const reach = ws.getCell(5, (ws.getRow(1).values as unknown[]).indexOf('geographicReach')).dataValidation;
    expect(reach?.type).toBe('list');
    expect(ws.getCell(5, staff).dataValidation?.type).toBe('whole');
  });

  test('bad cells: every one reported with its sheet, row and column', async () => {
    const wb = new ExcelJS.Workbook();
    addFactSheets(wb, dictionary, categories, { platform: [{ creditCode: '91320500000000001A', period: '2024', facts: { staffTotal: 10 } }] });
    const ws = wb.getWorksheet('platform')!;
    const col = (id: string) => ws.getColumn((ws.getRow(1).values as unknown[]).indexOf(id)).letter;
    ws.getCell(`${col('staffTotal')}5`).value = 'many';
    ws.getCell(`${col('independentLegalPerson')}5`).value = 'perhaps';
    ws.getCell(`${col('geographicReach')}5`).value = 'galactic';
    ws.getCell(`${col('serviceChannels')}5`).value = 'hotline, pigeon';
    ws.getCell(`${col('ratingTeamwork')}5`).value = 7;
    ws.getCell(`${col('honours')}5`).value = '全国先进 | planet | 2023';
    ws.getCell('B6').value = 'last year';
    ws.getCell('A6').value = 'short';
    ws.getCell(`${col('staffTotal')}6`).value = 3.5;
    const { errors, rows } = readFactSheets(await roundTrip(wb), dictionary, CATEGORIES);
    expect(rows).toHaveLength(2);
    expect(errors.map((e) => `${e.sheet}!${e.column}${e.row} ${e.field}`).sort()).toEqual(
      [
        `platform!${col('staffTotal')}5 staffTotal`,
        `platform!${col('independentLegalPerson')}5 independentLegalPerson`,
        `platform!${col('geographicReach')}5 geographicReach`,
        `platform!${col('serviceChannels')}5 serviceChannels`,
        `platform!${col('ratingTeamwork')}5 ratingTeamwork`,
        `platform!${col('honours')}5 honours`,
        'platform!A6 creditCode',
        'platform!B6 period',
        `platform!${col('staffTotal')}6 staffTotal`,
      ].sort(),
    );
    expect(errors.find((e) => e.field === 'serviceChannels')?.message.en).toMatch(/pigeon/);
  });
});
