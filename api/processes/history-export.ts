import type { TimelineEntry } from '../../domain/process-history';

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

/** A self-contained, printable HTML page of a process timeline (print it to PDF from any browser). */
export function historyHtml(doc: HistoryDocument): string {
  const rows = doc.entries
    .map(
      (e, i) =>
        `<tr><td class="n">${i + 1}</td><td class="t">${escapeHtml(e.at.replace('T', ' ').replace('Z', ' UTC'))}</td><td>${escapeHtml(e.actor)}</td><td>${escapeHtml(e.text)}</td><td class="src">${escapeHtml(e.source)} · ${escapeHtml(e.kind)} · ${escapeHtml(e.ref)}</td></tr>`,
    )
    .join('\n');
  const meta: [string, string | null][] = [
    ['Process', doc.workflowId],
    ['Type', [doc.processType, doc.workflowType].filter(Boolean).join(' / ') || null],
    ['Status', doc.status],
    ['Started', doc.startedAt],
    ['Closed', doc.closedAt],
    ['Sources', doc.source],
    ['Exported', `${doc.generatedAt} by ${doc.generatedBy}`],
  ];
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Process history ${escapeHtml(doc.workflowId)}</title>
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
<h1>SafeLoop — process history</h1>
<dl>${meta.map(([k, v]) => `<dt>${k}</dt><dd>${escapeHtml(v ?? '—')}</dd>`).join('')}${doc.temporalUiUrl ? `<dt>Temporal UI</dt><dd><a href="${escapeHtml(doc.temporalUiUrl)}">${escapeHtml(doc.temporalUiUrl)}</a></dd>` : ''}</dl>
<table><thead><tr><th>#</th><th>When</th><th>Who</th><th>What</th><th>Source</th></tr></thead>
<tbody>
${rows}
</tbody></table>
</body></html>
`;
}
