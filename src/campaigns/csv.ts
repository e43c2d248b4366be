/** RFC 4180 CSV, small: what a spreadsheet exports, and what the export writes. */

/** Rows of fields; quoted fields may hold commas, quotes ("") and line breaks. Throws on an unclosed quote. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  const source = text.replace(/^\uFEFF/, '');
  while (i < source.length) {
    const char = source[i] as string;
    if (quoted) {
      if (char === '"' && source[i + 1] === '"') { field += '"'; i += 2; continue; }
      if (char === '"') { quoted = false; i += 1; continue; }
      field += char;
      i += 1;
      continue;
    }
    if (char === '"' && field === '') { quoted = true; i += 1; continue; }
    if (char === ',') { row.push(field); field = ''; i += 1; continue; }
    if (char === '\r' || char === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i += char === '\r' && source[i + 1] === '\n' ? 2 : 1;
      continue;
    }
    field += char;
    i += 1;
  }
  if (quoted) throw new Error(`line ${rows.length + 1}: a quoted field is not closed (a " is missing)`);
  if (field !== '' || row.length > 0) { row.push(field); rows.push(row); }
  return rows.filter((r) => !(r.length === 1 && r[0]?.trim() === ''));
}

/** One CSV line; fields with a comma, quote or line break are quoted; a leading = + - @ is defused for spreadsheets. */
export function csvLine(fields: readonly (string | number | undefined)[]): string {
  return fields.map((value) => {
    let text = value === undefined ? '' : String(value);
    if (/^[=+\-@]/.test(text) && !/^\+\d+$/.test(text)) text = `'${text}`;
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  }).join(',');
}
