import type { TimelineEntry } from '../../domain/process-history';
import type { Language } from '../../domain/texts/catalog';
import { formatTime, renderText } from '../../domain/texts/render';
import { text, type TextParam } from '../../domain/texts/text';
import type { MessageKey } from '../../domain/texts/catalog';

export interface HistoryDocument {
  workflowId: string;
  workflowType: string | null;
  processType: string | null;
  status: string;
  startedAt: string | null;
  closedAt: string | null;
  source: string;
  temporalUiUrl: string | null;
  entries: TimelineEntry[];
  generatedAt: string;
  generatedBy: string;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/**
 * A self-contained, printable HTML page of a process timeline (print it to PDF from any browser),
 * in the reader's language with times on the organisation's clock (to the second: it is a record);
 * `people` names the exporting user.
 */
export function historyHtml(doc: HistoryDocument, reader: { language: Language; timeZone: string; people?: ReadonlyMap<string, string> }): string {
  const say = (key: MessageKey, params?: Record<string, TextParam>) => renderText(text(key, params), reader.language, { timeZone: reader.timeZone });
  const time = (iso: string | null) =>
    iso ? `${formatTime(iso, reader.language, reader.timeZone)}:${String(new Date(iso).getUTCSeconds()).padStart(2, '0')}` : null;
  const rows = doc.entries
    .map(
      (e, i) =>
        `<tr><td class="n">${i + 1}</td><td class="t">${escapeHtml(time(e.at)!)}</td><td>${escapeHtml(reader.people?.get(e.actor) ?? e.actor)}</td><td>${escapeHtml(e.text)}</td><td class="src">${escapeHtml(e.source)} · ${escapeHtml(e.kind)} · ${escapeHtml(e.ref)}</td></tr>`,
    )
    .join('\n');
  const meta: [string, string | null][] = [
    [say('history.export.process'), doc.workflowId],
    [say('history.export.type'), [doc.processType, doc.workflowType].filter(Boolean).join(' / ') || null],
    [say('history.export.status'), doc.status],
    [say('history.export.started'), time(doc.startedAt)],
    [say('history.export.closed'), time(doc.closedAt)],
    [say('history.export.sources'), doc.source],
    [
      say('history.export.exported'),
      say('history.export.exported_by', { at: time(doc.generatedAt)!, by: reader.people?.get(doc.generatedBy) ?? doc.generatedBy }),
    ],
  ];
  return `<!doctype html>
<html lang="${reader.language}"><head><meta charset="utf-8"><title>${escapeHtml(say('history.export.page_title', { id: doc.workflowId }))}</title>
<style>
body{font:13px/1.45 system-ui,-apple-system,"Segoe UI","Noto Sans SC",sans-serif;margin:24px;color:#222}
h1{font-size:20px;margin:0 0 12px}
dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 16px;margin:0 0 16px}
dt{color:#666}dd{margin:0}
table{border-collapse:collapse;width:100%}
th,td{border-bottom:1px solid #ddd;padding:4px 6px;text-align:left;vertical-align:top}
th{background:#f4f6f8}
td.n{color:#888;width:2em}td.t{white-space:nowrap}td.src{color:#888;font-size:11px}
@media print{body{margin:0}a{color:inherit;text-decoration:none}tr{page-break-inside:avoid}}
</style></head><body>
<h1>${escapeHtml(say('history.export.title'))}</h1>
<dl>${meta.map(([k, v]) => `<dt>${k}</dt><dd>${escapeHtml(v ?? '—')}</dd>`).join('')}${doc.temporalUiUrl ? `<dt>Temporal UI</dt><dd><a href="${escapeHtml(doc.temporalUiUrl)}">${escapeHtml(doc.temporalUiUrl)}</a></dd>` : ''}</dl>
<table><thead><tr>${(['number', 'when', 'who', 'what', 'source'] as const).map((k) => `<th>${escapeHtml(say(`history.export.${k}`))}</th>`).join('')}</tr></thead>
<tbody>
${rows}
</tbody></table>
</body></html>
`;
}
