import ExcelJS from 'exceljs';
import { ImportFileError } from './import-file-error';

/** Every worksheet of an .xlsx as rows of display text (formulas as their cached result, dates as shown). */
export async function readXlsx(bytes: Buffer, maxRows: number): Promise<{ name: string; rows: string[][] }[]> {
  const workbook = new ExcelJS.Workbook();
  try {
    // exceljs's typings predate Node's generic Buffer; the bytes are passed through unchanged.
    await workbook.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  } catch (error) {
    throw new ImportFileError(`not a readable .xlsx workbook (${(error as Error).message})`);
  }
  return workbook.worksheets.map((sheet) => {
    const rows: string[][] = [];
    sheet.eachRow({ includeEmpty: false }, (row) => {
      if (rows.length > maxRows) return;
      const cells: string[] = [];
      row.eachCell({ includeEmpty: true }, (cell, column) => {
        cells[column - 1] = cell.text ?? '';
      });
      rows.push(Array.from(cells, (c) => c ?? ''));
    });
    return { name: sheet.name, rows };
  });
}
